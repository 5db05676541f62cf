// The built-in rules: isAuthenticated, hasScope, hasRole, hasClaim. Each is a real graphql-shield rule
// (it works in any shield setup that puts a Principal on `ctx.principal`), and is also registered here
// as a pure test of the principal, so the evaluator decides it synchronously, before planning.
import { ANONYMOUS, type Principal, readClaim } from '../auth/index.ts';
import type { GatehouseContext } from '../pipeline/index.ts';
import { rule, type ShieldRule } from './graphqlShield.ts';

export type PrincipalTest = (principal: Principal) => boolean;

const principalTests = new WeakMap<object, PrincipalTest>();
const byName = new Map<string, ShieldRule>();

/** A rule that depends on nothing but the principal; the same name always gives the same rule. */
export function principalRule(name: string, test: PrincipalTest): ShieldRule {
  const existing = byName.get(name);
  if (existing) return existing;
  const shieldRule = rule(name, { cache: 'contextual' })((_parent, _args, context: GatehouseContext) =>
    test(context.principal ?? ANONYMOUS),
  );
  principalTests.set(shieldRule, test);
  byName.set(name, shieldRule);
  return shieldRule;
}

export function principalTestOf(candidate: object): PrincipalTest | undefined {
  return principalTests.get(candidate);
}

/** The caller sent a valid token. */
export const isAuthenticated: ShieldRule = principalRule('isAuthenticated', (principal) => principal.authenticated);

/** The caller has every one of these scopes (use `or(hasScope(a), hasScope(b))` for any of them). */
export function hasScope(...scopes: string[]): ShieldRule {
  return principalRule(`hasScope(${scopes.join(' ')})`, (principal) => scopes.every((scope) => principal.scopes.includes(scope)));
}

/** The caller has every one of these roles (use `or(hasRole(a), hasRole(b))` for any of them). */
export function hasRole(...roles: string[]): ShieldRule {
  return principalRule(`hasRole(${roles.join(' ')})`, (principal) => roles.every((role) => principal.roles.includes(role)));
}

export type ClaimValue = string | number | boolean;

export function claimMatches(principal: Principal, path: string, expected: ClaimValue | undefined): boolean {
  const value = readClaim(principal.claims, path);
  if (value === undefined || value === null) return false;
  if (expected === undefined) return true;
  return Array.isArray(value) ? value.includes(expected) : value === expected;
}

/** The caller's token has this claim (or dotted path); with a value, the claim equals it (or, for an array, contains it). */
export function hasClaim(path: string, expected?: ClaimValue): ShieldRule {
  return principalRule(`hasClaim(${path}${expected === undefined ? '' : `=${JSON.stringify(expected)}`})`, (principal) =>
    claimMatches(principal, path, expected),
  );
}
