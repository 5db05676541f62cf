import { describe, expect, it } from 'vitest';
import type { AccessRules } from '../../src/authz/index.ts';
import { definePermissions, hasRole, loadPermissionsModule, type Permissions } from '../../src/authz/index.ts';
import type { Registry } from '../../src/registry/index.ts';
import { roverVariables, sendAsRover } from './platform/roverRequests.ts';
import { startTestRegistryServer } from './support/registryServer.ts';
import { STORE_KINDS, useTestStore } from './support/registryStores.ts';
import { accountsSdl, seedExampleGraph } from './support/schemas.ts';

const examplePermissions = await loadPermissionsModule('./examples/permissions.ts');

function accessRules(permissions: Permissions): AccessRules {
  return { permissions, policies: {}, enforceDirectives: true };
}

/** examples/permissions.ts with a rule of its own for User.passwordHash and User.invoices. */
const withOwnRules = definePermissions(
  {
    ...(examplePermissions.rules as Record<string, never>),
    User: {
      ...(examplePermissions.rules as { User: Record<string, never> }).User,
      passwordHash: hasRole('admin'),
      invoices: hasRole('admin'),
    },
  },
  { fallbackRule: examplePermissions.fallbackRule },
);

const withPasswordHash = accountsSdl.replace('  ssn: String\n', '  ssn: String\n  passwordHash: String\n');
const withInvoices = accountsSdl
  .replace('  ssn: String\n', '  ssn: String\n  invoices: [Invoice]\n')
  .concat('\ntype Invoice {\n  id: ID!\n  total: Int\n}\n');

