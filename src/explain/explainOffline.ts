// `gatehouse explain`'s core: the same report an allowed caller gets in `extensions.explain`, made
// offline for the supergraph a config serves — the same limits, cost, rules and query planner, and no
// subgraph called. Rules that need the parent object show as decided at run time.
import { createHash } from 'node:crypto';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner } from '@apollo/query-planner';
import { type DocumentNode, type GraphQLError, getOperationAST, parse, validate } from 'graphql';
import type { Principal } from '../auth/index.ts';
import type { Permissions } from '../authz/definePermissions.ts';
import { type GatewayExecutor, OperationAuthorizer } from '../authz/operationAuthorizer.ts';
import { accessRulesOf } from '../authz/supergraphRuleTable.ts';
import type { GatewayConfig } from '../config/index.ts';
import { LimitProfiles, OperationChecks } from '../limits/index.ts';
import { silentLogger } from '../observability/index.ts';
import type { GatehouseContext } from '../pipeline/index.ts';
import { newExplainReport } from './explainFeature.ts';
import type { ExplainReport } from './explainReport.ts';
import { queryPlanFetches } from './queryPlanFetches.ts';

export interface OfflineExplainRequest {
  readonly config: GatewayConfig;
  readonly supergraphSdl: string;
  /** The rule tree (config's `authorization.rules`, loaded). */
  readonly permissions: Permissions | undefined;
  readonly query: string;
  readonly operationName: string | undefined;
  readonly variables: Record<string, unknown> | undefined;
  readonly principal: Principal;
}

export interface OfflineExplanation {
  readonly report: ExplainReport;
  /** What the gateway would refuse the request with, if anything. */
  readonly refusal: { readonly code: string; readonly message: string } | undefined;
}

/** The operation is not valid against the supergraph: the gateway would answer with these errors. */
export class InvalidOperationError extends Error {
  override readonly name = 'InvalidOperationError';
}

type RequestContext = Parameters<GatewayExecutor>[0];

export async function explainOffline(request: OfflineExplainRequest): Promise<OfflineExplanation> {
  const { config, principal, query, operationName, variables } = request;
  const report = newExplainReport(principal);
  const supergraph = Supergraph.build(request.supergraphSdl, { supportedFeatures: null });
  const apiSchema = supergraph.apiSchema().toGraphQLJSSchema();

  const profiles = new LimitProfiles(config.limits);
  const limits = profiles.limitsFor(principal);
  const checks = new OperationChecks(config.limits, profiles.bounds(config.limits.depth_ignore), silentLogger);
  checks.useSupergraph(apiSchema, request.supergraphSdl);
  const operation = { query, operationName, variables };
  if (config.limits.enabled) Object.assign(report, checks.explain(operation, limits));
  if (limits.budget > 0) {
    report.budget = { limit: limits.budget, windowSeconds: config.limits.rate.window / 1000, before: undefined, after: undefined };
  }
  try {
    if (config.limits.enabled) checks.check(operation, limits);
  } catch (error) {
    const code = (error as GraphQLError).extensions?.code;
    return { report, refusal: { code: typeof code === 'string' ? code : 'REFUSED', message: (error as Error).message } };
  }

  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    throw new InvalidOperationError((error as Error).message);
  }
  const problems = validate(apiSchema, document);
  if (problems.length > 0) throw new InvalidOperationError(problems.map((problem) => problem.message).join('; '));
  const definition = getOperationAST(document, operationName);
  if (!definition)
    throw new InvalidOperationError(
      operationName ? `no operation named "${operationName}"` : 'name the operation to explain (--operation)',
    );

  const planner = new QueryPlanner(supergraph);
  const plan: GatewayExecutor = async (requestContext) => {
    const planned = operationFromDocument(supergraph.schema, requestContext.document, { operationName });
    report.plan = queryPlanFetches(planner.buildQueryPlan(planned));
    return {};
  };
  const context: GatehouseContext = { requestId: 'offline', principal, explain: report };
  const requestContext = {
    document,
    operation: definition,
    operationName: operationName ?? null,
    request: { query, operationName, variables },
    schema: apiSchema,
    source: query,
    queryHash: createHash('sha256').update(query).digest('hex'),
    context,
  } as unknown as RequestContext;

  if (config.authorization || request.permissions) {
    const authorizer = new OperationAuthorizer({
      ...accessRulesOf(config.authorization, request.permissions),
      mode: config.authorization?.mode ?? 'enforce',
      logger: silentLogger,
    });
    authorizer.loadSchema(apiSchema, request.supergraphSdl);
    await authorizer.execute(requestContext, plan);
    report.authorization ??= { mode: config.authorization?.mode ?? 'enforce', removed: [], perObject: [] };
    // Decided per object at run time: nothing ran here.
    for (const rule of report.authorization.perObject) Object.assign(rule, { evaluated: undefined, denied: undefined });
  } else {
    await plan(requestContext);
  }
  return { report, refusal: undefined };
}
