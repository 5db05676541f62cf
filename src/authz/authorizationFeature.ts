// Authorization as a gateway feature: it wraps the gateway so every operation is authorized before it
// is planned, and rebuilds its rules whenever a new supergraph loads. A rule tree that does not fit
// the first supergraph stops the gateway from starting; one that does not fit a later one is logged.
import type { AuthorizationConfig } from '../config/authorizationConfig.ts';
import type { Logger, RuleDecisionMetrics } from '../observability/index.ts';
import type { GatewayFeature, GatewayInterface } from '../pipeline/index.ts';
import type { Permissions } from './definePermissions.ts';
import { OperationAuthorizer } from './operationAuthorizer.ts';
import { RuleTreeError } from './ruleTreeError.ts';
import { accessRulesOf, loadAccessRules } from './supergraphRuleTable.ts';

export interface AuthorizationFeatureOptions {
  config: AuthorizationConfig | undefined;
  /** Rules from code (`createGateway({ permissions })`); config's `authorization.rules` names a module instead. */
  permissions: Permissions | undefined;
  logger: Logger;
  /** Where decisions are counted by rule and field. */
  metrics?: RuleDecisionMetrics | undefined;
}

function authorizingGateway(gateway: GatewayInterface, authorizer: OperationAuthorizer, logger: Logger): GatewayInterface {
  let problems: readonly string[] = [];
  gateway.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => {
    try {
      problems = authorizer.loadSchema(apiSchema, coreSupergraphSdl);
    } catch (error) {
      // No rules for this schema: its operations are refused rather than run unchecked.
      problems = [`the supergraph's rules could not be built: ${(error as Error).message}`];
    }
    for (const problem of problems) logger.error({ problem }, 'authorization rules do not fit the supergraph');
  });
  return {
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
    async load(options) {
      const loaded = await gateway.load(options);
      if (problems.length > 0) {
        await gateway.stop();
        throw new RuleTreeError(`authorization rules do not fit the supergraph: ${problems.join('; ')}`);
      }
      const { executor } = loaded;
      if (!executor) return loaded;
      return { ...loaded, executor: (requestContext) => authorizer.execute(requestContext, executor) };
    },
  };
}

/** The authorization feature, or undefined when neither config nor code asks for authorization. */
export async function createAuthorizationFeature(options: AuthorizationFeatureOptions): Promise<GatewayFeature | undefined> {
  const { config, logger } = options;
  if (!config && !options.permissions) return undefined;
  if (options.permissions && config?.rules) {
    throw new RuleTreeError('authorization.rules and the `permissions` option both give rules: use one');
  }
  const rules = options.permissions || !config ? accessRulesOf(config, options.permissions) : await loadAccessRules(config);
  const authorizer = new OperationAuthorizer({
    ...rules,
    mode: config?.mode ?? 'enforce',
    metrics: options.metrics,
    logger: logger.child({ component: 'authorization' }),
  });
  return { name: 'authorization', wrapGateway: (gateway) => authorizingGateway(gateway, authorizer, logger) };
}
