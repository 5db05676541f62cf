// @apollo/gateway's client for one subgraph, on undici: keep-alive pools, a deadline per fetch,
// retries only of requests never written, and failures turned into GraphQL errors with a code so
// the rest of the answer still arrives. A client request's fetches go through its PlanFetches
// (merged entity fetches, no representation twice, batches where the subgraph takes them).
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { context as otelContext, propagation } from '@opentelemetry/api';
import type { GraphQLFormattedError } from 'graphql';
import type { Dispatcher } from 'undici';
import type { GatehouseContext } from '../../pipeline/context.ts';
import { PlanFetches, type SubgraphOperation } from './planFetches.ts';
import { type SubgraphFailureCode, subgraphInvalidResponse, subgraphTimeout, subgraphUnavailable } from './subgraphErrors.ts';
import type { SubgraphPools } from './subgraphPools.ts';
import type { SubgraphRoute, SubgraphSettings } from './subgraphSettings.ts';

export interface SubgraphFetchEvent {
  subgraph: string;
  durationMs: number;
  /** A SUBGRAPH_* code when the fetch failed, SUBGRAPH_ERROR when the subgraph answered with errors. */
  errorCode?: SubgraphFailureCode | 'SUBGRAPH_ERROR';
}

export interface UndiciDataSourceOptions {
  subgraph: string;
  /** The subgraph's URL in the supergraph (a config override may replace it). */
  routingUrl: string;
  settings: SubgraphSettings;
  pools: SubgraphPools;
  onFetch?: (event: SubgraphFetchEvent) => void;
}

type GatewayGraphQLResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

/** What one HTTP request gave: a response per operation it carried, and the failure code when it failed. */
interface FetchOutcome {
  responses: GatewayGraphQLResponse[];
  failure?: SubgraphFailureCode;
}

const JSON_CONTENT = /^application\/(graphql-response\+)?json/i;
/** Mutations keep their own requests, in the plan's order (a batch's operations may run concurrently). */
const MUTATION = /^\s*mutation\b/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isGraphQLResponse(value: unknown): value is GatewayGraphQLResponse {
  return (
    isObject(value) && ('data' in value || 'errors' in value) && (value.data === undefined || value.data === null || isObject(value.data))
  );
}

export class UndiciDataSource implements GraphQLDataSource<GatehouseContext> {
  readonly subgraph: string;
  readonly #options: UndiciDataSourceOptions;

  constructor(options: UndiciDataSourceOptions) {
    this.subgraph = options.subgraph;
    this.#options = options;
  }

  async process(options: GraphQLDataSourceProcessOptions<GatehouseContext>): Promise<GatewayGraphQLResponse> {
    const route = this.#options.settings.routeFor(this.subgraph, this.#options.routingUrl);
    const headers = this.#headersFor(route, options);
    const { query = '', variables, operationName, extensions } = options.request;
    const operation: SubgraphOperation = { query, variables, operationName, extensions };
    const send = (operations: readonly SubgraphOperation[], batch: boolean) => this.#send(route, headers, operations, batch);
    // Health checks and schema loads have no client request behind them.
    const incoming = 'incomingRequestContext' in options ? options.incomingRequestContext : undefined;
    if (!incoming || MUTATION.test(query)) return (await send([operation], false))[0] as GatewayGraphQLResponse;
    return (await PlanFetches.of(incoming).fetch(this.subgraph, { operation, traffic: route.traffic, send })) as GatewayGraphQLResponse;
  }

