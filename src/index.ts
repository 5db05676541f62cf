// Gatehouse as a library: the same gateway the CLI runs, for code that brings its own rules.
export { ANONYMOUS, type Principal } from './auth/index.ts';
export {
  allow,
  and,
  chain,
  definePermissions,
  deny,
  hasClaim,
  hasRole,
  hasScope,
  inputRule,
  isAuthenticated,
  not,
  or,
  type Permissions,
  type PermissionsOptions,
  type RuleTree,
  race,
  rule,
  type ShieldRule,
} from './authz/index.ts';
export { CompositionError, composeSupergraph, composeSupergraphConfig, SupergraphConfigError } from './compose/index.ts';
export { ConfigError, type GatewayConfig, type GatewayConfigInput } from './config/index.ts';
export type { GatehouseContext, GatewayFeature } from './pipeline/index.ts';
export { type CreateGatewayOptions, createGateway, type Gatehouse } from './server/index.ts';
