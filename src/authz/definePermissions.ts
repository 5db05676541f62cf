// What a rule module exports (and `createGateway({ permissions })` takes): a graphql-shield rule tree
// with graphql-shield's options, plus the rules `@policy` names stand for.
import type { GraphQLResolveInfo } from 'graphql';
import { deny, type RuleTree, type ShieldRule } from './graphqlShield.ts';

export type FallbackErrorMapper = (
  thrown: unknown,
  parent: unknown,
  args: unknown,
  context: unknown,
  info: GraphQLResolveInfo,
) => Error | Promise<Error>;

export interface PermissionsOptions {
  /** The rule for fields the tree does not cover. Default: `deny` (graphql-shield's default is allow; a gateway fails closed). */
  fallbackRule?: ShieldRule;
  /** The error a denied field reports when its rule returned false or threw. Default: "Not authorized to read Type.field". */
  fallbackError?: string | Error | FallbackErrorMapper;
  /** Report what a rule threw instead of `fallbackError`. Default: false. */
  allowExternalErrors?: boolean;
  /** graphql-shield's key function for `cache: 'strict'` rules. Default: JSON of `{ parent, args }`. */
  hashFunction?: (input: { parent: unknown; args: unknown }) => string;
  /** Rules that `@policy(policies: [["name"]])` names stand for (besides the declarative ones in config). */
  policies?: Record<string, ShieldRule>;
}

const PERMISSIONS = Symbol.for('gatehouse.permissions');

export interface Permissions {
  readonly [PERMISSIONS]: true;
  readonly rules: RuleTree;
  readonly fallbackRule: ShieldRule;
  readonly fallbackError: string | Error | FallbackErrorMapper | undefined;
  readonly allowExternalErrors: boolean;
  readonly hashFunction: (input: { parent: unknown; args: unknown }) => string;
  readonly policies: Readonly<Record<string, ShieldRule>>;
}

const jsonHash = (input: { parent: unknown; args: unknown }) => JSON.stringify(input);

/** `export default definePermissions({ Query: { me: isAuthenticated }, User: { email: isOwner } }, { fallbackRule: deny })`. */
export function definePermissions(rules: RuleTree, options: PermissionsOptions = {}): Permissions {
  return Object.freeze({
    [PERMISSIONS]: true as const,
    rules,
    fallbackRule: options.fallbackRule ?? deny,
    fallbackError: options.fallbackError,
    allowExternalErrors: options.allowExternalErrors ?? false,
    hashFunction: options.hashFunction ?? jsonHash,
    policies: Object.freeze({ ...options.policies }),
  });
}

export function isPermissions(candidate: unknown): candidate is Permissions {
  return typeof candidate === 'object' && candidate !== null && (candidate as Record<symbol, unknown>)[PERMISSIONS] === true;
}
