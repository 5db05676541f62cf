// Subscription plans of one supergraph. @apollo/query-planner plans a subscription as a primary fetch
// (the subscription sent to the subgraph that owns the root field) and the rest of the plan; the gateway
// runs `rest` for every event with the event in place of the primary fetch's answer, through
// @apollo/gateway's own executeQueryPlan, so entity fetches, @requires and result shaping behave exactly
// as they do for queries. Subscriptions that share an upstream event (see SubgraphSubscriptions) share
// its fetches too: a fetch with the same operation, variables and headers is sent once per event.

import { operationFromDocument, type Schema, Supergraph } from '@apollo/federation-internals';
import { buildOperationContext, executeQueryPlan, type GraphQLDataSource, type ServiceEndpointDefinition } from '@apollo/gateway';
import { type FetchNode, type QueryPlan, QueryPlanner } from '@apollo/query-planner';
import type { GraphQLSchema } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { GatewayExecutionResult, GatewayRequestContext } from './gatewayTypes.ts';

/** What one event of a subgraph subscription carries: a GraphQL response. */
export type SubgraphEvent = Awaited<ReturnType<GraphQLDataSource['process']>>;

export interface SubscriptionPlan {
  /** The subscription sent to the subgraph that owns the root field. */
  readonly primary: FetchNode;
  /** The primary fetch and then the rest: run per event, the event answering the primary fetch. */
  readonly perEvent: QueryPlan;
}

/** Plans kept per supergraph, by operation: a client sends few distinct subscription documents. */
const PLANS_KEPT = 1000;

type SubgraphResponse = SubgraphEvent;

/** The headers a fetch to `subgraph` would carry for this request (responses are shared only between equal requests). */
export type FetchHeadersOf = (subgraph: string, routingUrl: string, requestContext: GatewayRequestContext) => Record<string, string>;

export class SupergraphSubscriptionPlans {
  readonly #planner: QueryPlanner;
  readonly #apiSchema: Schema;
  readonly #supergraphSchema: GraphQLSchema;
  readonly #services: Record<string, GraphQLDataSource>;
  readonly #plans = new LRUCache<string, SubscriptionPlan>({ max: PLANS_KEPT });
  readonly #headersOf: FetchHeadersOf;
  /** Per upstream event (one object shared by every subscription it fans out to), the fetches made for it. */
  readonly #fetchesByEvent = new WeakMap<SubgraphEvent, Map<string, Promise<SubgraphResponse>>>();
  /** Each subgraph's routing URL in this supergraph. */
  readonly routingUrls: ReadonlyMap<string, string>;

  constructor(
    supergraphSdl: string,
    buildDataSource: (definition: ServiceEndpointDefinition) => GraphQLDataSource,
    headersOf: FetchHeadersOf,
  ) {
    this.#headersOf = headersOf;
    const supergraph = Supergraph.build(supergraphSdl);
    this.#planner = new QueryPlanner(supergraph);
    this.#apiSchema = supergraph.apiSchema();
    this.#supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    const subgraphs = supergraph.subgraphsMetadata();
    this.routingUrls = new Map(subgraphs.map((subgraph) => [subgraph.name, subgraph.url]));
    this.#services = Object.fromEntries(subgraphs.map((subgraph) => [subgraph.name, buildDataSource(subgraph)]));
  }

  /** The plan of the (authorized, possibly pruned) subscription operation in the request context. */
  planFor(requestContext: GatewayRequestContext): SubscriptionPlan {
    const operationName = requestContext.request.operationName ?? '';
    const key = `${requestContext.queryHash}\u0000${operationName}`;
    let plan = this.#plans.get(key);
    if (!plan) {
      const operation = operationFromDocument(this.#apiSchema, requestContext.document, {
        operationName: requestContext.request.operationName,
      });
      const node = this.#planner.buildQueryPlan(operation).node;
      if (node?.kind !== 'Subscription') throw new Error('the query planner gave no subscription plan for a subscription operation');
      plan = {
        primary: node.primary,
        perEvent: { kind: 'QueryPlan', node: node.rest ? { kind: 'Sequence', nodes: [node.primary, node.rest] } : node.primary },
      };
      this.#plans.set(key, plan);
    }
    return plan;
  }

  /** One event's answer: the rest of the plan over the event's data, shaped like any other result. */
  executeEvent(plan: SubscriptionPlan, requestContext: GatewayRequestContext, event: SubgraphEvent): Promise<GatewayExecutionResult> {
    let fetches = this.#fetchesByEvent.get(event);
    if (!fetches) {
      fetches = new Map();
      this.#fetchesByEvent.set(event, fetches);
    }
    const shared = fetches;
    // Execution merges answers into the result by reference and rewrites them in place: every
    // execution works on its own copies of the shared event and responses.
    const services: Record<string, GraphQLDataSource> = {};
    for (const [name, real] of Object.entries(this.#services)) {
      services[name] = {
        process: async (options) => {
          const { query, variables } = options.request;
          const headers = this.#headersOf(name, this.routingUrls.get(name) ?? '', requestContext);
          const key = `${name}\u0000${query}\u0000${JSON.stringify(variables ?? {})}\u0000${JSON.stringify(headers)}`;
          let response = shared.get(key);
          if (!response) {
            response = real.process(options);
            shared.set(key, response);
          }
          return structuredClone(await response);
        },
      };
    }
    // The primary fetch is the first the plan makes of its subgraph: it is answered with the event;
    // later fetches of the same subgraph (in `rest`) go to the subgraph.
    const primary = services[plan.primary.serviceName];
    let answered = false;
    services[plan.primary.serviceName] = {
      process: (options) => {
        if (answered && primary) return primary.process(options);
        answered = true;
        return Promise.resolve(structuredClone(event));
      },
    };
    const operationContext = buildOperationContext({
      schema: requestContext.schema,
      operationDocument: requestContext.document,
      operationName: requestContext.request.operationName,
    });
    return executeQueryPlan(plan.perEvent, services, requestContext, operationContext, this.#supergraphSchema, this.#apiSchema);
  }
}
