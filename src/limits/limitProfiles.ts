// Which limits apply to a principal: the defaults, overridden by the first `limits.principals` entry
// that matches (by role, scope, or whether it is authenticated). Resolved once at start.
import type { Principal } from '../auth/principal.ts';
import type { LimitsConfig, OperationLimits, PrincipalLimitsConfig } from '../config/limitsConfig.ts';
import type { AnalysisBounds } from './analyzeDocument.ts';

export interface PrincipalLimits extends OperationLimits {
  /** Cost points per window; 0: no budget. */
  readonly budget: number;
}

const LIMIT_KEYS = [
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
] as const satisfies readonly (keyof OperationLimits)[];

function matches(entry: PrincipalLimitsConfig, principal: Principal | undefined): boolean {
  if (entry.authenticated !== undefined && entry.authenticated !== (principal?.authenticated ?? false)) return false;
  if (entry.role !== undefined && !principal?.roles.includes(entry.role)) return false;
  if (entry.scope !== undefined && !principal?.scopes.includes(entry.scope)) return false;
  return true;
}

export class LimitProfiles {
  readonly defaults: PrincipalLimits;
  readonly #overrides: { entry: PrincipalLimitsConfig; limits: PrincipalLimits }[];

  constructor(config: LimitsConfig) {
    this.defaults = { ...Object.fromEntries(LIMIT_KEYS.map((key) => [key, config[key]])), budget: config.rate.budget } as PrincipalLimits;
    this.#overrides = config.principals.map((entry) => {
      const limits = { ...this.defaults } as Record<string, number>;
      for (const key of [...LIMIT_KEYS, 'budget'] as const) {
        const value = entry[key];
        if (value !== undefined) limits[key] = value;
      }
      return { entry, limits: limits as unknown as PrincipalLimits };
    });
  }

  limitsFor(principal: Principal | undefined): PrincipalLimits {
    return this.#overrides.find(({ entry }) => matches(entry, principal))?.limits ?? this.defaults;
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
