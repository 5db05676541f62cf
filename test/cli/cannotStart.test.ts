// Whatever keeps the gateway, the demo or the registry from starting, the process exits 1 with one line
// naming the cause, printed once (with one worker and with several), and never a stack trace.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createPostgresTestDatabase } from '../registry/support/postgresTestDatabase.ts';
import { expectOneLine } from '../support/expectOneLine.ts';
import { runCli } from '../support/runCli.ts';

function holdPort(port = 0): Promise<{ server: Server; port: number } | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : port });
    });
  });
}

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'gatehouse-cannot-start-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe.each(['1', '2'])('gatehouse start --workers %s that cannot start', (workers) => {
  const start = (...args: string[]) => runCli(['start', '--port', '0', '--workers', workers, ...args], { timeoutMs: 60_000 });

  it('names a supergraph file that does not exist', async () => {
    expectOneLine(
      await start('--supergraph', join(directory, 'absent.graphql')),
      /^error: .*cannot read supergraph file .*absent\.graphql: no such file \(ENOENT\)$/,
    );
  });

  it('says a plain schema is not a supergraph', async () => {
    const plain = join(directory, 'plain.graphql');
    await writeFile(plain, 'type Query { hello: String }');
    expectOneLine(await start('--supergraph', plain), /^error: the gateway could not start: not a valid supergraph/);
  });

  it('names the port that is taken', async () => {
    const held = await holdPort();
    try {
      const result = await runCli(
        ['start', '--supergraph', 'schema/supergraph.graphql', '--port', String(held?.port), '--workers', workers],
        { timeoutMs: 60_000 },
      );
      expectOneLine(
        result,
        new RegExp(`^error: the gateway could not start: 127\\.0\\.0\\.1:${held?.port} is already in use \\(set by --port`),
      );
    } finally {
      held?.server.close();
    }
  });

  it('names the supergraph file the config names when it does not exist', async () => {
    const config = join(directory, `absent-supergraph-${workers}.yaml`);
    await writeFile(config, `supergraph: { file: ${join(directory, 'named.graphql')} }\n`);
    expectOneLine(
      await start('--config', config),
      /^error: the gateway could not start: cannot read supergraph file .*named\.graphql: no such file \(ENOENT\)$/,
    );
  });

  it('names the supergraph.yaml to compose that does not exist', async () => {
    expectOneLine(
      await start('--compose', join(directory, 'absent.yaml')),
      /^error: the gateway could not start: cannot read supergraph config .*absent\.yaml: ENOENT$/,
    );
  });

  it('names the registry it cannot reach when there is no cached supergraph to start from', async () => {
    // From the test's folder: the cache file is .gatehouse/registry-supergraph.graphql under the working directory.
    const result = await runCli(['start', '--port', '0', '--workers', workers, '--registry', 'http://127.0.0.1:1'], {
      timeoutMs: 60_000,
      cwd: directory,
    });
    expectOneLine(
      result,
      /^error: the gateway could not start: registry http:\/\/127\.0\.0\.1:1: could not reach the registry at http:\/\/127\.0\.0\.1:1 \(.+\); and there is no cached supergraph at .*registry-supergraph\.graphql to start from$/,
    );
  });

  it('names the rule module that does not load (each worker loads it: the reason is printed once)', async () => {
    const config = join(directory, `rules-${workers}.yaml`);
    await writeFile(config, `supergraph: { file: schema/supergraph.graphql }\nauthorization: { rules: ${join(directory, 'nope.ts')} }\n`);
    expectOneLine(
      await start('--config', config),
      /^error: the gateway could not start: authorization\.rules: cannot load .*nope\.ts: no such file \(ENOENT\)$/,
    );
  });

  it('names the bad key of the config file', async () => {
    const config = join(directory, `bad-${workers}.yaml`);
    await writeFile(config, 'supergraph: { file: schema/supergraph.graphql }\nserver: { workers: many }\n');
    expectOneLine(await start('--config', config), /^error: .*bad-\d\.yaml: server\.workers: expected a number ≥ 1 or "auto", got "many"$/);
  });
});

describe('gatehouse registry that cannot start', () => {
  it('says the admin token is too short, without repeating it', async () => {
    const result = await runCli(['registry', '--port', '0', '--admin-token', 'short-secret'], { timeoutMs: 60_000 });
    expectOneLine(
      result,
      /^error: the registry could not start: --admin-token \(or GATEHOUSE_ADMIN_TOKEN\): expected at least 16 characters$/,
    );
  });

  it('names the port that is taken', async () => {
    const held = await holdPort();
    const database = await createPostgresTestDatabase();
    try {
      const result = await runCli(['registry', '--port', String(held?.port), '--database-url', database.url], { timeoutMs: 60_000 });
      expectOneLine(
        result,
        new RegExp(
          `^error: the registry could not start: 127\\.0\\.0\\.1:${held?.port} is already in use \\(set by --port/--host or PORT/HOST\\)$`,
        ),
      );
    } finally {
      held?.server.close();
      await database.drop();
    }
  });

  it('names the database it cannot reach', async () => {
    const result = await runCli(['registry', '--port', '0', '--database-url', 'postgres://gatehouse:pw@127.0.0.1:1/registry'], {
      timeoutMs: 60_000,
    });
    expectOneLine(
      result,
      /^error: the registry could not start: cannot open the database postgres:\/\/gatehouse:\*\*\*@127\.0\.0\.1:1\/registry: /,
    );
  });
});

describe('the demo (npm start) that cannot start', () => {
  it('names the port taken by another demo instead of printing a stack trace', async () => {
    // 4101 is the first port the demo takes; when something else holds it already, the demo fails the same way.
    const held = await holdPort(4101);
    try {
      const result = await runCli(['start'], { timeoutMs: 60_000, cwd: directory });
      expectOneLine(result, /^error: the demo could not start its example subgraphs: 127\.0\.0\.1:4101 is already in use .*npm start/);
    } finally {
      held?.server.close();
    }
  });
});
