import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthConfigInput } from '../../src/config/authConfig.ts';
import { type ExampleGraph, startExampleGraph, startTestGateway, type TestGateway } from '../support/exampleGraph.ts';
import { createSigningKey, signToken, startTestIssuer, type TestIssuer } from './support/testIssuer.ts';

const QUERY = { query: '{ topProducts(first: 1) { name } }' };
const ANSWER = { data: { topProducts: [{ name: 'Table' }] } };

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('authentication: bearer JWTs verified against a real JWKS on 127.0.0.1', () => {
  let graph: ExampleGraph;
  let issuer: TestIssuer;
  let gateway: TestGateway;
  const started: TestGateway[] = [];

  async function gatewayWith(auth: Partial<AuthConfigInput> & { issuers?: AuthConfigInput['issuers'] }, extra = {}) {
    const instance = await startTestGateway({
      supergraph: { sdl: graph.supergraphSdl },
      auth: {
        issuers: [{ issuer: issuer.issuer, audience: issuer.audience, jwks_url: issuer.jwksUrl, algorithms: ['RS256'] }],
        ...auth,
      },
      ...extra,
    });
    started.push(instance);
    return instance;
  }

  async function expectRejected(token: string, error = 'invalid_token') {
    graph.received.length = 0;
    const response = await gateway.post(QUERY, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(new RegExp(`^Bearer error="${error}"`));
    expect(response.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(response.body.data).toBeUndefined();
    expect(graph.received).toEqual([]);
    return response;
  }

  beforeAll(async () => {
    graph = await startExampleGraph();
    issuer = await startTestIssuer();
    gateway = await gatewayWith({});
  });
  afterAll(async () => {
    for (const instance of started) await instance.close();
    await issuer?.close();
    await graph?.close();
  });

  it('accepts a valid token', async () => {
    const response = await gateway.post(QUERY, { authorization: `Bearer ${await issuer.sign({ sub: 'user-1' })}` });
    expect(response.status).toBe(200);
    expect(response.body).toEqual(ANSWER);
  });

  it('answers a request without a token with 401 and a bare Bearer challenge unless anonymous access is allowed', async () => {
    const response = await gateway.post(QUERY);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(response.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const open = await gatewayWith({ allow_anonymous: true });
    expect((await open.post(QUERY)).body).toEqual(ANSWER);
    // Anonymous access does not make a bad token acceptable.
    expect((await open.post(QUERY, { authorization: 'Bearer not-a-jwt' })).status).toBe(401);
  });

  it('rejects an expired token and one not valid yet', async () => {
    const response = await expectRejected(await issuer.sign({ sub: 'user-1' }, { expiresIn: -120 }));
    expect(response.headers.get('www-authenticate')).toContain('expired');
    await expectRejected(await issuer.sign({ sub: 'user-1', nbf: Math.floor(Date.now() / 1000) + 3600 }, { expiresIn: 7200 }));
  });

  it('rejects a token from another issuer or for another audience', async () => {
    await expectRejected(await issuer.sign({ sub: 'user-1' }, { issuer: 'https://evil.test/' }));
    await expectRejected(await issuer.sign({ sub: 'user-1' }, { audience: 'another-api' }));
  });

  it('rejects a bad signature, an unknown key id and a malformed token', async () => {
    const impostor = await createSigningKey(issuer.key.kid);
    await expectRejected(await issuer.sign({ sub: 'user-1' }, { key: impostor }));
    await expectRejected(await issuer.sign({ sub: 'user-1' }, { key: await createSigningKey('unknown-kid') }));
    await expectRejected('abc.def.ghi');
    await expectRejected('x');
  });

  it('rejects an algorithm outside the allow-list', async () => {
    const ecKey = await createSigningKey(issuer.key.kid, 'ES256');
    await expectRejected(await issuer.sign({ sub: 'user-1' }, { key: ecKey }));
  });

  it('rejects alg "none"', async () => {
    const now = Math.floor(Date.now() / 1000);
    const header = base64url({ alg: 'none', typ: 'JWT', kid: issuer.key.kid });
    const payload = base64url({ sub: 'admin', iss: issuer.issuer, aud: issuer.audience, iat: now, exp: now + 300 });
    await expectRejected(`${header}.${payload}.`);
  });

  it('rejects HS256 signed with the public key as the HMAC secret (algorithm confusion)', async () => {
    for (const secret of [await issuer.publicKeyPem(), JSON.stringify(issuer.key.publicJwk)]) {
      const token = await new SignJWT({ sub: 'admin' })
        .setProtectedHeader({ alg: 'HS256', kid: issuer.key.kid })
        .setIssuer(issuer.issuer)
        .setAudience(issuer.audience)
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(secret));
      await expectRejected(token);
    }
  });

  it('answers a non-Bearer Authorization header with 401 invalid_request', async () => {
    const response = await gateway.post(QUERY, { authorization: 'Basic dXNlcjpwYXNz' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_request"/);
  });

  it('rejects a token without a required claim', async () => {
    const strict = await gatewayWith({
      issuers: [{ issuer: issuer.issuer, audience: issuer.audience, jwks_url: issuer.jwksUrl, required_claims: ['exp', 'tenant'] }],
    });
    const token = await issuer.sign({ sub: 'user-1' });
    const response = await strict.post(QUERY, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('tenant');
    expect((await strict.post(QUERY, { authorization: `Bearer ${await issuer.sign({ tenant: 'acme' })}` })).status).toBe(200);
  });

  it('answers 503, never an accept, when the JWKS is down or times out', async () => {
    const down = await startTestIssuer({ issuer: 'https://down.test/' });
    const hanging = await startTestIssuer({ issuer: 'https://hanging.test/' });
    try {
      down.setMode('down');
      hanging.setMode('hang');
      const instance = await gatewayWith({
        issuers: [
          { issuer: down.issuer, audience: down.audience, jwks_url: down.jwksUrl },
          { issuer: hanging.issuer, audience: hanging.audience, jwks_url: hanging.jwksUrl, jwks_timeout: 200 },
        ],
      });
      for (const source of [down, hanging]) {
        graph.received.length = 0;
        const response = await instance.post(QUERY, { authorization: `Bearer ${await source.sign({ sub: 'user-1' })}` });
        expect(response.status).toBe(503);
        expect(response.body.errors?.[0]?.extensions?.code).toBe('AUTHENTICATION_UNAVAILABLE');
        expect(graph.received).toEqual([]);
      }
      down.setMode('up');
      const recovered = await instance.post(QUERY, { authorization: `Bearer ${await down.sign({ sub: 'user-1' })}` });
      expect(recovered.status).toBe(200);
    } finally {
      await down.close();
      await hanging.close();
    }
  });

  it('follows key rotation: a token signed with a new key is accepted once the JWKS serves it', async () => {
    const rotating = await startTestIssuer({ issuer: 'https://rotating.test/' });
    try {
      const instance = await gatewayWith({
        issuers: [{ issuer: rotating.issuer, audience: rotating.audience, jwks_url: rotating.jwksUrl, jwks_cooldown: 0 }],
      });
      expect((await instance.post(QUERY, { authorization: `Bearer ${await rotating.sign({ sub: 'a' })}` })).status).toBe(200);
      await rotating.rotate('key-2');
      expect((await instance.post(QUERY, { authorization: `Bearer ${await rotating.sign({ sub: 'a' })}` })).status).toBe(200);
      expect(rotating.fetches).toBe(2);
    } finally {
      await rotating.close();
    }
  });

  it('does not let tokens with unknown key ids hammer the JWKS endpoint (cooldown)', async () => {
    const watched = await startTestIssuer({ issuer: 'https://watched.test/' });
    try {
      const instance = await gatewayWith({ issuers: [{ issuer: watched.issuer, audience: watched.audience, jwks_url: watched.jwksUrl }] });
      expect((await instance.post(QUERY, { authorization: `Bearer ${await watched.sign({ sub: 'a' })}` })).status).toBe(200);
      const responses = await Promise.all(
        Array.from({ length: 20 }, async (_, index) => {
          const token = await watched.sign({ sub: 'a' }, { key: await createSigningKey(`random-${index}`, 'ES256') });
          return instance.post(QUERY, { authorization: `Bearer ${token}` });
        }),
      );
      expect(responses.map((response) => response.status)).toEqual(new Array(20).fill(401));
      expect(watched.fetches).toBe(1);
    } finally {
      await watched.close();
    }
  });

  it('trusts several issuers at once: a remote JWKS, a local JWKS file and a PEM public key', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'gatehouse-keys-'));
    try {
      const fileKey = await createSigningKey('file-key', 'ES256');
      const pemPair = await generateKeyPair('RS256', { extractable: true });
      const pemKey = { kid: 'pem', alg: 'RS256', ...pemPair, publicJwk: await exportJWK(pemPair.publicKey) };
      await writeFile(join(directory, 'jwks.json'), JSON.stringify({ keys: [fileKey.publicJwk] }));
      const { exportSPKI } = await import('jose');
      await writeFile(join(directory, 'key.pem'), await exportSPKI(pemPair.publicKey));
      const instance = await gatewayWith({
        issuers: [
          { issuer: issuer.issuer, audience: issuer.audience, jwks_url: issuer.jwksUrl },
          { issuer: 'https://file.test/', audience: 'api', jwks_file: join(directory, 'jwks.json'), algorithms: ['ES256'] },
          { issuer: 'https://pem.test/', audience: ['api', 'other'], public_key_file: join(directory, 'key.pem') },
        ],
      });
      const tokens = [
        await issuer.sign({ sub: 'a' }),
        await signToken(fileKey, { sub: 'b' }, { issuer: 'https://file.test/', audience: 'api' }),
        await signToken(pemKey, { sub: 'c' }, { issuer: 'https://pem.test/', audience: 'other' }),
      ];
      for (const token of tokens) expect((await instance.post(QUERY, { authorization: `Bearer ${token}` })).status).toBe(200);
      // A token signed by one issuer's key but naming another issuer is verified with the other's keys: rejected.
      const crossed = await signToken(fileKey, { sub: 'b' }, { issuer: 'https://pem.test/', audience: 'api' });
      expect((await instance.post(QUERY, { authorization: `Bearer ${crossed}` })).status).toBe(401);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('refuses to start with a key file that cannot be read', async () => {
    await expect(
      startTestGateway({
        supergraph: { sdl: graph.supergraphSdl },
        auth: { issuers: [{ issuer: 'x', audience: 'y', public_key_file: '/nonexistent/key.pem' }] },
      }),
    ).rejects.toThrow(/cannot read public key file \/nonexistent\/key\.pem/);
  });

  it("forwards chosen claims to subgraphs through header rules, and the client's Authorization header only when a rule says so", async () => {
    const token = await issuer.sign({ sub: 'user-9', org: { id: 'acme' } });
    const quiet = await gatewayWith(
      {},
      { headers: { all: [{ insert: { name: 'x-user', from_claim: 'sub' } }, { insert: { name: 'x-org', from_claim: 'org.id' } }] } },
    );
    graph.received.length = 0;
    expect((await quiet.post(QUERY, { authorization: `Bearer ${token}` })).status).toBe(200);
    const received = graph.received.find((entry) => entry.subgraph === 'products')?.operation.headers ?? {};
    expect(received).toMatchObject({ 'x-user': 'user-9', 'x-org': 'acme' });
    expect(received).not.toHaveProperty('authorization');

    const forwarding = await gatewayWith({}, { headers: { all: [{ propagate: { named: 'authorization' } }] } });
    graph.received.length = 0;
    expect((await forwarding.post(QUERY, { authorization: `Bearer ${token}` })).status).toBe(200);
    expect(graph.received.find((entry) => entry.subgraph === 'products')?.operation.headers.authorization).toBe(`Bearer ${token}`);
  });
});
