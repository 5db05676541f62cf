// The registry refuses a body over its body_limit with its documented 413 whatever the client does:
// Node's fetch sends the whole body before reading the answer, curl waits after `Expect: 100-continue`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/observability/index.ts';
import { type RunningRegistry, startRegistry } from '../../src/registry/index.ts';
import { curlPost } from '../support/curlPost.ts';
import { createPostgresTestDatabase, type PostgresTestDatabase } from './support/postgresTestDatabase.ts';
import { accountsSdl } from './support/schemas.ts';

const BODY_LIMIT = 1024;

describe('the registry with a body over body_limit', () => {
  let database: PostgresTestDatabase;
  let running: RunningRegistry;
  let publishUrl: string;

  beforeAll(async () => {
    database = await createPostgresTestDatabase();
    running = await startRegistry({ port: 0, database_url: database.url, body_limit: BODY_LIMIT, logger: silentLogger });
    publishUrl = `${running.url}/api/v1/subgraphs/accounts/publish`;
  });
  afterAll(async () => {
    await running?.close();
    await database?.drop();
  });

  /** A publish whose schema is `megabytes` MB of comment before the SDL. */
  const oversizedPublish = (megabytes: number) =>
    JSON.stringify({ schema: `# ${'x'.repeat(megabytes * 1024 * 1024)}\n${accountsSdl}`, routingUrl: 'http://accounts/graphql' });

  it("answers 413 PAYLOAD_TOO_LARGE to Node's fetch sending the whole body (5 MB and 20 MB), and publishes nothing", async () => {
    for (const megabytes of [5, 20]) {
      const response = await fetch(publishUrl, {
        method: 'POST',
        headers: { authorization: `Bearer ${running.adminToken}`, 'content-type': 'application/json' },
        body: oversizedPublish(megabytes),
      });
      expect(response.status).toBe(413);
      expect(response.headers.get('connection')).toBe('close');
      expect(await response.json()).toEqual({
        error: { code: 'PAYLOAD_TOO_LARGE', message: `the body is larger than the registry accepts (the limit is ${BODY_LIMIT} bytes)` },
      });
    }
    expect(await running.registry.subgraphs()).toEqual([]);
  });

  it("answers 413 to curl's Expect: 100-continue before the body is sent", async () => {
    const stdout = await curlPost(publishUrl, oversizedPublish(5), { authorization: `Bearer ${running.adminToken}` });
    expect(stdout).toMatch(/^HTTP\/1\.1 413/m);
    expect(stdout).not.toMatch(/100 Continue/);
    expect(stdout).toContain('"code":"PAYLOAD_TOO_LARGE"');
  });
});
