import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoIdentity, startDemoIdentity } from '../../examples/identity/startDemoIdentity.ts';
import { type ExampleGraph, startExampleGraph, startTestGateway, type TestGateway } from '../support/exampleGraph.ts';
import { runCli } from '../support/runCli.ts';

describe('the demo identity: `gatehouse token` signs with the demo key the demo gateway trusts', () => {
  let directory: string;
  let graph: ExampleGraph;
  let identity: DemoIdentity;
  let gateway: TestGateway;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'gatehouse-demo-'));
    graph = await startExampleGraph();
    identity = await startDemoIdentity({ keyFile: join(directory, '.gatehouse/demo-key.json') });
    gateway = await startTestGateway({ supergraph: { sdl: graph.supergraphSdl }, ...identity.config });
  });
  afterAll(async () => {
    await gateway?.close();
    await identity?.close();
    await graph?.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('prints a token with the subject, scopes, roles and lifetime asked for, which the demo gateway accepts', async () => {
    const result = await runCli(
      ['token', '--sub', '2', '--scope', 'read:profile', '--scope', 'write:products', '--role', 'admin', '--expires-in', '5m'],
      {
        cwd: directory,
      },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const token = result.stdout.trim();
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      sub: '2',
      scope: 'read:profile write:products',
      roles: ['admin'],
      iss: 'gatehouse-demo',
      aud: 'gatehouse-demo',
    });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(300);

    const response = await gateway.post({ query: '{ user(id: "3") { email ssn } }' }, { authorization: `Bearer ${token}` });
    expect(response.body).toEqual({ data: { user: { email: 'kamilkisiela@example.com', ssn: '000-00-0003' } } });
    const anonymous = await gateway.post({ query: '{ user(id: "3") { email ssn } }' });
    expect(anonymous.body.data).toEqual({ user: { email: null, ssn: null } });
  });

  it('makes `me` answer the caller: the demo tells accounts the subject (x-user-id); without a token `me` is refused', async () => {
    const token = (await runCli(['token', '--sub', '3'], { cwd: directory })).stdout.trim();
    const mine = await gateway.post({ query: '{ me { id username } }' }, { authorization: `Bearer ${token}` });
    expect(mine.body).toEqual({ data: { me: { id: '3', username: 'kamilkisiela' } } });
    const anonymous = await gateway.post({ query: '{ me { id } }' });
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses to sign with a key that is not the demo key', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const keyFile = join(directory, 'production-key.json');
    await writeFile(keyFile, JSON.stringify({ kid: 'prod-1', privateJwk: await exportJWK(privateKey) }));
    const result = await runCli(['token', '--sub', '1', '--key', keyFile], { cwd: directory });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/is not a Gatehouse demo key; `gatehouse token` signs only with the demo key/);
  });

  it('says what is missing', async () => {
    const result = await runCli(['token'], { cwd: directory });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--sub <user id> is required/);
    expect((await runCli(['token', '--sub', '1', '--expires-in', 'forever'], { cwd: directory })).stderr).toMatch(
      /--expires-in must look like/,
    );
  });
});
