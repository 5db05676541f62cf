// The limits as a gateway feature. Everything that can refuse an operation runs while the request's
// context is built — after authentication, before Apollo Server parses or validates anything — so a
// refused operation costs only our cached analysis, never GraphQL validation and never a subgraph:
//   anonymous request rate → batch size → trusted documents → operation limits (bytes … cost).
// Once Apollo Server has validated an operation, its cost is charged to the principal's budget, and
// every GraphQL response reports that budget in RateLimit headers.
import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal.ts';
import type { BatchingConfig, LimitsConfig, PersistedQueriesConfig } from '../config/limitsConfig.ts';
import { withExplain } from '../explain/index.ts';
import type { Logger } from '../observability/index.ts';
import type { GatehouseContext, GatewayFeature } from '../pipeline/index.ts';
import { admitBatch } from './batchGuard.ts';
import { enforceBudget } from './budget/enforceBudget.ts';
import { type BudgetOutcome, type BudgetState, createRateBudgets, type RateBudgets } from './budget/rateBudgets.ts';
import { rateLimitHeaders } from './budget/rateLimitHeaders.ts';
import { exposeCost } from './cost/exposeCost.ts';
import { LimitProfiles } from './limitProfiles.ts';
import { OperationChecks } from './operationChecks.ts';
import { operationOf, requestedBody } from './requestedOperations.ts';
import { readPersistedQueryManifest } from './trustedDocuments/persistedQueryManifest.ts';
import { TrustedDocuments } from './trustedDocuments/trustedDocuments.ts';

/** What the limits keep of one HTTP request (Apollo Server copies the context per operation; this object is shared). */
interface RequestRate {
  /** The cost budget the request spends: keyed by the principal's subject, or by client IP when anonymous. */
  readonly costBudget: { readonly key: string; readonly limit: number } | undefined;
  /** The budget state its response reports in RateLimit headers. */
  reported: BudgetState | undefined;
}

declare module '../pipeline/context.ts' {
  interface GatehouseContext {
    /** The operation's estimated cost (demand control), set once Apollo Server has resolved the operation. */
    cost?: number;
    /** The request's budgets, when rate limits are on. */
    rate?: RequestRate;
    /** Each operation's cost as the checks estimated it, so charging the budget does not estimate it again. */
    costEstimates?: readonly CostEstimate[];
  }
}

interface CostEstimate {
  readonly query: string;
  readonly operationName: string | undefined;
  readonly cost: number | undefined;
}

export interface LimitsFeatureOptions {
  limits: LimitsConfig;
  persistedQueries: PersistedQueriesConfig;
  batching: BatchingConfig;
  logger: Logger;
}

function stateOf(outcome: BudgetOutcome): BudgetState | undefined {
  return outcome.status === 'unavailable' ? undefined : outcome.state;
}

function budgetKeyOf(principal: Principal | undefined, request: FastifyRequest): string {
  return principal?.authenticated && principal.subject !== undefined ? `sub:${principal.subject}` : `ip:${request.ip}`;
}

