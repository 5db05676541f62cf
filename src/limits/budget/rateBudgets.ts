// Budgets over time with rate-limiter-flexible: fixed windows of `rate.window` per key, counted in
// memory or in Redis (one count shared by every gateway on the same Redis and key prefix). A store
// that cannot answer is a value (`unavailable`), logged once per outage, so the caller applies
// `on_store_error` instead of failing the request.
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateConfig } from '../../config/limitsConfig.ts';
import type { Logger } from '../../observability/index.ts';

export interface BudgetState {
  /** The budget of the window (points, or requests). */
  readonly limit: number;
  readonly remaining: number;
  /** Milliseconds until the window ends and the budget is whole again. */
  readonly resetMs: number;
  readonly windowSeconds: number;
}

export type BudgetOutcome =
  | { readonly status: 'within' | 'exceeded'; readonly state: BudgetState }
  | { readonly status: 'unavailable'; readonly error: Error };

export interface Budget {
  /** Spends `points` from `key`'s budget of `limit` points per window. */
  charge(key: string, points: number, limit: number): Promise<BudgetOutcome>;
  /** The budget's state without spending anything. */
  peek(key: string, limit: number): Promise<BudgetOutcome>;
}

export interface RateBudgets {
  /** Cost points per principal. */
  readonly cost: Budget;
  /** Requests per client IP, for anonymous traffic. */
  readonly requests: Budget;
  close(): Promise<void>;
}

type Limiter = RateLimiterMemory | RateLimiterRedis;

export async function createRateBudgets(config: RateConfig, logger: Logger): Promise<RateBudgets> {
  const windowSeconds = Math.max(1, Math.round(config.window / 1000));
  const redis = config.redis ? await connectRedis(config, logger) : undefined;
  let reachable = true;

  const budget = (kind: string): Budget => {
    const limiters = new Map<number, Limiter>();
    const limiterFor = (limit: number): Limiter => {
      let limiter = limiters.get(limit);
      if (!limiter) {
        const options = { points: limit, duration: windowSeconds, keyPrefix: `${config.key_prefix}:${kind}` };
        limiter = redis
          ? new RateLimiterRedis({ ...options, storeClient: redis, rejectIfRedisNotReady: true })
          : new RateLimiterMemory(options);
        limiters.set(limit, limiter);
      }
      return limiter;
    };
    const outcomeOf = (result: RateLimiterRes | null, limit: number, exceeded: boolean): BudgetOutcome => {
      if (!reachable) {
        reachable = true;
        logger.info({ store: 'redis' }, 'rate-limit store reachable again: budgets are enforced');
      }
      const state: BudgetState = {
        limit,
        remaining: Math.max(0, limit - (result?.consumedPoints ?? 0)),
        resetMs: result?.msBeforeNext ?? windowSeconds * 1000,
        windowSeconds,
      };
      return { status: exceeded ? 'exceeded' : 'within', state };
    };
    const failure = (error: unknown): BudgetOutcome => {
      if (reachable) {
        reachable = false;
        logger.error(
          { err: (error as Error).message, on_store_error: config.on_store_error },
          config.on_store_error === 'allow'
            ? 'rate-limit store unreachable: serving WITHOUT budgets until it is back (on_store_error: allow)'
            : 'rate-limit store unreachable: refusing requests with 503 until it is back (on_store_error: deny)',
        );
      }
      return { status: 'unavailable', error: error as Error };
    };
    return {
      async charge(key, points, limit) {
        try {
          return outcomeOf(await limiterFor(limit).consume(key, points), limit, false);
        } catch (error) {
          return error instanceof RateLimiterRes ? outcomeOf(error, limit, true) : failure(error);
        }
      },
      async peek(key, limit) {
        try {
          const result = await limiterFor(limit).get(key);
          return outcomeOf(result, limit, (result?.consumedPoints ?? 0) > limit);
        } catch (error) {
          return failure(error);
        }
      },
    };
  };

  return {
    cost: budget('cost'),
    requests: budget('requests'),
    async close() {
      redis?.disconnect();
    },
  };
}

async function connectRedis(config: RateConfig, logger: Logger): Promise<Redis> {
  // Loaded only when a Redis store is configured: a gateway counting in memory never pays for the client.
  const ioredis = await import('ioredis');
  const client = new ioredis.Redis(config.redis as string, {
    lazyConnect: true,
    // Fail fast instead of queueing while disconnected: the budget check must answer within store_timeout.
    enableOfflineQueue: false,
    commandTimeout: config.store_timeout,
    connectTimeout: Math.max(config.store_timeout, 1000),
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  // ioredis reports every failed reconnect as an event; the budgets log the outage once.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    logger.error(
      { err: (error as Error).message, redis: redactedUrl(config.redis as string) },
      'rate-limit store not reachable at start; retrying',
    );
  }
  return client;
}

function redactedUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
