// What `extensions.explain` holds: each stage of the pipeline (limits, authorization, the query plan)
// writes its part into the request's report, which exists only when an allowed caller asked for it.
import type { RuleSource } from '../authz/ruleTable.ts';

declare module '../pipeline/context.ts' {
  interface GatehouseContext {
    /** The request's explain report; undefined unless an allowed caller asked for one (the usual case). */
    explain?: ExplainReport;
  }
}

export interface ExplainedPrincipal {
  readonly authenticated: boolean;
  readonly subject: string | undefined;
  readonly scopes: readonly string[];
  readonly roles: readonly string[];
}

export interface ExplainedLimit {
  /** The config key, e.g. `max_depth`. */
  readonly limit: string;
  readonly measured: number;
  /** 0: no limit. */
  readonly max: number;
  readonly exceeded: boolean;
}

export interface CostContribution {
  /** `Type.field` */
  readonly field: string;
  /** How much the estimate would drop without this field (its selections included). */
  readonly cost: number;
}

export interface ExplainedCost {
  readonly estimate: number | undefined;
  /** 0: no limit. */
  readonly max: number;
  /** `enforce`: over max is refused; `measure`: only logged. */
  readonly mode: string;
  readonly topFields: readonly CostContribution[];
}

export interface ExplainedBudget {
  /** Cost points per window. */
  readonly limit: number;
  readonly windowSeconds: number | undefined;
  /** Points left before this request was charged, and after (undefined when the store could not say). */
  readonly before: number | undefined;
  readonly after: number | undefined;
}

export interface ExplainedDenial {
  /** Response path without list indices, e.g. `users.ssn`. */
  readonly path: string;
  readonly field: string;
  /** The rule that decided, as written (`hasRole(admin)`). */
  readonly rule: string;
  /** Where that rule comes from: the rule tree's entry, a directive, the fallback rule. */
  readonly decidedBy: readonly RuleSource[];
}

export interface ExplainedObjectRule {
  readonly field: string;
  readonly rule: string;
  readonly decidedBy: readonly RuleSource[];
  /** Objects the rule ran over, and how many it denied; undefined offline (decided at run time). */
  readonly evaluated: number | undefined;
  readonly denied: number | undefined;
}

export interface ExplainedAuthorization {
  readonly mode: 'enforce' | 'dry_run';
  /** Fields removed before planning (in dry run: that would have been removed; nothing was). */
  readonly removed: ExplainedDenial[];
  /** Rules that need the parent object, run over the fetched objects. */
  readonly perObject: ExplainedObjectRule[];
}

export interface ExplainedFetch {
  readonly subgraph: string;
  /** How many fetches the plan makes to it. */
  readonly fetches: number;
  /** The operations sent, in plan order. */
  readonly operations: readonly string[];
}

export interface ExplainReport {
  principal: ExplainedPrincipal;
  limits?: ExplainedLimit[];
  cost?: ExplainedCost;
  budget?: ExplainedBudget;
  authorization?: ExplainedAuthorization;
  /** The query plan's fetches per subgraph (of the operation as authorized). */
  plan?: ExplainedFetch[];
}
