// Which limits apply to a principal: the defaults, overridden by the first `limits.principals` entry
// that matches (by role, scope, or whether it is authenticated); what an entry leaves out, it inherits.
import type { Principal } from '../auth/principal.ts';
import type { LimitsConfig, OperationLimits, PrincipalLimitsConfig } from '../config/limitsConfig.ts';
import type { AnalysisBounds } from './analyzeDocument.ts';

export interface PrincipalLimits extends OperationLimits {
  /** Cost points per window; 0: no budget. */
  budget: number;
}

const OVERRIDABLE = [
  'max_bytes',
  'max_tokens',
  'max_nesting',
  'max_selections',
  'max_depth',
  'max_height',
  'max_aliases',
  'max_root_fields',
  'max_directives',
  'max_cost',
  'budget',
] as const satisfies readonly (keyof PrincipalLimits & keyof PrincipalLimitsConfig)[];

function matches(entry: PrincipalLimitsConfig, principal: Principal | undefined): boolean {
  if (entry.authenticated !== undefined && entry.authenticated !== (principal?.authenticated ?? false)) return false;
  if (entry.role !== undefined && !principal?.roles.includes(entry.role)) return false;
  if (entry.scope !== undefined && !principal?.scopes.includes(entry.scope)) return false;
  return true;
}

function overridden(defaults: PrincipalLimits, entry: PrincipalLimitsConfig): PrincipalLimits {
  const limits = { ...defaults };
  for (const key of OVERRIDABLE) {
    const value = entry[key];
    if (value !== undefined) limits[key] = value;
  }
  return limits;
}

export class LimitProfiles {
  readonly defaults: PrincipalLimits;
  readonly #overrides: readonly { entry: PrincipalLimitsConfig; limits: PrincipalLimits }[];

  constructor(config: LimitsConfig) {
    const defaults = { budget: config.rate.budget } as PrincipalLimits;
    for (const key of OVERRIDABLE) if (key !== 'budget') defaults[key] = config[key];
    this.defaults = defaults;
    this.#overrides = config.principals.map((entry) => ({ entry, limits: overridden(this.defaults, entry) }));
  }

  limitsFor(principal: Principal | undefined): PrincipalLimits {
    return this.#overrides.find(({ entry }) => matches(entry, principal))?.limits ?? this.defaults;
  }

  /** Whether any principal has a cost budget. */
  get anyBudget(): boolean {
    return this.defaults.budget > 0 || this.#overrides.some(({ limits }) => limits.budget > 0);
  }

  /** The highest of each guarding limit over every profile: past it, every principal is refused. */
  bounds(depthIgnore: readonly string[]): AnalysisBounds {
    const all = [this.defaults, ...this.#overrides.map(({ limits }) => limits)];
    return {
      maxTokens: Math.max(...all.map((limits) => limits.max_tokens)),
      maxNesting: Math.max(...all.map((limits) => limits.max_nesting)),
      maxSelections: Math.max(...all.map((limits) => limits.max_selections)),
      depthIgnore: new Set(depthIgnore),
    };
  }
}
