// A cost known when the document is analysed (a number) or only when the request's variables are
// known (a function of them). Combining two numbers gives a number, so the part of an operation's cost
// that no variable touches is computed once per document; a request evaluates only the rest.

export type VariableValues = Readonly<Record<string, unknown>>;
export type Amount = number | ((variables: VariableValues) => number);

export function evaluate(amount: Amount, variables: VariableValues): number {
  return typeof amount === 'number' ? amount : amount(variables);
}

export function sum(amounts: readonly Amount[]): Amount {
  let constant = 0;
  const dynamic: ((variables: VariableValues) => number)[] = [];
  for (const amount of amounts) {
    if (typeof amount === 'number') constant += amount;
    else dynamic.push(amount);
  }
  if (dynamic.length === 0) return constant;
  return (variables) => {
    let total = constant;
    for (const part of dynamic) total += part(variables);
    return total;
  };
}

export function product(left: Amount, right: Amount): Amount {
  if (typeof left === 'number' && typeof right === 'number') return left * right;
  if (left === 0 || right === 0) return 0;
  return (variables) => evaluate(left, variables) * evaluate(right, variables);
}

export function maximum(amounts: readonly Amount[]): Amount {
  if (amounts.every((amount) => typeof amount === 'number')) return Math.max(0, ...(amounts as number[]));
  return (variables) => {
    let highest = 0;
    for (const amount of amounts) highest = Math.max(highest, evaluate(amount, variables));
    return highest;
  };
}

/** `amount` when `condition` holds (a `@skip`/`@include` known now, or decided by a variable). */
export function when(condition: boolean | ((variables: VariableValues) => boolean), amount: Amount): Amount {
  if (typeof condition === 'boolean') return condition ? amount : 0;
  if (amount === 0) return 0;
  return (variables) => (condition(variables) ? evaluate(amount, variables) : 0);
}
