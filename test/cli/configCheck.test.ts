// `gatehouse config check` loads what the config names as `gatehouse start` does — the supergraph and the
// rule module — and says ok with what it found, or exits 1 with one line naming the key and the file.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { expectOneLine } from '../support/expectOneLine.ts';
import { runCli } from '../support/runCli.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The compiled package the CLI runs: a rule module outside the repository imports it by path, as users import 'gatehouse'. */
const PACKAGE_ENTRY = join(ROOT, 'dist/src/index.js');

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'gatehouse-config-check-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Writes a gatehouse.yaml into the test's folder and returns its path. */
async function configFile(name: string, config: unknown): Promise<string> {
  const path = join(directory, name);
  await writeFile(path, stringify(config));
  return path;
}

/** `gatehouse config check`, run from the repository (where `./examples/permissions.ts` and `schema/` are). */
const check = (...args: string[]) => runCli(['config', 'check', ...args], { cwd: ROOT, timeoutMs: 60_000 });

describe('gatehouse config check on a config that would start', () => {
  it('reports ok with the supergraph file, its subgraphs and how many fields the rule module guards', async () => {
    const config = await configFile('good.yaml', {
      supergraph: { file: 'schema/supergraph.graphql' },
      authorization: { rules: './examples/permissions.ts' },
    });
    const result = await check('--config', config);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toEqual([
      `${config}: ok`,
      '  supergraph.file schema/supergraph.graphql: 4 subgraphs (accounts, inventory, products, reviews)',
      expect.stringMatching(
        /^ {2}authorization: \d+ of \d+ fields have a rule \(from \.\/examples\/permissions\.ts and the supergraph's directives\)$/,
      ),
    ]);
  });

  it('loads a TypeScript rule module from a folder that is no ES module package (Node takes it for CommonJS)', async () => {
    const rules = join(directory, 'outside.ts');
    await writeFile(
      rules,
      `import { allow, definePermissions, isAuthenticated } from ${JSON.stringify(PACKAGE_ENTRY)};\nexport default definePermissions({ Query: { '*': allow, me: isAuthenticated } });\n`,
    );
    const config = await configFile('outside.yaml', { supergraph: { file: 'schema/supergraph.graphql' }, authorization: { rules } });
    const result = await check('--config', config);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/authorization: \d+ of \d+ fields have a rule \(from .*outside\.ts and the supergraph's directives\)/);
  });

  it('takes the supergraph from --supergraph when the config leaves it out, as start does', async () => {
    const config = await configFile('no-supergraph.yaml', { authorization: { rules: './examples/permissions.ts' } });
    const result = await check('--config', config, '--supergraph', 'schema/supergraph.graphql');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('supergraph.file schema/supergraph.graphql: 4 subgraphs');
  });

  it('composes a supergraph.compose config', async () => {
    const config = await configFile('compose.yaml', { supergraph: { compose: 'supergraph.yaml' } });
    const result = await check('--config', config);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('supergraph.compose supergraph.yaml: 4 subgraphs (accounts, inventory, products, reviews)');
  });

  it('does not ask a registry (it may be unreachable from CI), and says what it left unchecked', async () => {
    const config = await configFile('registry.yaml', {
      supergraph: { registry: { url: 'http://127.0.0.1:1' } },
      authorization: { rules: './examples/permissions.ts' },
    });
    const result = await check('--config', config);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('supergraph.registry http://127.0.0.1:1: not fetched (the gateway follows the registry at run time)');
    expect(result.stdout).toContain('authorization.rules ./examples/permissions.ts: loaded; not fitted to a supergraph');
  });
});

describe('gatehouse config check on what the config names', () => {
  it('names a supergraph file that does not exist', async () => {
    const config = await configFile('absent.yaml', { supergraph: { file: './nope.graphql' } });
    expectOneLine(
      await check('--config', config),
      /^error: supergraph\.file: cannot read supergraph file .*nope\.graphql: no such file \(ENOENT\)$/,
    );
  });

  it('says a plain schema is not a supergraph', async () => {
    const plain = join(directory, 'plain.graphql');
    await writeFile(plain, 'type Query { hello: String }\n');
    const config = await configFile('plain.yaml', { supergraph: { file: plain } });
    expectOneLine(await check('--config', config), /^error: supergraph\.file: .*plain\.graphql: not a valid supergraph: /);
  });

  it('names a supergraph.yaml to compose that does not exist', async () => {
    const config = await configFile('no-compose.yaml', { supergraph: { compose: './nope.yaml' } });
    expectOneLine(await check('--config', config), /^error: supergraph\.compose: cannot read supergraph config \.\/nope\.yaml: ENOENT$/);
  });

  it('names a rule module that does not exist', async () => {
    const config = await configFile('no-rules.yaml', {
      supergraph: { file: 'schema/supergraph.graphql' },
      authorization: { rules: './nope.ts' },
    });
    expectOneLine(await check('--config', config), /^error: authorization\.rules: cannot load .*nope\.ts: no such file \(ENOENT\)$/);
  });

  it('says what is wrong with a TypeScript rule module that does not compile', async () => {
    const rules = join(directory, 'broken.ts');
    await writeFile(rules, 'export default definePermissions({ Query: {\n');
    const config = await configFile('broken.yaml', { supergraph: { file: 'schema/supergraph.graphql' }, authorization: { rules } });
    expectOneLine(await check('--config', config), /^error: authorization\.rules: cannot load .*broken\.ts: .*broken\.ts:2:0: ERROR: /);
  });

  it('says a module without definePermissions as its default export is not a rule module', async () => {
    const rules = join(directory, 'no-default.mjs');
    await writeFile(rules, 'export const rules = {};\n');
    const config = await configFile('no-default.yaml', { supergraph: { file: 'schema/supergraph.graphql' }, authorization: { rules } });
    expectOneLine(
      await check('--config', config),
      /^error: authorization\.rules: .*no-default\.mjs must `export default definePermissions/,
    );
  });

  it('names the fields and types a rule module guards that the supergraph does not have', async () => {
    const rules = join(directory, 'permissions.ts');
    await writeFile(
      rules,
      [
        `import { allow, definePermissions, deny } from ${JSON.stringify(PACKAGE_ENTRY)};`,
        "export default definePermissions({ Query: { '*': allow, nope: deny }, Nothing: deny });",
      ].join('\n'),
    );
    const config = await configFile('misfit.yaml', { supergraph: { file: 'schema/supergraph.graphql' }, authorization: { rules } });
    expectOneLine(
      await check('--config', config),
      /^error: authorization\.rules: .*permissions\.ts does not fit supergraph\.file schema\/supergraph\.graphql: rules name field Query\.nope, which the schema does not have; rules name type Nothing, which the schema does not have$/,
    );
  });
});
