import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExampleSubgraphs } from '../../examples/subgraphs/startExampleSubgraphs.ts';
import { CompositionError, composeSupergraphConfig, compositionVersion, SupergraphConfigError } from '../../src/compose/index.ts';
import { findClosedPort } from '../support/ports.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const schemaPath = (name: string) => join(repoRoot, 'schema', `${name}.graphql`);
const fixturePath = (name: string) => fileURLToPath(new URL(`../fixtures/compose/${name}`, import.meta.url));

const closedPort = await findClosedPort();
let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'gatehouse-compose-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function writeConfig(name: string, yaml: string): Promise<string> {
  const path = join(directory, name);
  await writeFile(path, yaml);
  return path;
}

function subgraphYaml(name: string, file: string, url = `http://${name}.internal/graphql`): string {
  return `  ${name}:\n    routing_url: ${url}\n    schema:\n      file: ${file}\n`;
}

const exampleSubgraphs = (overrides: Record<string, string> = {}) =>
  ['accounts', 'inventory', 'products', 'reviews'].map((name) => subgraphYaml(name, overrides[name] ?? schemaPath(name))).join('');

describe('composing a rover supergraph.yaml', () => {
  it('gives exactly the SDL @apollo/composition gives for the same subgraphs, in rover’s name order', async () => {
    const result = await composeSupergraphConfig(join(repoRoot, 'supergraph.yaml'));
    const urls: Record<string, string> = {
      accounts: 'http://127.0.0.1:4101/graphql',
      products: 'http://127.0.0.1:4102/graphql',
      reviews: 'http://127.0.0.1:4103/graphql',
      inventory: 'http://127.0.0.1:4104/graphql',
    };
    const direct = composeServices(
      ['accounts', 'inventory', 'products', 'reviews'].map((name) => ({
        name,
        url: urls[name],
        typeDefs: parse(readFileSync(schemaPath(name), 'utf8')),
      })),
    );
    expect(direct.errors).toBeUndefined();
    expect(result.supergraphSdl).toBe(direct.supergraphSdl);
    expect(result.warnings).toEqual([]);
  });

  it('reports every composition error with its code and composes nothing', async () => {
    const path = await writeConfig(
      'broken.yaml',
      `federation_version: =${compositionVersion()}\nsubgraphs:\n${exampleSubgraphs({ products: fixturePath('broken-products.graphql') })}`,
    );
    const error = await composeSupergraphConfig(path).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CompositionError);
    const problems = (error as CompositionError).problems;
    expect(problems.map((problem) => problem.code)).toContain('INVALID_GRAPHQL');
    expect(problems.some((problem) => problem.message.includes('Money'))).toBe(true);
    expect((error as Error).message).toMatch(/^error\[E029\]: Encountered \d+ build errors? while trying to build a supergraph\./);
  });

  it('reports a @requires of a field no subgraph defines with composition’s own code', async () => {
    const path = await writeConfig(
      'requires.yaml',
      `subgraphs:\n${exampleSubgraphs({ inventory: fixturePath('conflicting-inventory.graphql') })}`,
    );
    const error = (await composeSupergraphConfig(path).catch((caught: unknown) => caught)) as CompositionError;
    expect(error).toBeInstanceOf(CompositionError);
    expect(error.problems[0]?.code).toMatch(/^[A-Z_]+$/);
    expect(error.problems[0]?.code).not.toBe('INVALID_GRAPHQL');
    expect(error.message).toContain('weight');
  });

  it('reports a syntax error as INVALID_GRAPHQL naming the subgraph', async () => {
    const path = await writeConfig(
      'syntax.yaml',
      'subgraphs:\n  broken:\n    routing_url: http://x/graphql\n    schema:\n      sdl: "type Query {"\n',
    );
    const error = (await composeSupergraphConfig(path).catch((caught: unknown) => caught)) as CompositionError;
    expect(error.problems).toEqual([{ code: 'INVALID_GRAPHQL', message: expect.stringMatching(/^\[broken\] Syntax Error/) }]);
  });

  it('reads inline schema.sdl', async () => {
    const sdl = readFileSync(schemaPath('products'), 'utf8');
    const path = await writeConfig(
      'inline.yaml',
      `subgraphs:\n  products:\n    routing_url: http://products/graphql\n    schema:\n      sdl: ${JSON.stringify(sdl)}\n`,
    );
    const result = await composeSupergraphConfig(path);
    expect(result.supergraphSdl).toContain('topProducts(first: Int = 5): [Product]');
  });

  it('fetches schema.subgraph_url with `_service { sdl }`, sending introspection_headers', async () => {
    const seen: string[] = [];
    const running = await startExampleSubgraphs({
      onOperation: (_name, operation) => seen.push(String(operation.headers['x-introspection-token'])),
    });
    try {
      const path = await writeConfig(
        'introspect.yaml',
        `subgraphs:\n  accounts:\n    routing_url: http://accounts/graphql\n    schema:\n      subgraph_url: ${running.urls.accounts}\n      introspection_headers:\n        x-introspection-token: secret\n`,
      );
      const result = await composeSupergraphConfig(path);
      expect(result.supergraphSdl).toContain('type User');
      expect(seen).toEqual(['secret']);
    } finally {
      await running.close();
    }
  });

  it('expands ${env.NAME} and ${env.NAME:-default} as rover does', async () => {
    process.env.GATEHOUSE_TEST_PRODUCTS_URL = 'http://products.from-env/graphql';
    const path = await writeConfig(
      'env.yaml',
      `subgraphs:\n  products:\n    routing_url: \${env.GATEHOUSE_TEST_PRODUCTS_URL}\n    schema:\n      file: \${env.GATEHOUSE_TEST_UNSET:-${schemaPath('products')}}\n`,
    );
    const result = await composeSupergraphConfig(path);
    expect(result.supergraphSdl).toContain('url: "http://products.from-env/graphql"');
    delete process.env.GATEHOUSE_TEST_PRODUCTS_URL;
  });

  it('warns when federation_version differs from the installed composition, and refuses Federation 1 and majors above 2', async () => {
    const other = await writeConfig(
      'version.yaml',
      `federation_version: =2.3.0\nsubgraphs:\n${subgraphYaml('products', schemaPath('products'))}`,
    );
    expect((await composeSupergraphConfig(other)).warnings).toEqual([expect.stringContaining(`composing with ${compositionVersion()}`)]);
    for (const fed1Version of ['1', '=1.2.0', '=0.36.0']) {
      const fed1 = await writeConfig(
        'fed1.yaml',
        `federation_version: ${fed1Version}\nsubgraphs:\n${subgraphYaml('products', schemaPath('products'))}`,
      );
      await expect(composeSupergraphConfig(fed1)).rejects.toThrow(/Federation 1 composition is not supported/);
    }
    for (const future of ['3', '=3.0.0']) {
      const path = await writeConfig(
        'fed3.yaml',
        `federation_version: ${future}\nsubgraphs:\n${subgraphYaml('products', schemaPath('products'))}`,
      );
      await expect(composeSupergraphConfig(path)).rejects.toThrow(/there is no Federation 3; use federation_version: =/);
    }
  });

  describe('gives one clear line for bad input', () => {
    const cases: [string, string, RegExp, string | undefined][] = [
      [
        'a missing schema file',
        `subgraphs:\n${subgraphYaml('products', './nope.graphql')}`,
        /cannot read schema\.file .*nope\.graphql: ENOENT/,
        'products',
      ],
      ['unreadable YAML', 'subgraphs:\n  products: [unclosed\n', /not valid YAML/, undefined],
      [
        'an unknown key',
        'subgraphs:\n  products:\n    routing_ur: http://x\n    schema:\n      file: x.graphql\n',
        /subgraphs\.products: unknown key "routing_ur" \(did you mean "routing_url"\?\)$/,
        'products',
      ],
      ['a schema with no source', 'subgraphs:\n  products:\n    schema: {}\n', /expected exactly one of schema\.file/, 'products'],
      [
        'a mistyped key under schema',
        'subgraphs:\n  products:\n    schema:\n      files: x.graphql\n',
        /subgraphs\.products\.schema: unknown key "files" \(did you mean "file"\?\); expected exactly one of schema\.file/,
        'products',
      ],
      [
        'a mistyped schema key',
        'subgraphs:\n  products:\n    routing_url: http://x\n    schemaa:\n      file: x.graphql\n',
        /subgraphs\.products: unknown key "schemaa" \(did you mean "schema"\?\)$/,
        'products',
      ],
      [
        'an unset environment variable',
        'subgraphs:\n  products:\n    routing_url: ${env.GATEHOUSE_SURELY_UNSET}\n    schema:\n      file: x\n',
        /GATEHOUSE_SURELY_UNSET is not set/,
        undefined,
      ],
      [
        'an unreachable subgraph_url',
        `subgraphs:\n  products:\n    schema:\n      subgraph_url: http://127.0.0.1:${closedPort}/graphql\n`,
        /schema\.subgraph_url: could not reach http:\/\/127\.0\.0\.1:\d+\/graphql \(ECONNREFUSED\)/,
        'products',
      ],
    ];
    it.each(cases)('%s', async (_label, yaml, message, subgraph) => {
      const path = await writeConfig('bad.yaml', yaml);
      const error = (await composeSupergraphConfig(path).catch((caught: unknown) => caught)) as SupergraphConfigError;
      expect(error).toBeInstanceOf(SupergraphConfigError);
      expect(error.message).toMatch(message);
      expect(error.message.split('\n')).toHaveLength(1);
      expect(error.subgraph).toBe(subgraph);
      if (subgraph) expect(error.message).toContain(`subgraph "${subgraph}"`);
    });

    it('a missing config file', async () => {
      await expect(composeSupergraphConfig(join(directory, 'absent.yaml'))).rejects.toThrow(
        /cannot read supergraph config .*absent\.yaml: ENOENT/,
      );
    });
  });
});