  /** One HTTP request: one operation, or several as a batch (a JSON array each way). */
  async #send(
    route: SubgraphRoute,
    headers: Record<string, string>,
    operations: readonly SubgraphOperation[],
    batch: boolean,
  ): Promise<GatewayGraphQLResponse[]> {
    const body = JSON.stringify(batch ? operations : operations[0]);
    const started = performance.now();
    const { responses, failure } = await this.#fetch(route, headers, body, batch ? operations.length : undefined);
    const errorCode = failure ?? (responses.some((response) => response.errors?.length) ? 'SUBGRAPH_ERROR' : undefined);
    this.#options.onFetch?.({ subgraph: this.subgraph, durationMs: performance.now() - started, errorCode });
    return responses;
  }

  #headersFor(route: SubgraphRoute, options: GraphQLDataSourceProcessOptions<GatehouseContext>): Record<string, string> {
    // Health checks and schema loads have no client request behind them.
    const incoming = 'incomingRequestContext' in options ? options.incomingRequestContext : undefined;
    const context = incoming ? (options.context as GatehouseContext) : undefined;
    const headers = route.buildHeaders(incoming?.request.http?.headers, context?.principal);
    // The gateway's own headers for this fetch (e.g. asking for a federated trace).
    for (const [name, value] of options.request.http?.headers ?? []) headers[name] = value;
    headers['content-type'] = 'application/json';
    headers.accept = 'application/graphql-response+json, application/json';
    if (context) headers['x-request-id'] = context.requestId;
    // W3C trace context of the active fetch span; a no-op while tracing is off.
    propagation.inject(otelContext.active(), headers);
    return headers;
  }

  /** `batchSize`: the number of operations of a batch request; undefined for a single operation. */
  async #fetch(route: SubgraphRoute, headers: Record<string, string>, body: string, batchSize: number | undefined): Promise<FetchOutcome> {
    const { pools } = this.#options;
    const { traffic } = route;
    const signal = AbortSignal.timeout(traffic.timeout);
    const dispatcher = pools.dispatcherFor(route.origin, traffic);
    for (let attempt = 0; ; attempt++) {
      const requestOptions: Dispatcher.RequestOptions = {
        path: route.path,
        method: 'POST',
        headers,
        body,
        signal,
        headersTimeout: traffic.timeout,
        bodyTimeout: traffic.timeout,
      };
      let status: number;
      let text: string;
      let contentType: string | undefined;
      try {
        const answer = await dispatcher.request(requestOptions);
        status = answer.statusCode;
        const type = answer.headers['content-type'];
        contentType = Array.isArray(type) ? type[0] : type;
        text = await answer.body.text();
      } catch (error) {
        if (signal.aborted) return this.#failed(subgraphTimeout(this.subgraph, traffic.timeout), batchSize);
        if (!pools.wasWritten(requestOptions) && attempt < traffic.retries) continue;
        const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).name;
        return this.#failed(subgraphUnavailable(this.subgraph, reason), batchSize);
      }
      return this.#interpret(status, contentType, text, batchSize);
    }
  }

  #interpret(status: number, contentType: string | undefined, text: string, batchSize: number | undefined): FetchOutcome {
    let parsed: unknown;
    let problem: string | undefined;
    if (contentType === undefined || !JSON_CONTENT.test(contentType)) problem = `content type ${contentType ?? '(none)'} is not JSON`;
    else {
      try {
        parsed = JSON.parse(text);
      } catch {
        problem = 'the body is not JSON';
      }
    }
    if (problem === undefined) {
      if (batchSize === undefined && isGraphQLResponse(parsed)) return { responses: [parsed] };
      if (batchSize !== undefined && Array.isArray(parsed) && parsed.length === batchSize && parsed.every(isGraphQLResponse)) {
        return { responses: parsed };
      }
      problem =
        batchSize === undefined ? 'the body is not a GraphQL response' : `the body is not an array of ${batchSize} GraphQL responses`;
    }
    if (status >= 500) return this.#failed(subgraphUnavailable(this.subgraph, `HTTP ${status}`), batchSize);
    return this.#failed(subgraphInvalidResponse(this.subgraph, problem, status), batchSize);
  }

  /** Every operation of the request fails with the same error. */
  #failed(error: GraphQLFormattedError, batchSize: number | undefined): FetchOutcome {
    const responses = Array.from({ length: batchSize ?? 1 }, () => ({ errors: [error] }));
    return { responses, failure: error.extensions?.code as SubgraphFailureCode };
  }
}
