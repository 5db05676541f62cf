import { describe, expect, it } from 'vitest';
import { registryCommand } from '../../src/cli/commands/registry.ts';
import { subgraphCommand } from '../../src/cli/commands/subgraph.ts';
import { supergraphCommand } from '../../src/cli/commands/supergraph.ts';
import { parseDuration } from '../../src/config/duration.ts';
import { gatewayConfigJsonSchema } from '../../src/config/index.ts';
import { silentLogger } from '../../src/observability/index.ts';
import { tokenVerifier } from '../../src/registry/access/registryPrincipal.ts';
import { createRegistryHttpServer, type Registry } from '../../src/registry/index.ts';
import * as registryErrors from '../../src/registry/registryErrors.ts';
import { docsPage } from '../support/docsReference.ts';

const section = docsPage('registry');

/** The cells of every table row whose first cell is code. */
const tableRows = section
  .split('\n')
  .filter((line) => line.startsWith('| `'))
  .map((line) =>
    line
      .replaceAll('\\|', '\u0000')
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim().replaceAll('\u0000', '|')),
  );
const firstCode = (cell: string | undefined) => /^`([^`]+)`/.exec(cell ?? '')?.[1] ?? '';

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  default?: unknown;
}

function leafOptions(node: SchemaNode, path: string, leaves = new Map<string, SchemaNode>()): Map<string, SchemaNode> {
  const children = Object.entries(node.properties ?? {});
  if (children.length === 0) leaves.set(path, node);
  for (const [key, child] of children) leafOptions(child, `${path}.${key}`, leaves);
  return leaves;
}

describe('docs/registry.md', () => {
  it('documents every registry option of gatehouse.yaml, and only those, with their defaults', () => {
    const schema = gatewayConfigJsonSchema() as SchemaNode;
    const options = new Map([
      ...leafOptions(schema.properties?.supergraph?.properties?.registry ?? {}, 'supergraph.registry'),
      ...leafOptions(schema.properties?.registry ?? {}, 'registry'),
    ]);
    const rows = tableRows.filter((cells) => cells.length === 4 && /^(supergraph\.)?registry\./.test(firstCode(cells[0])));
    expect(rows.map((cells) => firstCode(cells[0])).sort()).toEqual([...options.keys()].sort());
    for (const [keyCell, type, defaultCell] of rows) {
      const written = firstCode(defaultCell);
      const expected = options.get(firstCode(keyCell))?.default;
      if (!written || expected === undefined) continue;
      const value =
        type === 'duration'
          ? parseDuration(written)
          : type === 'integer'
            ? Number(written)
            : type === 'boolean'
              ? written === 'true'
              : written;
      expect(value, firstCode(keyCell)).toEqual(expected);
    }
  });

  it('documents every HTTP route, and each one exists', async () => {
    // Only the routing table is looked at: no handler runs, so no registry behind it is needed.
    const app = await createRegistryHttpServer({
      registry: { store: {} } as unknown as Registry,
      verifier: tokenVerifier({} as never, undefined),
      bodyLimit: 1024,
      logger: silentLogger,
    });
    const routes = tableRows.map((cells) => firstCode(cells[0])).filter((cell) => /^(GET|POST|PUT|DELETE) \//.test(cell));
    // fastify adds HEAD beside every GET; every other method of every route must have its row.
    const registered = [...app.printRoutes({ commonPrefix: false }).matchAll(/\(([A-Z, ]+)\)/g)].flatMap((match) =>
      (match[1] ?? '').split(', ').filter((method) => method !== 'HEAD'),
    );
    expect(routes.length).toBe(registered.length);
    for (const route of routes) {
      const [method, url] = route.split(' ') as [string, string];
      expect(app.hasRoute({ method: method as 'GET', url }), route).toBe(true);
    }
    await app.close();
  });

  it('documents every error code the registry answers with', () => {
    const codes = Object.values(registryErrors).flatMap((value) =>
      typeof value === 'function' && 'code' in value ? [String(value.code)] : [],
    );
    const documented = tableRows.flatMap((cells) => [...(cells[0] ?? '').matchAll(/`([A-Z_]+)`/g)].map((match) => match[1]));
    expect(codes.length).toBeGreaterThan(10);
    expect(codes.filter((code) => !documented.includes(code))).toEqual([]);
    expect(documented).toContain(registryErrors.COMPOSITION_FAILED);
  });

  it('documents every CLI action', () => {
    const actionsOf = (usage: string) => [...usage.matchAll(/^ {2}([a-z-]+) /gm)].map((match) => match[1]);
    const commands = [
      ...actionsOf(subgraphCommand.usage).map((action) => `gatehouse subgraph ${action}`),
      ...actionsOf(supergraphCommand.usage).map((action) => `gatehouse supergraph ${action}`),
      ...[...registryCommand.usage.matchAll(/^(gatehouse registry [a-z-]+(?: [a-z]+)?)/gm)].map((match) => match[1]),
    ];
    expect(commands.length).toBeGreaterThanOrEqual(13);
    expect(commands.filter((command) => !section.includes(`\`${command}`))).toEqual([]);
  });
});
