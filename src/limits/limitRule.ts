// What every operation limit declares: the config key it reads, the names of the measured value and of
// the limit in the error's extensions, and the error (a stable code) it reports when exceeded.
import type { GraphQLError } from 'graphql';
import type { OperationLimits } from '../config/limitsConfig.ts';
import type { defineError } from '../errors/index.ts';

export type LimitName = keyof OperationLimits;

export interface LimitRule {
  readonly limit: LimitName;
  /** The extensions key of the measured value, e.g. `depth`. */
  readonly measured: string;
  /** The extensions key of the limit, e.g. `maxDepth`. */
  readonly maximum: string;
  readonly error: ReturnType<typeof defineError>;
  /** One sentence for the client, e.g. `The operation is 16 levels deep; the limit is 15.` */
  describe(value: number, max: number): string;
}

export function limitExceeded(rule: LimitRule, value: number, max: number): GraphQLError {
  return rule.error(rule.describe(value, max), { details: { [rule.measured]: value, [rule.maximum]: max } });
}
