// The gateway as a subscription client of its subgraphs: graphql-ws (one multiplexed WebSocket per
// subgraph and header set, opened on first use and closed with its last subscription) or graphql-sse
// (a stream per subscription), per subgraph in config. Clients asking for the same subscription with the
// same variables and headers share one subgraph subscription: each event is one object fanned out to all
// (so their executions share its fetches too). Failures become the SUBGRAPH_* errors queries use.
import type { GraphQLFormattedError } from 'graphql';
import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { SubscriptionsConfig } from '../config/subscriptionsConfig.ts';
import { subgraphUnavailable } from '../gateway/subgraphFetcher/index.ts';
import type { SubgraphEvent } from './subscriptionPlans.ts';

export interface SubgraphSubscriptionRequest {
  subgraph: string;
  /** Where to subscribe: the subgraph's HTTP URL (config may give another). */
  url: string;
  query: string;
  operationName: string | undefined;
  variables: Record<string, unknown>;
  headers: Record<string, string>;
}

export interface SubgraphSink {
  next(event: SubgraphEvent): void;
  /** The subgraph's stream failed or refused: the errors end the client's stream. */
  error(errors: GraphQLFormattedError[]): void;
  complete(): void;
}

interface PooledClient {
  subscribe(payload: { query: string; operationName?: string; variables: Record<string, unknown> }, sink: SinkOf): () => void;
  dispose(): void | Promise<void>;
  users: number;
}

type SinkOf = { next(value: SubgraphEvent): void; error(error: unknown): void; complete(): void };

function webSocketUrl(url: string): string {
  return url.replace(/^http(s?):/i, 'ws$1:');
}

/** What a subgraph stream's failure tells the client, in the words queries use. */
function failureOf(subgraph: string, error: unknown): GraphQLFormattedError[] {
  if (Array.isArray(error)) {
    // The subgraph refused the subscription with GraphQL errors: tagged like fetch errors, so masking applies.
    return error.map((item: GraphQLFormattedError) => ({
      ...item,
      extensions: { code: 'SUBGRAPH_ERROR', ...item.extensions, serviceName: subgraph },
    }));
  }
  const close = error as { code?: unknown; reason?: unknown };
  if (typeof close?.code === 'number') {
    const reason = typeof close.reason === 'string' && close.reason !== '' ? ` ${close.reason}` : '';
    return [subgraphUnavailable(subgraph, `its subscription connection closed: ${close.code}${reason}`)];
  }
  if (typeof close?.code === 'string') return [subgraphUnavailable(subgraph, close.code)];
  return [subgraphUnavailable(subgraph, 'its subscription stream failed')];
}

/** One subgraph subscription and the client streams it feeds. */
interface SharedSubscription {
  readonly sinks: Set<SubgraphSink>;
  unsubscribe: () => void;
}

export class SubgraphSubscriptions {
  readonly #config: SubscriptionsConfig['subgraphs'];
  readonly #clients = new Map<string, PooledClient>();
  readonly #shared = new Map<string, SharedSubscription>();

  constructor(config: SubscriptionsConfig['subgraphs']) {
    this.#config = config;
  }

  /** Subscribes (or joins the same subscription already open); returns the function that unsubscribes. */
  subscribe(request: SubgraphSubscriptionRequest, sink: SubgraphSink): () => void {
    const key = JSON.stringify([request.subgraph, request.url, request.query, request.operationName, request.variables, request.headers]);
    let shared = this.#shared.get(key);
    if (!shared) {
      const sinks = new Set<SubgraphSink>();
      const opened: SharedSubscription = { sinks, unsubscribe: () => undefined };
      const ended = () => {
        if (this.#shared.get(key) === opened) this.#shared.delete(key);
      };
      this.#shared.set(key, opened);
      opened.unsubscribe = this.#open(request, {
        next: (event) => {
          for (const each of sinks) each.next(event);
        },
        error: (errors) => {
          ended();
          for (const each of sinks) each.error(errors);
        },
        complete: () => {
          ended();
          for (const each of sinks) each.complete();
        },
      });
      shared = opened;
    }
    const joined = shared;
    joined.sinks.add(sink);
    return () => {
      if (!joined.sinks.delete(sink) || joined.sinks.size > 0) return;
      if (this.#shared.get(key) === joined) this.#shared.delete(key);
      joined.unsubscribe();
    };
  }

  #open(request: SubgraphSubscriptionRequest, sink: SubgraphSink): () => void {
    const settings = this.#config[request.subgraph];
    const protocol = settings?.protocol ?? 'graphql-ws';
    const url = settings?.url ?? request.url;
    const clientKey = `${protocol} ${url} ${JSON.stringify(request.headers)}`;
    let client = this.#clients.get(clientKey);
    if (!client) {
      client = protocol === 'graphql-ws' ? this.#webSocketClient(url, request.headers) : this.#sseClient(url, request.headers);
      this.#clients.set(clientKey, client);
    }
    const pooled = client;
    pooled.users++;
    let done = false;
    const release = () => {
      if (done) return;
      done = true;
      if (--pooled.users === 0 && this.#clients.get(clientKey) === pooled) {
        this.#clients.delete(clientKey);
        void pooled.dispose();
      }
    };
    const unsubscribe = pooled.subscribe(
      { query: request.query, ...(request.operationName ? { operationName: request.operationName } : {}), variables: request.variables },
      {
        next: (event) => sink.next(event),
        error: (error) => {
          release();
          sink.error(failureOf(request.subgraph, error));
        },
        complete: () => {
          release();
          sink.complete();
        },
      },
    );
    return () => {
      if (done) return;
      unsubscribe();
      release();
    };
  }

  #webSocketClient(url: string, headers: Record<string, string>): PooledClient {
    // ws lets the upgrade request carry the headers the header rules chose, as HTTP fetches do.
    class HeaderSendingWebSocket extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers });
      }
    }
    const client = createWsClient({
      url: webSocketUrl(url),
      webSocketImpl: HeaderSendingWebSocket,
      lazy: true,
      lazyCloseTimeout: 0,
      retryAttempts: 0,
    });
    return { subscribe: (payload, sink) => client.subscribe(payload, sink), dispose: () => client.dispose(), users: 0 };
  }

  #sseClient(url: string, headers: Record<string, string>): PooledClient {
    const client = createSseClient({ url, headers, retryAttempts: 0 });
    return { subscribe: (payload, sink) => client.subscribe(payload, sink), dispose: () => client.dispose(), users: 0 };
  }

  async close(): Promise<void> {
    this.#shared.clear();
    const clients = [...this.#clients.values()];
    this.#clients.clear();
    await Promise.all(clients.map((client) => client.dispose()));
  }
}
