// The rule table of a supergraph: the rule tree, the supergraph's access directives, and the `@policy`
// names they use. The gateway builds it for every supergraph it serves; the registry, for every candidate.
import type { GraphQLSchema } from 'graphql';
import type { AuthorizationConfig, PolicyConfig } from '../config/authorizationConfig.ts';
import { claimMatches, principalRule } from './builtinRules.ts';
import type { Permissions } from './definePermissions.ts';
import { deny, type ShieldRule } from './graphqlShield.ts';
import { loadPermissionsModule } from './loadPermissionsModule.ts';
import { buildRuleTable, type RuleTable } from './ruleTable.ts';
import { readAuthDirectiveRules } from './supergraphAuthDirectives.ts';

export interface AccessRules {
  /** The rule tree; without one, only the supergraph's directives guard fields. */
  readonly permissions: Permissions | undefined;
  /** Declarative `@policy` rules from config. */
  readonly policies: Readonly<Record<string, PolicyConfig>>;
  readonly enforceDirectives: boolean;
}

/**
 * The access rules `authorization:` in gatehouse.yaml sets, with the rule tree given (from the module its
 * `rules` names, or from code); without the section, directives are enforced and no policy is defined.
 */
export function accessRulesOf(config: AuthorizationConfig | undefined, permissions: Permissions | undefined): AccessRules {
  return { permissions, policies: config?.policies ?? {}, enforceDirectives: config?.enforce_directives ?? true };
}

/** The access rules of an `authorization:` section, its `rules` module loaded (through tsx when it is TypeScript). */
export async function loadAccessRules(config: AuthorizationConfig): Promise<AccessRules> {
  return accessRulesOf(config, config.rules === undefined ? undefined : await loadPermissionsModule(config.rules));
}

export interface SupergraphRuleTable {
  readonly table: RuleTable;
  /** `@policy` names neither the rule module nor config defines: they deny. */
  readonly unknownPolicies: readonly string[];
}

function policyTest(policy: PolicyConfig) {
  return (principal: Parameters<Parameters<typeof principalRule>[1]>[0]) =>
    (!policy.authenticated || principal.authenticated) &&
    policy.scopes.every((scope) => principal.scopes.includes(scope)) &&
    policy.roles.every((role) => principal.roles.includes(role)) &&
    Object.entries(policy.claims).every(([path, value]) => claimMatches(principal, path, value));
}

export function buildSupergraphRuleTable(rules: AccessRules, apiSchema: GraphQLSchema, supergraphSdl: string): SupergraphRuleTable {
  const unknownPolicies = new Set<string>();
  const policyFor = (name: string): ShieldRule => {
    const fromCode = rules.permissions?.policies[name];
    if (fromCode) return fromCode;
    const fromConfig = rules.policies[name];
    if (fromConfig) return principalRule(`policy(${name}: ${JSON.stringify(fromConfig)})`, policyTest(fromConfig));
    unknownPolicies.add(name);
    return deny;
  };
  const directives = rules.enforceDirectives ? readAuthDirectiveRules(supergraphSdl, policyFor) : undefined;
  return { table: buildRuleTable(apiSchema, rules.permissions, directives), unknownPolicies: [...unknownPolicies] };
}
