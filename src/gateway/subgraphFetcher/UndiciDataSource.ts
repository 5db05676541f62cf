// @apollo/gateway's client for one subgraph, on undici: keep-alive pools, a deadline per fetch,
// retries only of requests never written, and failures turned into GraphQL errors with a code so
// the rest of the answer still arrives.
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { context as otelContext, propagation } from '@opentelemetry/api';
import type { GraphQLFormattedError } from 'graphql';
import type { Dispatcher } from 'undici';
import type { GatehouseContext } from '../../pipeline/context.ts';
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

/** What one fetch gave: the response the gateway merges, and the failure code when it failed. */
interface FetchOutcome {
  response: GatewayGraphQLResponse;
  failure?: SubgraphFailureCode;
}

const JSON_CONTENT = /^application\/(graphql-response\+)?json/i;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
    const { query, variables, operationName, extensions } = options.request;
    const body = JSON.stringify({ query, variables, operationName, extensions });
    const started = performance.now();
    const { response, failure } = await this.#fetch(route, headers, body);
    const errorCode = failure ?? (response.errors?.length ? 'SUBGRAPH_ERROR' : undefined);
    this.#options.onFetch?.({ subgraph: this.subgraph, durationMs: performance.now() - started, errorCode });
    return response;
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

  async #fetch(route: SubgraphRoute, headers: Record<string, string>, body: string): Promise<FetchOutcome> {
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
        if (signal.aborted) return this.#failed(subgraphTimeout(this.subgraph, traffic.timeout));
        if (!pools.wasWritten(requestOptions) && attempt < traffic.retries) continue;
        const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).name;
        return this.#failed(subgraphUnavailable(this.subgraph, reason));
      }
      return this.#interpret(status, contentType, text);
    }
  }

  #interpret(status: number, contentType: string | undefined, text: string): FetchOutcome {
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
      if (
        isObject(parsed) &&
        ('data' in parsed || 'errors' in parsed) &&
        (parsed.data === undefined || parsed.data === null || isObject(parsed.data))
      ) {
        return { response: parsed as GatewayGraphQLResponse };
      }
      problem = 'the body is not a GraphQL response';
    }
    if (status >= 500) return this.#failed(subgraphUnavailable(this.subgraph, `HTTP ${status}`));
    return this.#failed(subgraphInvalidResponse(this.subgraph, problem, status));
  }

  #failed(error: GraphQLFormattedError): FetchOutcome {
    return { response: { errors: [error] }, failure: error.extensions?.code as SubgraphFailureCode };
  }
}
