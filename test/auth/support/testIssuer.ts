// Test fixture: a real token issuer. Keys generated with jose, the JWKS served over HTTP on 127.0.0.1
// (ephemeral port), with switches to take it down, slow it, rotate keys, and a count of fetches.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, exportSPKI, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';

export interface SigningKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

export async function createSigningKey(kid: string, alg = 'RS256'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicKey, publicJwk };
}

export interface SignOptions {
  key?: SigningKey;
  issuer?: string;
  audience?: string | string[];
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  header?: Record<string, unknown>;
}

export interface TestIssuer {
  readonly issuer: string;
  readonly audience: string;
  readonly jwksUrl: string;
  /** The key tokens are signed with (the newest after rotate()). */
  readonly key: SigningKey;
  /** How many times the JWKS was fetched. */
  readonly fetches: number;
  sign(claims?: JWTPayload, options?: SignOptions): Promise<string>;
  /** A new key replaces the served one. */
  rotate(kid: string): Promise<SigningKey>;
  publicKeyPem(): Promise<string>;
  /** 'up' serves the JWKS; 'down' answers 500; 'hang' never answers. */
  setMode(mode: 'up' | 'down' | 'hang'): void;
  close(): Promise<void>;
}

export async function signToken(
  key: SigningKey,
  claims: JWTPayload,
  options: SignOptions & { issuer: string; audience: string | string[] },
) {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT', ...options.header })
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (options.expiresIn ?? 300));
  return jwt.sign(key.privateKey);
}

export async function startTestIssuer(options: { issuer?: string; audience?: string; alg?: string } = {}): Promise<TestIssuer> {
  const issuer = options.issuer ?? 'https://issuer.test/';
  const audience = options.audience ?? 'gatehouse-test';
  let key = await createSigningKey('key-1', options.alg);
  let mode: 'up' | 'down' | 'hang' = 'up';
  let fetches = 0;
  const hanging = new Set<import('node:http').ServerResponse>();
  const server: Server = createServer((request, response) => {
    fetches++;
    if (mode === 'hang') {
      hanging.add(response);
      return;
    }
    if (mode === 'down' || request.url !== '/jwks.json') return void response.writeHead(mode === 'down' ? 500 : 404).end();
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [key.publicJwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    issuer,
    audience,
    jwksUrl: `http://127.0.0.1:${port}/jwks.json`,
    get key() {
      return key;
    },
    get fetches() {
      return fetches;
    },
    sign: (claims = {}, signOptions = {}) =>
      signToken(signOptions.key ?? key, claims, { issuer, audience, ...signOptions } as SignOptions & { issuer: string; audience: string }),
    async rotate(kid) {
      key = await createSigningKey(kid, options.alg);
      return key;
    },
    publicKeyPem: () => exportSPKI(key.publicKey),
    setMode(next) {
      mode = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of hanging) response.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