export async function createLimitsFeature(options: LimitsFeatureOptions): Promise<GatewayFeature> {
  const { limits: config, batching, logger } = options;
  const safelist = options.persistedQueries.safelist;
  const manifest = safelist ? await readPersistedQueryManifest(safelist.manifest) : undefined;
  const trusted = new TrustedDocuments(options.persistedQueries, manifest, logger);
  const profiles = new LimitProfiles(config);
  const bounds = profiles.bounds(config.depth_ignore);
  const checks = config.enabled ? new OperationChecks(config, bounds, logger) : undefined;
  const usesBudgets =
    config.enabled &&
    (config.rate.anonymous_requests > 0 || config.rate.budget > 0 || config.principals.some((entry) => (entry.budget ?? 0) > 0));
  const budgets: RateBudgets | undefined = usesBudgets ? await createRateBudgets(config.rate, logger) : undefined;
  const rateOf = new WeakMap<FastifyRequest, RequestRate>();

  const plugin: ApolloServerPlugin<GatehouseContext> = {
    async serverWillStart() {
      return {
        schemaDidLoadOrUpdate({ apiSchema, coreSupergraphSdl }) {
          if (coreSupergraphSdl) checks?.useSupergraph(apiSchema, coreSupergraphSdl);
        },
      };
    },
    async requestDidStart() {
      return {
        async didResolveOperation(requestContext) {
          const { request, source, contextValue } = requestContext;
          if (!checks || source === undefined) return;
          const estimate = contextValue.costEstimates?.find(
            (candidate) => candidate.query === source && candidate.operationName === request.operationName,
          );
          const cost = estimate
            ? estimate.cost
            : checks.costOf({ query: source, operationName: request.operationName, variables: request.variables });
          if (cost === undefined) return;
          contextValue.cost = cost;
          const rate = contextValue.rate;
          if (!budgets || !rate?.costBudget || cost === 0) return;
          const { key, limit } = rate.costBudget;
          const explain = contextValue.explain;
          // Only an explained request reads its budget before charging it: one more store round trip.
          const before = explain ? stateOf(await budgets.cost.peek(key, limit)) : undefined;
          const outcome = await budgets.cost.charge(key, cost, limit);
          rate.reported = stateOf(outcome) ?? rate.reported;
          if (explain) {
            const after = stateOf(outcome);
            explain.budget = {
              limit,
              windowSeconds: (after ?? before)?.windowSeconds,
              before: before?.remaining,
              after: outcome.status === 'exceeded' ? before?.remaining : after?.remaining,
            };
          }
          try {
            enforceBudget(outcome, config.rate, 'cost');
          } catch (error) {
            throw withExplain(error, contextValue);
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (!config.cost.expose || contextValue.cost === undefined) return;
          exposeCost(response.body, contextValue.cost, profiles.limitsFor(contextValue.principal).max_cost);
        },
      };
    },
  };

  /** Everything that may refuse the request before Apollo Server parses it, cheapest first. */
  async function admitRequest(request: FastifyRequest, context: GatehouseContext): Promise<void> {
    const principal = context.principal;
    const limits = profiles.limitsFor(principal);
    if (budgets) {
      const rate: RequestRate = {
        costBudget: limits.budget > 0 ? { key: budgetKeyOf(principal, request), limit: limits.budget } : undefined,
        reported: undefined,
      };
      context.rate = rate;
      rateOf.set(request, rate);
      if (!principal?.authenticated && config.rate.anonymous_requests > 0) {
        const outcome = await budgets.requests.charge(`ip:${request.ip}`, 1, config.rate.anonymous_requests);
        // The headers report the cost budget when there is one, and this limit when it refuses.
        if (!rate.costBudget || outcome.status === 'exceeded') rate.reported = stateOf(outcome);
        enforceBudget(outcome, config.rate, 'request');
      }
    }

    const body = requestedBody(request);
    const operations = Array.isArray(body) ? body : [body];
    if (Array.isArray(body)) admitBatch(body, batching);
    const costEstimates: CostEstimate[] = [];
    context.costEstimates = costEstimates;
    for (const params of operations) {
      const operation = operationOf(params);
      const query = operation.query ?? (operation.documentId !== undefined ? trusted.documentFor(operation.documentId) : undefined);
      // No document: Apollo Server answers (PersistedQueryNotFound, or a malformed request).
      if (query === undefined) continue;
      trusted.admit(query, operation.operationName);
      if (!checks) continue;
      const checked = { query, operationName: operation.operationName, variables: operation.variables };
      // Measured before checking, so a refused request explains itself too.
      if (context.explain) Object.assign(context.explain, checks.explain(checked, limits));
      const cost = checks.check(checked, limits);
      costEstimates.push({ query, operationName: operation.operationName, cost });
    }
  }

  return {
    name: 'limits',
    plugins: [plugin],
    // Apollo Server parses only documents the checks above let through; this bounds its parser regardless.
    ...(checks ? { parseOptions: { maxLexicalTokens: bounds.maxTokens } } : {}),
    apolloServerOptions: {
      allowBatchedHttpRequests: batching.enabled,
      persistedQueries: trusted.acceptsIds ? { cache: trusted } : false,
    },

    async extendContext(request, context) {
      try {
        await admitRequest(request, context);
      } catch (error) {
        throw withExplain(error, context);
      }
    },

    registerRoutes(app: FastifyInstance) {
      app.addHook('onSend', async (request, reply, payload) => {
        const rate = rateOf.get(request);
        if (!rate || !budgets) return payload;
        if (!rate.reported && rate.costBudget) {
          // Refused before its cost was charged: report the budget as it stands.
          rate.reported = stateOf(await budgets.cost.peek(rate.costBudget.key, rate.costBudget.limit));
        }
        if (rate.reported) void reply.headers(rateLimitHeaders(rate.reported));
        return payload;
      });
    },

    async close() {
      await budgets?.close();
    },
  };
}
