// The RateLimit header fields of draft-ietf-httpapi-ratelimit-headers (the `RateLimit-Limit`,
// `-Remaining`, `-Reset` form, reset in seconds), plus `RateLimit-Policy` naming the window.
import type { BudgetState } from './rateBudgets.ts';

export function rateLimitHeaders(state: BudgetState): Record<string, string> {
  return {
    'ratelimit-limit': String(state.limit),
    'ratelimit-remaining': String(state.remaining),
    'ratelimit-reset': String(Math.ceil(state.resetMs / 1000)),
    'ratelimit-policy': `${state.limit};w=${state.windowSeconds}`,
  };
}

export function retryAfter(state: BudgetState): Record<string, string> {
  return { 'retry-after': String(Math.max(1, Math.ceil(state.resetMs / 1000))) };
}
