// The demo's identity provider: the demo key's JWKS served on 127.0.0.1, and the gateway config that
// trusts it and applies examples/permissions.ts (anonymous callers allowed; rules decide the rest).
// The policy is imported, not named by path, so the built demo runs it compiled, without a TypeScript loader.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CreateGatewayOptions } from '../../src/server/index.ts';
import examplePermissions from '../permissions.ts';
import { DEMO_ALGORITHM, DEMO_AUDIENCE, DEMO_ISSUER, loadOrCreateDemoKey } from './demoKey.ts';

export interface DemoIdentity {
  jwksUrl: string;
  /** The demo gateway's `auth` section, its access rules, and the header that tells `accounts` who is asking. */
  config: Pick<CreateGatewayOptions, 'auth' | 'permissions' | 'headers'>;
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
      permissions: examplePermissions,
      // `me` answers the caller: accounts reads the token's subject from this header.
      headers: { subgraphs: { accounts: [{ insert: { name: 'x-user-id', from_claim: 'sub' } }] } },
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
