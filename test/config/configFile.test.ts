import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configCommand } from '../../src/cli/commands/config.ts';
import { ConfigError, readGatewayConfigFile } from '../../src/config/index.ts';
import { runCli } from '../support/runCli.ts';

describe('gatehouse.yaml: each kind of mistake is one line naming the key path and the problem', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'gatehouse-config-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  async function problemWith(name: string, yaml: string | undefined): Promise<string> {
    const file = join(directory, name);
    if (yaml !== undefined) await writeFile(file, yaml);
    const error = await readGatewayConfigFile(file).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).not.toContain('\n');
    return message;
  }

  it.each([
    [
      'an unknown key',
      'unknown.yaml',
      'supergraph: { file: x.graphql }\nserver:\n  prot: 4000\n',
      /unknown\.yaml: unknown key server\.prot \(did you mean "port"\?\)$/,
    ],
    [
      'a wrong type',
      'type.yaml',
      'supergraph: { file: x.graphql }\nserver:\n  port: eighty\n',
      /type\.yaml: server\.port: expected a number, got "eighty"$/,
    ],
    [
      'a wrong value deep in a list',
      'rule.yaml',
      'supergraph: { file: x.graphql }\nheaders:\n  all:\n    - propagate: { named: x-a }\n    - insert: { name: x-b, value: 3 }\n',
      /rule\.yaml: headers\.all\.1\.insert\.value: expected a string, got 3$/,
    ],
    [
      'an unknown key in a list item',
      'rule2.yaml',
      'supergraph: { file: x.graphql }\nheaders:\n  all:\n    - propagat: { named: x-a }\n',
      /unknown key headers\.all\.0\.propagat \(did you mean "propagate"\?\)$/,
    ],
    [
      'a bad duration',
      'duration.yaml',
      'supergraph: { file: x.graphql }\nsubgraphs:\n  all:\n    timeout: soon\n',
      /subgraphs\.all\.timeout: a duration like/,
    ],
    [
      'a union, naming what it accepts',
      'workers.yaml',
      'supergraph: { file: x.graphql }\nserver:\n  workers: many\n',
      /workers\.yaml: server\.workers: expected a number ≥ 1 or "auto", got "many"$/,
    ],
    [
      'an enum, naming its values',
      'level.yaml',
      'supergraph: { file: x.graphql }\nlog_level: loud\n',
      /level\.yaml: log_level: expected one of "fatal", "error", "warn", "info", "debug", "trace", "silent", got "loud"$/,
    ],
    [
      'a mistyped top-level key, named rather than the key it hides',
      'typo.yaml',
      'supergraf: { file: x.graphql }\n',
      /typo\.yaml: unknown key supergraf \(did you mean "supergraph"\?\)$/,
    ],
    [
      'a mistyped section',
      'sever.yaml',
      'supergraph: { file: x.graphql }\nsever: { port: 4000 }\n',
      /sever\.yaml: unknown key sever \(did you mean "server"\?\)$/,
    ],
    [
      'a key in a union (graphiql: true or a mapping)',
      'graphiql.yaml',
      'supergraph: { file: x.graphql }\ngraphiql: { enabeld: true }\n',
      /graphiql\.yaml: unknown key graphiql\.enabeld \(did you mean "enabled"\?\)$/,
    ],
    ['an unknown key like no known one', 'far.yaml', 'supergraph: { file: x.graphql }\nzzzzzz: 1\n', /far\.yaml: unknown key zzzzzz$/],
    ['bad YAML', 'bad.yaml', 'supergraph:\n  file: [x\n', /bad\.yaml: not valid YAML: .*line \d+, column \d+$/],
    ['no supergraph source', 'empty.yaml', '{}\n', /empty\.yaml: supergraph: /],
    ['a missing file', 'absent.yaml', undefined, /cannot read config file .*absent\.yaml: no such file \(ENOENT\)$/],
    [
      'a missing environment variable',
      'env.yaml',
      'supergraph:\n  file: ${env.GATEHOUSE_TEST_UNSET}\n',
      /env\.yaml: supergraph\.file: \$\{env\.GATEHOUSE_TEST_UNSET\} is used but the environment variable GATEHOUSE_TEST_UNSET is not set/,
    ],
  ])('%s', async (_kind, name, yaml, expected) => {
    expect(await problemWith(name, yaml)).toMatch(expected);
  });

  it('gatehouse start prints that line alone and exits 1 before listening', async () => {
    const file = join(directory, 'start.yaml');
    await writeFile(file, 'supergraph:\n  file: ${env.GATEHOUSE_TEST_UNSET}\n');
    const result = await runCli(['start', '--config', file, '--port', '0', '--workers', '1'], { env: { GATEHOUSE_TEST_UNSET: undefined } });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: .*start\.yaml: supergraph\.file: \$\{env\.GATEHOUSE_TEST_UNSET\} is used but .*\n$/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('gatehouse.yaml: environment references', () => {
  it('expand in values, typed like YAML when unquoted and kept as strings when quoted', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'gatehouse-config-'));
    try {
      const file = join(directory, 'gatehouse.yaml');
      await writeFile(
        file,
        [
          '# ${env.NOT_EXPANDED_IN_COMMENTS}',
          'supergraph:',
          '  file: ${env.GATEHOUSE_TEST_DIR}/supergraph.graphql',
          'server:',
          '  port: ${env.GATEHOUSE_TEST_PORT:-4321}',
          'include_subgraph_errors: ${env.GATEHOUSE_TEST_ERRORS}',
          'headers:',
          '  all:',
          '    - insert: { name: x-build, value: "${env.GATEHOUSE_TEST_BUILD}" }',
        ].join('\n'),
      );
      Object.assign(process.env, { GATEHOUSE_TEST_DIR: '/srv', GATEHOUSE_TEST_ERRORS: 'true', GATEHOUSE_TEST_BUILD: '0123' });
      const config = await readGatewayConfigFile(file);
      expect(config.supergraph.file).toBe('/srv/supergraph.graphql');
      expect(config.server.port).toBe(4321);
      expect(config.include_subgraph_errors).toBe(true);
      expect(config.headers.all).toEqual([{ insert: { name: 'x-build', value: '0123' } }]);
    } finally {
      for (const name of ['GATEHOUSE_TEST_DIR', 'GATEHOUSE_TEST_ERRORS', 'GATEHOUSE_TEST_BUILD']) delete process.env[name];
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('gatehouse config', () => {
  it('schema prints a JSON Schema of every option, with descriptions and defaults, from the zod definition', async () => {
    const printed: string[] = [];
    await configCommand.run(['schema'], { stdout: (line) => printed.push(line), stderr: () => {} });
    const schema = JSON.parse(printed.join('\n')) as {
      properties: Record<string, { properties?: Record<string, { default?: unknown; description?: string }> }>;
    };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['server', 'supergraph', 'subgraphs', 'headers', 'telemetry']));
    expect(schema.properties.server?.properties?.shutdown_timeout).toMatchObject({
      default: '10s',
      description: expect.stringContaining('SIGTERM'),
    });
    expect(schema.properties.subgraphs?.properties?.overrides?.description).toMatch(/Per-subgraph/);
  });

  it('check accepts a valid file and rejects a bad one with the same one line as start', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'gatehouse-config-'));
    try {
      const supergraphFile = fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url));
      await writeFile(join(directory, 'good.yaml'), `supergraph: { file: ${supergraphFile} }\n`);
      await writeFile(join(directory, 'bad.yaml'), 'supergraph: { file: x.graphql }\nlog_level: loud\n');
      const printed: string[] = [];
      await configCommand.run(['check', '--config', join(directory, 'good.yaml')], {
        stdout: (line) => printed.push(line),
        stderr: () => {},
      });
      expect(printed).toEqual([
        `${join(directory, 'good.yaml')}: ok`,
        `  supergraph.file ${supergraphFile}: 4 subgraphs (accounts, inventory, products, reviews)`,
      ]);
      const bad = await runCli(['config', 'check', '--config', join(directory, 'bad.yaml')]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/^error: .*bad\.yaml: log_level: /);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
