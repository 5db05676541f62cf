// One keep-alive undici Pool per subgraph origin. Each pool is wrapped to record which requests
// reached a socket, so a failed request is retried only when not a byte of it was written.
import { type Dispatcher, Pool } from 'undici';
import type { SubgraphTraffic } from '../../config/subgraphsConfig.ts';

export type PoolTraffic = Pick<SubgraphTraffic, 'max_connections' | 'keep_alive' | 'connect_timeout'>;

export class SubgraphPools {
  readonly #pools = new Map<string, { pool: Pool; dispatcher: Dispatcher }>();
  /** Request options undici began writing to a socket (it calls onRequestStart just before the first write). */
  readonly #written = new WeakSet<object>();

  dispatcherFor(origin: string, traffic: PoolTraffic): Dispatcher {
    const key = `${origin} ${traffic.max_connections} ${traffic.keep_alive} ${traffic.connect_timeout}`;
    let entry = this.#pools.get(key);
    if (!entry) {
      const pool = new Pool(origin, {
        connections: traffic.max_connections,
        keepAliveTimeout: traffic.keep_alive,
        keepAliveMaxTimeout: Math.max(traffic.keep_alive, 1),
        connect: { timeout: traffic.connect_timeout },
      });
      entry = { pool, dispatcher: pool.compose(this.#recordWrites) };
      this.#pools.set(key, entry);
    }
    return entry.dispatcher;
  }

  /** Whether any part of the request made with these options was handed to a socket. */
  wasWritten(requestOptions: object): boolean {
    return this.#written.has(requestOptions);
  }

  readonly #recordWrites: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (options, handler) =>
    dispatch(options, {
      onRequestStart: (controller, context) => {
        this.#written.add(options);
        handler.onRequestStart?.(controller, context);
      },
      onRequestUpgrade: (controller, statusCode, headers, socket) => handler.onRequestUpgrade?.(controller, statusCode, headers, socket),
      onResponseStart: (controller, statusCode, headers, statusMessage) =>
        handler.onResponseStart?.(controller, statusCode, headers, statusMessage),
      onResponseData: (controller, chunk) => handler.onResponseData?.(controller, chunk),
      onResponseEnd: (controller, trailers) => handler.onResponseEnd?.(controller, trailers),
      onResponseError: (controller, error) => handler.onResponseError?.(controller, error),
    });

  /** Lets in-flight requests finish on the old pools; later requests open new ones (after a config reload). */
  async retire(): Promise<void> {
    const retired = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(retired.map(({ pool }) => pool.close()));
  }

  async close(): Promise<void> {
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map(({ pool }) => pool.destroy()));
  }
}
