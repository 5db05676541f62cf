// The demo's identity provider: the demo key's JWKS served on 127.0.0.1, and the gateway config that
// trusts it and applies examples/permissions.ts (anonymous callers allowed; rules decide the rest).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { GatewayConfigInput } from '../../src/config/index.ts';
import { DEMO_ALGORITHM, DEMO_AUDIENCE, DEMO_ISSUER, loadOrCreateDemoKey } from './demoKey.ts';

export const EXAMPLE_PERMISSIONS = fileURLToPath(new URL('../permissions.ts', import.meta.url));

export interface DemoIdentity {
  jwksUrl: string;
  /** The `auth` and `authorization` sections of the demo gateway's config. */
  config: Pick<GatewayConfigInput, 'auth' | 'authorization'>;
  close(): Promise<void>;
}

export async function startDemoIdentity(options: { keyFile?: string } = {}): Promise<DemoIdentity> {
  const key = await loadOrCreateDemoKey(options.keyFile);
  const body = JSON.stringify({ keys: [key.publicJwk] });
  const server = createServer((request, response) => {
    if (request.url !== '/.well-known/jwks.json') return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  return {
    jwksUrl,
    config: {
      auth: {
        allow_anonymous: true,
        issuers: [{ issuer: DEMO_ISSUER, audience: DEMO_AUDIENCE, jwks_url: jwksUrl, algorithms: [DEMO_ALGORITHM] }],
      },
      authorization: { rules: EXAMPLE_PERMISSIONS },
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
