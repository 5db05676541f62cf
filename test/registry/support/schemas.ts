// Subgraph SDLs for registry tests: the example graph's, and small teams' subgraphs that compose with anything.
import { EXAMPLE_SUBGRAPH_NAMES, readExampleSdl } from '../../../examples/subgraphs/schemas.ts';
import type { Registry } from '../../../src/registry/index.ts';

export const FEDERATION_LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable"])';

/** A team's own subgraph: one root field per entry of `fields`, named `<team>_<field>`. */
export function teamSdl(team: string, fields: readonly string[] = ['status']): string {
  return `${FEDERATION_LINK}\n\ntype Query {\n${fields.map((field) => `  ${team}_${field}: String`).join('\n')}\n}\n`;
}

export function exampleSubgraphs(urlFor: (name: string) => string = (name) => `http://127.0.0.1:9/${name}`) {
  return EXAMPLE_SUBGRAPH_NAMES.map((name) => ({ name, url: urlFor(name), sdl: readExampleSdl(name) }));
}

/** A registry holding the example graph as version 1. */
export async function seedExampleGraph(registry: Registry): Promise<void> {
  await registry.seed(exampleSubgraphs(), 'test seed');
}

/** The SDL without field `field` (its line, and the description just above it); the name must be unique in the SDL. */
export function withoutField(sdl: string, field: string): string {
  const pattern = new RegExp(`(\\n\\s*"[^"\\n]*")?\\n\\s*${field}\\s*[:(][^\\n]*`);
  if (!pattern.test(sdl)) throw new Error(`the test SDL has no field "${field}" any more`);
  return sdl.replace(pattern, '');
}

export const accountsSdl = readExampleSdl('accounts');
export const accountsWithoutEmail = withoutField(accountsSdl, 'email');
