export { type AccessRulesFit, accessRulesFit } from './accessRulesFit.ts';
export { enforcingAuthDirectives, unmarkEnforcedSecurityFeatures } from './authDirectivesSource.ts';
export {
  type AuthorizationCoverage,
  authorizationCoverage,
  type CoveredField,
  type CoveredSupergraph,
} from './authorizationCoverage.ts';
export { type AuthorizationFeatureOptions, createAuthorizationFeature } from './authorizationFeature.ts';
export { type ClaimValue, hasClaim, hasRole, hasScope, isAuthenticated, principalRule } from './builtinRules.ts';
export {
  definePermissions,
  type FallbackErrorMapper,
  isPermissions,
  type Permissions,
  type PermissionsOptions,
} from './definePermissions.ts';
export { FORBIDDEN, UNAUTHENTICATED } from './deniedFieldError.ts';
export { allow, and, chain, deny, inputRule, not, or, type RuleTree, race, rule, type ShieldRule } from './graphqlShield.ts';
export { loadPermissionsModule } from './loadPermissionsModule.ts';
export type { RuleOrigin, RuleSource } from './ruleTable.ts';
export { RuleTreeError } from './ruleTreeError.ts';
export { type AccessRules, accessRulesOf, loadAccessRules } from './supergraphRuleTable.ts';
