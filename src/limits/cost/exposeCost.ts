// `limits.cost.expose`: the operation's estimated cost in its response, as `extensions.cost` (the shape Hive
// Gateway's demand control uses), so a client or an operator sees what an operation costs before limits apply.
import type { GraphQLResponse } from '@apollo/server';

/** Adds `extensions.cost: { estimated, max? }` to the response; `max` only when a `max_cost` applies (0 is none). */
export function exposeCost(body: GraphQLResponse['body'], estimated: number, maxCost: number): void {
  const result = body.kind === 'single' ? body.singleResult : body.initialResult;
  const cost = maxCost > 0 ? { estimated, max: maxCost } : { estimated };
  result.extensions = { ...result.extensions, cost };
}
