// One load run with autocannon on 127.0.0.1: fixed connections and duration, the same body and headers for every variant.
import autocannon from 'autocannon';

export interface LoadResult {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  /** Requests that failed or answered non-2xx: a run with any is invalid. */
  failures: number;
  /** What the failures were, for the error message. */
  failureKinds: { errors: number; timeouts: number; non2xx: number; statusCodes: Record<string, number> };
}

export async function runLoad(
  url: string,
  body: string,
  headers: Record<string, string>,
  durationSeconds: number,
  connections: number,
): Promise<LoadResult> {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    connections,
    duration: durationSeconds,
  });
  return {
    rps: result.requests.average,
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    failures: result.errors + result.timeouts + result.non2xx,
    failureKinds: {
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count ?? 0])),
    },
  };
}
