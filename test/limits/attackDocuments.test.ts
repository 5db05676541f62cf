import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateGatewayOptions } from '../../src/server/index.ts';
import { type ExampleGraph, startExampleGraph, startTestGateway, type TestGateway } from '../support/exampleGraph.ts';
import { aliasExplosion, deepNesting, directiveFlood, fanOutBomb, fragmentCycle } from './support/attackDocuments.ts';
import { expectRefused } from './support/limitedGateway.ts';

// Generous for a loaded 2-core CI machine (each is refused in milliseconds when idle): it catches hangs;
// the code of each refusal shows which check refused it, before GraphQL validation or any subgraph.
const QUICKLY_MS = 5_000;
// Heap growth allowed while one attack is refused (the 5 MB body alone is ~10 MB as a JS string).
const BOUNDED_HEAP_BYTES = 96 * 1024 * 1024;

describe('attack documents are refused quickly, with bounded memory, and reach no subgraph', () => {
  let graph: ExampleGraph;
  const gateways = new Map<string, TestGateway>();

  async function gateway(name: string, options: Partial<CreateGatewayOptions> = {}): Promise<TestGateway> {
    let existing = gateways.get(name);
    if (!existing) {
      existing = await startTestGateway({ supergraph: { sdl: graph.supergraphSdl }, ...options });
      gateways.set(name, existing);
    }
    return existing;
  }
  /** Defaults everywhere. */
  const defaults = () => gateway('defaults');
  /** Bodies up to 8 MB and no byte limit, so the later limits are the ones that act. */
  const permissive = () => gateway('permissive', { server: { body_limit: '8mb' }, limits: { max_bytes: 0, max_tokens: 200_000 } });

  async function expectRefusedQuickly(target: TestGateway, body: unknown, status: number, code: string) {
    graph.received.length = 0;
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const response = await target.post(body);
    const elapsed = performance.now() - started;
    expectRefused(response, graph, { status, code });
    expect(elapsed).toBeLessThan(QUICKLY_MS);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(BOUNDED_HEAP_BYTES);
  }

  beforeAll(async () => {
    graph = await startExampleGraph();
    // Warm each gateway up so the timings measure the refusal, not the first request.
    for (const start of [defaults, permissive]) await (await start()).post({ query: '{ me { id } }' });
  });
  afterAll(async () => {
    for (const started of gateways.values()) await started.close();
    await graph?.close();
  });

  it('deep nesting: 10 000 levels stop at the token limit; 2 000 levels at the nesting limit, before the parser recurses', async () => {
    await expectRefusedQuickly(await defaults(), { query: deepNesting(10_000) }, 400, 'MAX_TOKENS_EXCEEDED');
    await expectRefusedQuickly(await permissive(), { query: deepNesting(2_000) }, 400, 'MAX_NESTING_EXCEEDED');
  });

  it('a 1 MB `{a{a{a…` document is refused at the token limit without being parsed', async () => {
    await expectRefusedQuickly(await permissive(), { query: '{a'.repeat(512 * 1024) }, 400, 'MAX_TOKENS_EXCEEDED');
  });

  it('alias explosion: a1 … a10000 is refused before GraphQL validation compares the fields pairwise', async () => {
    // 130 KB: over max_bytes, the cheapest limit, by default; past it, the alias limit.
    await expectRefusedQuickly(await defaults(), { query: aliasExplosion(10_000) }, 400, 'MAX_BYTES_EXCEEDED');
    await expectRefusedQuickly(await defaults(), { query: aliasExplosion(6_000) }, 400, 'MAX_TOKENS_EXCEEDED');
    await expectRefusedQuickly(await permissive(), { query: aliasExplosion(5_000) }, 400, 'MAX_ALIASES_EXCEEDED');
  });

  it('fragment cycles are left to GraphQL validation, which refuses them at once', async () => {
    graph.received.length = 0;
    const started = performance.now();
    const response = await (await defaults()).post({ query: fragmentCycle(50) });
    expect(performance.now() - started).toBeLessThan(QUICKLY_MS);
    expect(response.status).toBe(400);
    expect(new Set(response.body.errors?.map((error) => error.extensions?.code))).toEqual(new Set(['GRAPHQL_VALIDATION_FAILED']));
    expect(response.body.errors?.[0]?.message).toMatch(/Cannot spread fragment "C\d+" within itself/);
    expect(graph.received).toEqual([]);
  });

  it('a fragment fan-out bomb (10^20 selections) is measured by arithmetic and refused', async () => {
    await expectRefusedQuickly(await defaults(), { query: fanOutBomb(20) }, 400, 'MAX_SELECTIONS_EXCEEDED');
  });

  it('thousands of directives are refused', async () => {
    await expectRefusedQuickly(await defaults(), { query: directiveFlood(5_000) }, 400, 'MAX_TOKENS_EXCEEDED');
    await expectRefusedQuickly(await defaults(), { query: directiveFlood(2_000) }, 400, 'MAX_DIRECTIVES_EXCEEDED');
  });

  it('a 5 MB string is refused by the body limit, and by the document limit when the body may be larger', async () => {
    const body = { query: `{ user(id: "${'x'.repeat(5 * 1024 * 1024)}") { id } }` };
    await expectRefusedQuickly(await defaults(), body, 413, 'PAYLOAD_TOO_LARGE');
    const roomy = await gateway('roomy', { server: { body_limit: '8mb' } });
    await expectRefusedQuickly(roomy, body, 400, 'MAX_BYTES_EXCEEDED');
  });

  it('a huge list of variables: 5 000 variable definitions are refused; 50 000 unused variable values are ignored', async () => {
    const definitions = Array.from({ length: 5_000 }, (_, index) => `$v${index}: Int`).join(', ');
    await expectRefusedQuickly(await defaults(), { query: `query(${definitions}) { me { id } }` }, 400, 'MAX_TOKENS_EXCEEDED');
    const variables = Object.fromEntries(Array.from({ length: 50_000 }, (_, index) => [`v${index}`, index]));
    const started = performance.now();
    const served = await (await defaults()).post({ query: '{ me { id } }', variables });
    expect(served.body).toEqual({ data: { me: { id: '1' } } });
    expect(performance.now() - started).toBeLessThan(QUICKLY_MS);
  });

  it('a batch of 1000 operations is refused before any of them is looked at', async () => {
    const batch = Array.from({ length: 1000 }, () => ({ query: '{ me { id } }' }));
    await expectRefusedQuickly(await defaults(), batch, 400, 'BATCHING_DISABLED');
    const batching = await gateway('batching', { batching: { enabled: true, max_size: 10 } });
    await expectRefusedQuickly(batching, batch, 400, 'MAX_BATCH_SIZE_EXCEEDED');
  });
});
