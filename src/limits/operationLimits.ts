// The order the limits are checked in, cheapest first, and the first one an operation exceeds.
// `max_bytes` comes before all of these (it needs only the string) and `max_cost` after (it needs the variables).
import type { GraphQLError } from 'graphql';
import type { OperationLimits } from '../config/limitsConfig.ts';
import type { Measurements } from './analyzeDocument.ts';
import { type LimitRule, limitExceeded } from './limitRule.ts';
import { MaxAliasesRule } from './MaxAliasesRule.ts';
import { MaxDepthRule } from './MaxDepthRule.ts';
import { MaxDirectivesRule } from './MaxDirectivesRule.ts';
import { MaxHeightRule } from './MaxHeightRule.ts';
import { MaxNestingRule } from './MaxNestingRule.ts';
import { MaxRootFieldsRule } from './MaxRootFieldsRule.ts';
import { MaxSelectionsRule } from './MaxSelectionsRule.ts';
import { MaxTokensRule } from './MaxTokensRule.ts';

export const SHAPE_RULES: readonly LimitRule[] = [
  MaxTokensRule,
  MaxNestingRule,
  MaxSelectionsRule,
  MaxDepthRule,
  MaxHeightRule,
  MaxAliasesRule,
  MaxRootFieldsRule,
  MaxDirectivesRule,
];

/** The first limit (in SHAPE_RULES order) the measurements exceed; 0 means no limit. */
export function firstExceededLimit(measurements: Measurements, limits: OperationLimits): GraphQLError | undefined {
  for (const rule of SHAPE_RULES) {
    const value = measurements[rule.limit as keyof Measurements];
    // Unmeasured: the analysis stopped at an earlier measure, which every principal exceeds.
    if (value === undefined) return undefined;
    const max = limits[rule.limit];
    if (max > 0 && value > max) return limitExceeded(rule, value, max);
  }
  return undefined;
}
