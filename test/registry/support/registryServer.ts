// A registry's HTTP API on an ephemeral port over a given registry, with a known admin token.
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../../../src/observability/index.ts';
import { tokenVerifier } from '../../../src/registry/access/registryPrincipal.ts';
import { createRegistryHttpServer, type Registry, RegistryClient } from '../../../src/registry/index.ts';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestRegistryServer {
  url: string;
  /** How many times the latest supergraph was asked for (gateways polling). */
  supergraphFetches(): number;
  /** The HTTP status of each of those answers, oldest first. */
  supergraphStatuses(): number[];
  /** A client with the given token (the admin's by default). */
  client(token?: string): RegistryClient;
  /** A raw request, for statuses and headers. */
  request(
    method: string,
    path: string,
    options?: { token?: string | null; body?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
  close(): Promise<void>;
}

export async function startTestRegistryServer(registry: Registry, options: { bodyLimit?: number } = {}): Promise<TestRegistryServer> {
  const http = await createRegistryHttpServer({
    registry,
    verifier: tokenVerifier(registry.store, TEST_ADMIN_TOKEN),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    logger: silentLogger,
  });
  const supergraphStatuses: number[] = [];
  http.addHook('onResponse', async (request, reply) => {
    if (request.url === '/api/v1/supergraph') supergraphStatuses.push(reply.statusCode);
  });
  await http.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(http.server.address() as AddressInfo).port}`;
  return {
    url,
    supergraphFetches: () => supergraphStatuses.length,
    supergraphStatuses: () => [...supergraphStatuses],
    client: (token = TEST_ADMIN_TOKEN) => new RegistryClient({ url, token, timeoutMs: 10_000 }),
    request(method, path, { token = TEST_ADMIN_TOKEN, body, headers = {} } = {}) {
      return fetch(`${url}${path}`, {
        method,
        headers: {
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    },
    close: () => http.close(),
  };
}
