// Demand control: the operation's estimated cost (see cost/compileOperationCost.ts) against `max_cost`.
// The only limit that depends on the request's variables, so it is checked last.
import { costEstimatedTooExpensive } from './limitErrors.ts';
import type { LimitRule } from './limitRule.ts';

export const MaxCostRule: LimitRule = {
  limit: 'max_cost',
  measured: 'cost',
  maximum: 'maxCost',
  error: costEstimatedTooExpensive,
  describe: (value, max) => `The operation's estimated cost is ${value}; the limit is ${max}.`,
};