describe('authorization coverage in registry checks and publishes (the example graph under examples/permissions.ts)', () => {
  const testStore = useTestStore(STORE_KINDS[0] as (typeof STORE_KINDS)[number]);

  async function registryWith(permissions: Permissions, allowNewlyExposedFields = false): Promise<Registry> {
    const registry = await testStore().freshRegistry({ accessRulesFor: () => accessRules(permissions), allowNewlyExposedFields });
    await seedExampleGraph(registry);
    return registry;
  }

  it("fails a check adding User.passwordHash under User: { '*': allow }, naming the field and the rule", async () => {
    const registry = await registryWith(examplePermissions);
    const result = await registry.check({ subgraph: 'accounts', sdl: withPasswordHash });
    expect(result.passed).toBe(false);
    expect(result.failures).toEqual(['NEWLY_EXPOSED_FIELDS']);
    expect(result.authorization).toEqual({
      fields: [
        {
          field: 'User.passwordHash',
          change: 'added',
          rule: 'allow',
          decidedBy: [{ origin: "type's '*' rule", at: "User['*']", rule: 'allow' }],
          newlyExposed: true,
          unreachable: false,
        },
      ],
      newlyExposed: 1,
      unreachable: 0,
      newlyExposedAllowed: false,
    });
    const allowed = await registry.check({ subgraph: 'accounts', sdl: withPasswordHash, allowNewlyExposedFields: true });
    expect(allowed.passed).toBe(true);
    expect(allowed.authorization?.newlyExposedAllowed).toBe(true);
  });

  it('passes the same field with a rule of its own, and warns (passing) about a field no rule grants', async () => {
    const registry = await registryWith(withOwnRules);
    const own = await registry.check({ subgraph: 'accounts', sdl: withPasswordHash });
    expect(own.passed).toBe(true);
    expect(own.authorization?.fields).toEqual([
      {
        field: 'User.passwordHash',
        change: 'added',
        rule: 'hasRole(admin)',
        decidedBy: [{ origin: 'field rule', at: 'User.passwordHash', rule: 'hasRole(admin)' }],
        newlyExposed: false,
        unreachable: false,
      },
    ]);

    // Invoice is in no entry of the tree: its fields fall to fallbackRule (deny), so nobody can read them.
    const invoices = await registry.check({ subgraph: 'accounts', sdl: withInvoices });
    expect(invoices.passed).toBe(true);
    expect(invoices.authorization).toMatchObject({ newlyExposed: 0, unreachable: 2 });
    expect(invoices.authorization?.fields.find((field) => field.field === 'Invoice.total')).toEqual({
      field: 'Invoice.total',
      change: 'added',
      rule: 'deny',
      decidedBy: [{ origin: 'fallback rule', at: 'fallbackRule', rule: 'deny' }],
      newlyExposed: false,
      unreachable: true,
    });
  });

  it('reports a field whose access directive changes, and fails the change that opens it to anonymous callers', async () => {
    const registry = await registryWith(examplePermissions);
    const guarded = accountsSdl
      .replace('import: ["@key",', 'import: ["@authenticated", "@key",')
      .replace('  name: String\n', '  name: String @authenticated\n');
    expect(guarded).toContain('name: String @authenticated');

    // Adding @authenticated narrows who reads User.name: reported, not a failure.
    const narrowed = await registry.publish({ subgraph: 'accounts', sdl: guarded, actor: 'accounts-team' });
    if (narrowed.status !== 'published') throw new Error(`expected a publish, got ${narrowed.status}`);
    const narrowing = narrowed.authorization?.fields.find((field) => field.field === 'User.name');
    expect(narrowing).toMatchObject({ change: 'access changed', newlyExposed: false, unreachable: false });
    expect(narrowing?.decidedBy).toContainEqual(expect.objectContaining({ origin: 'directive' }));

    // Taking it away again opens the field to anonymous callers, decided by User['*'] only: the check fails.
    const opened = await registry.check({ subgraph: 'accounts', sdl: accountsSdl });
    expect(opened.passed).toBe(false);
    expect(opened.failures).toEqual(['NEWLY_EXPOSED_FIELDS']);
    expect(opened.authorization?.fields).toEqual([
      {
        field: 'User.name',
        change: 'access changed',
        rule: 'allow',
        decidedBy: [{ origin: "type's '*' rule", at: "User['*']", rule: 'allow' }],
        newlyExposed: true,
        unreachable: false,
      },
    ]);
  });

  it('refuses a publish that newly exposes a field (422 NEWLY_EXPOSED_FIELDS, nothing changes) unless allowed; REST and the CLI client agree', async () => {
    const registry = await registryWith(examplePermissions);
    const server = await startTestRegistryServer(registry);
    try {
      const before = (await registry.latestSupergraph()).version;
      const refused = await server.request('POST', '/api/v1/subgraphs/accounts/publish', { body: { schema: withPasswordHash } });
      expect(refused.status).toBe(422);
      const body = (await refused.json()) as { error: { code: string; message: string; authorization: { newlyExposed: number } } };
      expect(body.error.code).toBe('NEWLY_EXPOSED_FIELDS');
      expect(body.error.message).toContain("User.passwordHash (User['*']: allow)");
      expect(body.error.authorization.newlyExposed).toBe(1);
      expect((await registry.latestSupergraph()).version).toBe(before);

      const checked = await server.client().checkSubgraph('accounts', { schema: withPasswordHash });
      expect(checked.failures).toEqual(['NEWLY_EXPOSED_FIELDS']);

      const published = await server.client().publishSubgraph('accounts', { schema: withPasswordHash, allowNewlyExposedFields: true });
      expect(published).toMatchObject({ status: 'published', authorization: { newlyExposed: 1 } });
    } finally {
      await server.close();
    }
  });

  it("reports newly exposed fields to rover's check as a failed custom check task", async () => {
    const registry = await registryWith(examplePermissions);
    const server = await startTestRegistryServer(registry);
    try {
      const endpoint = `${server.url}/api/graphql`;
      const recorded = roverVariables('SubgraphCheckMutation') as { input: Record<string, unknown> };
      const { graph, variant } = registry.ref;
      const submitted = await sendAsRover(endpoint, 'test-admin-token-0123456789', 'SubgraphCheckMutation', {
        graph_id: graph,
        name: variant,
        input: { ...recorded.input, graphRef: `${graph}@${variant}`, subgraphName: 'accounts', proposedSchema: withPasswordHash },
      });
      const workflowId = (submitted.data as { graph: { variant: { submitSubgraphCheckAsync: { workflowID: string } } } }).graph.variant
        .submitSubgraphCheckAsync.workflowID;
      const workflow = await sendAsRover(endpoint, 'test-admin-token-0123456789', 'SubgraphCheckWorkflowQuery', {
        workflowId,
        graphId: graph,
      });
      const checkWorkflow = (workflow.data as { graph: { checkWorkflow: { status: string; tasks: Record<string, unknown>[] } } }).graph
        .checkWorkflow;
      expect(checkWorkflow.status).toBe('FAILED');
      expect(checkWorkflow.tasks.find((task) => task.__typename === 'CustomCheckTask')).toEqual({
        __typename: 'CustomCheckTask',
        status: 'FAILED',
        targetURL: null,
        result: {
          violations: [
            {
              coordinate: 'User.passwordHash',
              level: 'ERROR',
              message: "User.passwordHash would be readable by anonymous callers (User['*']: allow); give it a rule of its own",
              rule: 'NEWLY_EXPOSED_FIELD',
              sourceLocations: [],
            },
          ],
        },
      });
    } finally {
      await server.close();
    }
  });
});
