import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Registry, type RegistryStore } from '../../../src/registry/index.ts';
import { startTestRegistryServer, TEST_ADMIN_TOKEN, type TestRegistryServer } from '../support/registryServer.ts';
import { STORE_KINDS, type TestStore } from '../support/registryStores.ts';
import { type RoverOperation, roverVariables, sendAsRover } from './roverRequests.ts';

const PRODUCTS_SDL = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])

type Product @key(fields: "upc") {
  upc: String!
  name: String
}

type Query {
  topProducts: [Product!]!
}
`;

/** The reviews schema rover published in the recorded run. */
const REVIEWS_SDL = (roverVariables('SubgraphPublishMutation') as { schema: { sdl: string } }).schema.sdl;
const REVIEWS_URL = 'http://reviews.internal:4002/graphql';

describe.each(STORE_KINDS)('rover 0.41.0 against the registry’s platform API on $name', (kind) => {
  let testStore: TestStore;
  let store: RegistryStore;
  let server: TestRegistryServer;
  let endpoint: string;
  let reviewsKey: string;
  let readonlyKey: string;
  let graphCount = 0;

  beforeAll(async () => {
    testStore = await kind.open();
    store = testStore.store;
    server = await startTestRegistryServer(await Registry.open(store));
    endpoint = `${server.url}/api/graphql`;
    const admin = server.client();
    reviewsKey = (await admin.createToken({ name: 'reviews team', role: 'subgraph', subgraph: 'reviews' })).token;
    readonlyKey = (await admin.createToken({ name: 'gateways', role: 'readonly' })).token;
  });
  afterAll(async () => {
    await server?.close();
    await testStore?.close();
  });

  /** A graph id no other test uses. */
  const freshGraph = () => `shop${++graphCount}`;

  const rover = (operation: RoverOperation, variables: Record<string, unknown> | null, key = TEST_ADMIN_TOKEN) =>
    sendAsRover(endpoint, key, operation, variables);

  /** `rover subgraph publish GRAPH@VARIANT --name NAME --schema … --routing-url URL`'s last request. */
  const publish = (graph: string, variant: string, subgraph: string, sdl: string, options: { url?: string; key?: string } = {}) =>
    rover(
      'SubgraphPublishMutation',
      {
        ...roverVariables('SubgraphPublishMutation'),
        graph_id: graph,
        variant,
        subgraph,
        url: options.url ?? `http://${subgraph}.internal:4002/graphql`,
        schema: { hash: null, sdl },
      },
      options.key,
    );

  /** A graph whose prod variant holds products and reviews. */
  async function shopWithTwoSubgraphs(): Promise<string> {
    const graph = freshGraph();
    expect((await publish(graph, 'prod', 'products', PRODUCTS_SDL)).errors).toBeUndefined();
    expect((await publish(graph, 'prod', 'reviews', REVIEWS_SDL, { url: REVIEWS_URL })).errors).toBeUndefined();
    return graph;
  }

  const subgraphNames = async (graph: string, variant: string) => {
    const listed = await rover('SubgraphListQuery', { graph_id: graph, variant });
    const found = listed.data?.graph as { variant: { subgraphs: { name: string }[] } | null } | null;
    return found?.variant?.subgraphs.map((subgraph) => subgraph.name) ?? null;
  };

  it('publishes as rover does: a new graph is not listed, the publish creates it, and the answer says what rover prints', async () => {
    const graph = freshGraph();
    const before = await rover('VariantListQuery', { graph_id: graph });
    expect(before).toMatchObject({ status: 200, data: { frontendUrlRoot: server.url, graph: null } });

    const products = await publish(graph, 'prod', 'products', PRODUCTS_SDL);
    expect(products).toMatchObject({ status: 200, errors: undefined });
    const reviews = await rover('SubgraphPublishMutation', { ...roverVariables('SubgraphPublishMutation'), graph_id: graph });
    expect(reviews.errors).toBeUndefined();
    expect(reviews.data).toEqual({
      graph: {
        publishSubgraph: {
          compositionConfig: { schemaHash: expect.stringMatching(/^[0-9a-f]{64}$/) },
          errors: [],
          didUpdateGateway: true,
          serviceWasCreated: true,
          serviceWasUpdated: true,
          launchCliCopy: `The supergraph of ${graph}@prod is at version 2.`,
          launchUrl: null,
        },
      },
    });

    const after = await rover('VariantListQuery', { graph_id: graph });
    expect(after.data).toEqual({ frontendUrlRoot: server.url, graph: { variants: [{ name: 'prod' }] } });
    const federated = await rover('IsFederatedGraph', { graph_id: graph, variant: 'prod' });
    expect(federated.data).toEqual({ graph: { variant: { subgraphs: [{ name: 'products' }, { name: 'reviews' }] } } });

    const again = await rover('SubgraphPublishMutation', { ...roverVariables('SubgraphPublishMutation'), graph_id: graph });
    expect(again.data).toMatchObject({
      graph: {
        publishSubgraph: {
          compositionConfig: null,
          errors: [],
          didUpdateGateway: false,
          serviceWasCreated: false,
          serviceWasUpdated: false,
        },
      },
    });
  });

  it('reuses the stored routing URL: SubgraphRoutingUrlQuery gives it, and `--no-url` (url "") keeps it', async () => {
    const graph = await shopWithTwoSubgraphs();
    const ref = `${graph}@prod`;
    const routing = await rover('SubgraphRoutingUrlQuery', { graph_ref: ref, subgraph_name: 'reviews' });
    expect(routing.data).toEqual({ variant: { __typename: 'GraphVariant', subgraph: { url: REVIEWS_URL } } });
    const unknown = await rover('SubgraphRoutingUrlQuery', { graph_ref: ref, subgraph_name: 'shipping' });
    expect(unknown.data).toEqual({ variant: { __typename: 'GraphVariant', subgraph: null } });

    const updated = await publish(graph, 'prod', 'reviews', `${REVIEWS_SDL}\ntype Author { name: String }\n`, { url: '' });
    expect(updated.data).toMatchObject({ graph: { publishSubgraph: { serviceWasCreated: false, serviceWasUpdated: true } } });
    expect((await rover('SubgraphRoutingUrlQuery', { graph_ref: ref, subgraph_name: 'reviews' })).data).toEqual(routing.data);
  });

  it('fetches a subgraph’s SDL, names the valid subgraphs for an unknown one, and tells a malformed or unknown ref', async () => {
    const graph = await shopWithTwoSubgraphs();
    const fetched = await rover('SubgraphFetchQuery', { graph_ref: `${graph}@prod`, subgraph_name: 'reviews' });
    expect(fetched.data).toEqual({
      variant: {
        __typename: 'GraphVariant',
        subgraph: { url: REVIEWS_URL, activePartialSchema: { sdl: REVIEWS_SDL } },
        subgraphs: [{ name: 'products' }, { name: 'reviews' }],
      },
    });
    const missing = await rover('SubgraphFetchQuery', { graph_ref: `${graph}@prod`, subgraph_name: 'shipping' });
    expect(missing.data).toMatchObject({ variant: { subgraph: null, subgraphs: [{ name: 'products' }, { name: 'reviews' }] } });
    const malformed = await rover('SubgraphFetchQuery', { graph_ref: 'not a ref!', subgraph_name: 'reviews' });
    expect(malformed.data).toEqual({ variant: { __typename: 'InvalidRefFormat' } });
    const unknownVariant = await rover('SubgraphFetchQuery', { graph_ref: `${graph}@staging`, subgraph_name: 'reviews' });
    expect(unknownVariant.data).toEqual({ variant: null });
  });

  it('lists subgraphs with their routing URLs and RFC 3339 update times', async () => {
    const graph = await shopWithTwoSubgraphs();
    const listed = await rover('SubgraphListQuery', { graph_id: graph, variant: 'prod' });
    expect(listed.data).toEqual({
      frontendUrlRoot: server.url,
      graph: {
        variant: {
          subgraphs: [
            { name: 'products', url: 'http://products.internal:4002/graphql', updatedAt: expect.any(String) },
            { name: 'reviews', url: REVIEWS_URL, updatedAt: expect.any(String) },
          ],
        },
      },
    });
    const { subgraphs } = (listed.data as { graph: { variant: { subgraphs: { updatedAt: string }[] } } }).graph.variant;
    for (const { updatedAt } of subgraphs) expect(new Date(updatedAt).toISOString()).toBe(updatedAt);
    expect((await rover('SubgraphListQuery', { graph_id: graph, variant: 'staging' })).data).toMatchObject({ graph: { variant: null } });
  });

  it('fetches the latest supergraph, and lists the existing variants for an unknown one', async () => {
    const graph = await shopWithTwoSubgraphs();
    const latest = await (await Registry.open(store, { ref: { graph, variant: 'prod' } })).latestSupergraph();
    const fetched = await rover('SupergraphFetchQuery', { graph_id: graph, variant: 'prod' });
    expect(fetched.data).toEqual({
      frontendUrlRoot: server.url,
      graph: {
        variants: [{ name: 'prod' }],
        variant: {
          latestApprovedLaunch: { build: { result: { __typename: 'BuildSuccess', coreSchema: { coreDocument: latest.supergraphSdl } } } },
        },
      },
    });
    const unknown = await rover('SupergraphFetchQuery', { graph_id: graph, variant: 'staging' });
    expect(unknown.data).toEqual({ frontendUrlRoot: server.url, graph: { variants: [{ name: 'prod' }], variant: null } });
  });

  it('keeps variants apart: each has its own subgraphs and supergraph, and the default graph is untouched', async () => {
    const graph = await shopWithTwoSubgraphs();
    await publish(graph, 'staging', 'products', PRODUCTS_SDL.replace('name: String', 'name: String\n  price: Int'));
    expect(await subgraphNames(graph, 'staging')).toEqual(['products']);
    expect(await subgraphNames(graph, 'prod')).toEqual(['products', 'reviews']);
    const supergraph = async (variant: string) => {
      const fetched = await rover('SupergraphFetchQuery', { graph_id: graph, variant });
      return JSON.stringify(fetched.data);
    };
    expect(await supergraph('staging')).toContain('price: Int');
    expect(await supergraph('prod')).not.toContain('price: Int');
    expect((await rover('VariantListQuery', { graph_id: graph })).data).toMatchObject({
      graph: { variants: [{ name: 'prod' }, { name: 'staging' }] },
    });
    expect(await server.client().listSubgraphs()).toEqual({ subgraphs: [] });
  });

  it('answers a wrong key with null everywhere (HTTP 200, as rover needs) and changes nothing', async () => {
    const graph = await shopWithTwoSubgraphs();
    const wrongKey = 'ght_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    const whoami = await rover('ConfigWhoAmIQuery', null, wrongKey);
    expect(whoami).toMatchObject({ status: 200, data: { me: null }, errors: undefined });
    const published = await publish(graph, 'prod', 'reviews', `${REVIEWS_SDL}\ntype Extra { x: Int }\n`, { key: wrongKey });
    expect(published).toMatchObject({ status: 200, data: { graph: null }, errors: undefined });
    const deleted = await rover(
      'SubgraphDeleteMutation',
      { graph_id: graph, variant: 'prod', subgraph: 'reviews', dry_run: false },
      wrongKey,
    );
    expect(deleted.data).toEqual({ graph: null });
    expect((await rover('SubgraphListQuery', { graph_id: graph, variant: 'prod' }, wrongKey)).data).toMatchObject({ graph: null });
    expect((await rover('SubgraphFetchQuery', { graph_ref: `${graph}@prod`, subgraph_name: 'reviews' }, wrongKey)).data).toEqual({
      variant: null,
    });

    const fetched = await rover('SubgraphFetchQuery', { graph_ref: `${graph}@prod`, subgraph_name: 'reviews' });
    expect(fetched.data).toMatchObject({ variant: { subgraph: { activePartialSchema: { sdl: REVIEWS_SDL } } } });
    expect(await subgraphNames(graph, 'prod')).toEqual(['products', 'reviews']);
  });

  it('lets a team key publish only its own subgraph, and a read-only key read but not write', async () => {
    const graph = await shopWithTwoSubgraphs();
    const own = await publish(graph, 'prod', 'reviews', `${REVIEWS_SDL}\ntype Author { name: String }\n`, { key: reviewsKey });
    expect(own.errors).toBeUndefined();
    expect(own.data).toMatchObject({ graph: { publishSubgraph: { serviceWasUpdated: true } } });

    const other = await publish(graph, 'prod', 'products', PRODUCTS_SDL.replace('name: String', 'title: String'), { key: reviewsKey });
    expect(other).toMatchObject({
      status: 200,
      data: { graph: { publishSubgraph: null } },
      errors: [{ message: 'a token for subgraph "reviews" may not publish subgraph "products"', extensions: { code: 'FORBIDDEN' } }],
    });
    const readonly = await publish(graph, 'prod', 'reviews', REVIEWS_SDL, { key: readonlyKey });
    expect(readonly.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const deleted = await rover(
      'SubgraphDeleteMutation',
      { graph_id: graph, variant: 'prod', subgraph: 'products', dry_run: false },
      reviewsKey,
    );
    expect(deleted.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const products = await rover('SubgraphFetchQuery', { graph_ref: `${graph}@prod`, subgraph_name: 'products' }, readonlyKey);
    expect(products.data).toMatchObject({ variant: { subgraph: { activePartialSchema: { sdl: PRODUCTS_SDL } } } });
    const audit = await server.client().auditLog({ limit: 3 });
    expect(audit.entries.map((entry) => [entry.action, entry.outcome, entry.subgraph])).toEqual([
      ['subgraph.delete', 'rejected', 'products'],
      ['subgraph.publish', 'rejected', 'reviews'],
      ['subgraph.publish', 'rejected', 'products'],
    ]);
  });

  it('refuses a publish that does not compose with an error rover prints, listing each composition error with its code', async () => {
    const graph = await shopWithTwoSubgraphs();
    const clash = PRODUCTS_SDL.replace('upc: String!', 'upc: Int!');
    const refused = await publish(graph, 'prod', 'products', clash);
    expect(refused.data).toEqual({ graph: { publishSubgraph: null } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('COMPOSITION_FAILED');
    expect(refused.errors?.[0]?.message).toMatch(
      /^publishing subgraph "products": composition failed with \d+ errors?; nothing was changed\n[A-Z_]+: /,
    );
    expect((await rover('SubgraphFetchQuery', { graph_ref: `${graph}@prod`, subgraph_name: 'products' })).data).toMatchObject({
      variant: { subgraph: { activePartialSchema: { sdl: PRODUCTS_SDL } } },
    });
  });

  /** `rover subgraph check REF --name NAME --schema …`: submit, poll the status, read the whole workflow. */
  async function check(graph: string, subgraph: string, sdl: string, key = TEST_ADMIN_TOKEN) {
    const recorded = roverVariables('SubgraphCheckMutation') as { input: Record<string, unknown> };
    const submitted = await rover(
      'SubgraphCheckMutation',
      {
        graph_id: graph,
        name: 'prod',
        input: { ...recorded.input, graphRef: `${graph}@prod`, subgraphName: subgraph, proposedSchema: sdl },
      },
      key,
    );
    expect(submitted.errors).toBeUndefined();
    const request = (submitted.data as { graph: { variant: { submitSubgraphCheckAsync: Record<string, string> } } }).graph.variant
      .submitSubgraphCheckAsync;
    if (request.__typename !== 'CheckRequestSuccess') return { request, status: undefined, workflow: undefined };
    const ids = { workflowId: request.workflowID, graphId: graph };
    const status = (await rover('SubgraphCheckWorkflowStatusQuery', ids, key)).data;
    const workflow = (await rover('SubgraphCheckWorkflowQuery', ids, key)).data;
    return { request, status, workflow };
  }

  it('checks a breaking change through the workflow rover polls: finished at the first poll, FAILED, with the change as FAILURE', async () => {
    const graph = await shopWithTwoSubgraphs();
    const { request, status, workflow } = await check(graph, 'reviews', REVIEWS_SDL.replace('  rating: Int\n', ''), reviewsKey);
    expect(request).toEqual({
      __typename: 'CheckRequestSuccess',
      targetURL: expect.stringContaining(server.url),
      workflowID: expect.any(String),
    });
    expect(status).toEqual({
      graph: {
        checkWorkflow: {
          status: 'FAILED',
          tasks: [
            { __typename: 'CompositionCheckTask', targetURL: null },
            { __typename: 'OperationsCheckTask', targetURL: null },
          ],
        },
      },
    });
    expect(workflow).toEqual({
      graph: {
        checkWorkflow: {
          status: 'FAILED',
          tasks: [
            {
              __typename: 'CompositionCheckTask',
              status: 'PASSED',
              targetURL: null,
              coreSchemaModified: true,
              result: { __typename: 'CompositionCheckResult', errors: [] },
            },
            {
              __typename: 'OperationsCheckTask',
              status: 'FAILED',
              targetURL: null,
              result: {
                __typename: 'OperationsCheckResult',
                checkSeverity: 'FAILURE',
                numberOfCheckedOperations: 0,
                changes: [
                  {
                    severity: 'FAILURE',
                    code: 'FIELD_REMOVED',
                    description:
                      "Field 'rating' was removed from object type 'Review' (breaking, but unused by any client in the last 7 days)",
                  },
                ],
              },
            },
          ],
        },
      },
    });
  });

  it('passes a check with an additive change (listed as NOTICE), and reports composition errors with their codes', async () => {
    const graph = await shopWithTwoSubgraphs();
    const additive = await check(graph, 'reviews', REVIEWS_SDL.replace('  rating: Int\n', '  rating: Int\n  title: String\n'));
    expect(additive.status).toMatchObject({ graph: { checkWorkflow: { status: 'PASSED' } } });
    expect(JSON.stringify(additive.workflow)).toContain('"severity":"NOTICE","code":"FIELD_ADDED"');

    const clash = await check(graph, 'reviews', REVIEWS_SDL.replace('upc: String!', 'upc: Int!'));
    const tasks = (clash.workflow as { graph: { checkWorkflow: { status: string; tasks: Record<string, unknown>[] } } }).graph
      .checkWorkflow;
    expect(tasks.status).toBe('FAILED');
    expect(tasks.tasks[0]).toMatchObject({
      __typename: 'CompositionCheckTask',
      status: 'FAILED',
      result: { errors: [{ code: 'FIELD_TYPE_MISMATCH', message: expect.stringContaining('Product.upc'), locations: [] }] },
    });
    expect(tasks.tasks[1]).toEqual({ __typename: 'OperationsCheckTask', status: 'BLOCKED', targetURL: null, result: null });
  });

  it('answers the polls of a check from another registry instance sharing the database', async () => {
    const graph = await shopWithTwoSubgraphs();
    const { request } = await check(graph, 'reviews', REVIEWS_SDL.replace('  rating: Int\n', ''));
    const other = await startTestRegistryServer(await Registry.open(store));
    try {
      const polled = await sendAsRover(`${other.url}/api/graphql`, TEST_ADMIN_TOKEN, 'SubgraphCheckWorkflowStatusQuery', {
        workflowId: request.workflowID,
        graphId: graph,
      });
      expect(polled.data).toMatchObject({ graph: { checkWorkflow: { status: 'FAILED' } } });
    } finally {
      await other.close();
    }
  });

  it('links a check to its result on the REST API (what rover prints with --background)', async () => {
    const graph = await shopWithTwoSubgraphs();
    const { request } = await check(graph, 'reviews', REVIEWS_SDL.replace('  rating: Int\n', ''));
    expect(request.targetURL).toBe(`${server.url}/api/v1/graphs/${graph}@prod/checks/${request.workflowID}`);
    const linked = await server.request('GET', new URL(request.targetURL ?? '').pathname);
    expect(await linked.json()).toMatchObject({
      id: request.workflowID,
      graphRef: `${graph}@prod`,
      result: { passed: false, failures: ['BREAKING_CHANGES'] },
    });
    const elsewhere = await server.request('GET', `/api/v1/graphs/${graph}@staging/checks/${request.workflowID}`);
    expect(elsewhere.status).toBe(404);
    expect(await elsewhere.json()).toMatchObject({ error: { code: 'CHECK_NOT_FOUND' } });
  });

  it('answers a check by a key that may not check the subgraph with PermissionError, and hides workflows from other graphs', async () => {
    const graph = await shopWithTwoSubgraphs();
    const refused = await check(graph, 'products', PRODUCTS_SDL, reviewsKey);
    expect(refused.request).toEqual({
      __typename: 'PermissionError',
      message: 'a token for subgraph "reviews" may not check subgraph "products"',
    });
    expect((await check(graph, 'reviews', REVIEWS_SDL, readonlyKey)).request.__typename).toBe('PermissionError');

    const other = await shopWithTwoSubgraphs();
    const { request } = await check(graph, 'reviews', REVIEWS_SDL);
    const elsewhere = await rover('SubgraphCheckWorkflowStatusQuery', { workflowId: request.workflowID, graphId: other });
    expect(elsewhere.data).toEqual({ graph: { checkWorkflow: null } });
  });

  it('deletes as rover does: the dry run changes nothing, the real one recomposes, and refusals come back as build errors', async () => {
    const graph = await shopWithTwoSubgraphs();
    const remove = (subgraph: string, dryRun: boolean, key = TEST_ADMIN_TOKEN) =>
      rover('SubgraphDeleteMutation', { graph_id: graph, variant: 'prod', subgraph, dry_run: dryRun }, key);

    expect((await remove('reviews', true)).data).toEqual({
      graph: { removeImplementingServiceAndTriggerComposition: { errors: [], updatedGateway: false } },
    });
    expect(await subgraphNames(graph, 'prod')).toEqual(['products', 'reviews']);
    expect((await remove('reviews', false, reviewsKey)).data).toEqual({
      graph: { removeImplementingServiceAndTriggerComposition: { errors: [], updatedGateway: true } },
    });
    expect(await subgraphNames(graph, 'prod')).toEqual(['products']);

    expect((await remove('reviews', false)).data).toEqual({
      graph: {
        removeImplementingServiceAndTriggerComposition: {
          errors: [{ message: `there is no subgraph "reviews" in ${graph}@prod`, code: 'SUBGRAPH_NOT_FOUND' }],
          updatedGateway: false,
        },
      },
    });
    expect((await remove('products', false)).data).toMatchObject({
      graph: { removeImplementingServiceAndTriggerComposition: { errors: [{ code: 'LAST_SUBGRAPH' }], updatedGateway: false } },
    });
    expect(await subgraphNames(graph, 'prod')).toEqual(['products']);
  });

  it('answers GraphQL-level failures with HTTP 200 and errors, and only a body that is no GraphQL request with 400', async () => {
    const post = (body: string) =>
      fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': TEST_ADMIN_TOKEN }, body });
    const invalid = await post(JSON.stringify({ query: '{ graph(id: "shop") { nope } }' }));
    expect(invalid.status).toBe(200);
    expect(await invalid.json()).toEqual({ errors: [expect.objectContaining({ message: 'Cannot query field "nope" on type "Graph".' })] });
    const unparsable = await post(JSON.stringify({ query: '{ graph(' }));
    expect(unparsable.status).toBe(200);
    expect(((await unparsable.json()) as { errors: { message: string }[] }).errors[0]?.message).toMatch(/^Syntax Error/);
    const notGraphql = await post(JSON.stringify({ variables: {} }));
    expect(notGraphql.status).toBe(400);
    expect(await notGraphql.json()).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('says who a key belongs to (config whoami)', async () => {
    expect((await rover('ConfigWhoAmIQuery', null)).data).toEqual({ me: { __typename: 'User', id: 'admin', asActor: { type: 'USER' } } });
    const team = await rover('ConfigWhoAmIQuery', null, reviewsKey);
    expect(team.data).toEqual({
      me: { __typename: 'User', id: expect.stringMatching(/^token:[0-9a-f]{16} \(reviews team\)$/), asActor: { type: 'USER' } },
    });
  });
});
