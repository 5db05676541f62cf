// What a budget's answer means for the request: over it, 429 with Retry-After; store unreachable,
// serve anyway (`on_store_error: allow`, fail-open) or 503 (`deny`, fail-closed).
import type { RateConfig } from '../../config/limitsConfig.ts';
import { rateLimited, rateLimitUnavailable } from '../limitErrors.ts';
import type { BudgetOutcome } from './rateBudgets.ts';
import { retryAfter } from './rateLimitHeaders.ts';

/** Seconds a client is told to wait when the store is unreachable and `on_store_error` is `deny`. */
const UNAVAILABLE_RETRY_SECONDS = 5;

export function enforceBudget(outcome: BudgetOutcome, config: RateConfig, what: 'cost' | 'request'): void {
  if (outcome.status === 'unavailable') {
    if (config.on_store_error === 'allow') return;
    throw rateLimitUnavailable('Rate limits cannot be checked right now; retry later.', {
      headers: { 'retry-after': String(UNAVAILABLE_RETRY_SECONDS) },
    });
  }
  if (outcome.status === 'exceeded') {
    const { state } = outcome;
    const seconds = Math.max(1, Math.ceil(state.resetMs / 1000));
    throw rateLimited(
      `Rate limit exceeded: the ${what} budget of ${state.limit} per ${state.windowSeconds}s is spent; retry in ${seconds}s.`,
      {
        details: { limit: state.limit, remaining: state.remaining, resetSeconds: seconds },
        headers: retryAfter(state),
      },
    );
  }
}
