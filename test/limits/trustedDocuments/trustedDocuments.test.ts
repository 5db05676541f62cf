import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { parsePersistedQueryManifest } from '../../../src/limits/trustedDocuments/persistedQueryManifest.ts';
import { silentLogger } from '../../../src/observability/index.ts';
import { createGateway } from '../../../src/server/index.ts';
import { expectRefused, expectServed, limitedGateway } from '../support/limitedGateway.ts';

const APOLLO_MANIFEST = fileURLToPath(new URL('../../fixtures/limits/apollo-manifest.json', import.meta.url));
const RELAY_MANIFEST = fileURLToPath(new URL('../../fixtures/limits/relay-manifest.json', import.meta.url));
const TOP_PRODUCTS = 'query TopProducts { topProducts(first: 2) { name } }';
const UNLISTED = '{ users { id } }';

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function byId(id: string, extra: Record<string, unknown> = {}) {
  return { extensions: { persistedQuery: { version: 1, sha256Hash: id } }, ...extra };
}

describe('trusted documents', () => {
  it('reads both manifest formats: Apollo’s and { id: document }', () => {
    const apollo = parsePersistedQueryManifest(
      { format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: 'a', name: 'A', type: 'query', body: '{ me { id } }' }] },
      'apollo.json',
    );
    expect(apollo.byId.get('a')).toBe('{ me { id } }');
    const relay = parsePersistedQueryManifest({ b: '{ users { id } }' }, 'relay.json');
    expect([...relay.documents]).toEqual(['{ users { id } }']);
    expect(() => parsePersistedQueryManifest({ operations: 3 }, 'bad.json')).toThrow(
      /bad\.json: expected an Apollo persisted-query manifest/,
    );
  });

  it('does not start with a manifest it cannot read, and says which file', async () => {
    const missing = '/nonexistent/persisted-queries.json';
    await expect(
      createGateway({
        logger: silentLogger,
        supergraph: { sdl: 'type Query { a: Int }' },
        persisted_queries: { safelist: { manifest: missing } },
      }),
    ).rejects.toThrow(`cannot read the persisted-query manifest ${missing}: ENOENT`);
  });

  describe('automatic persisted queries (on by default)', () => {
    const limited = limitedGateway({ limits: { max_cost: 20 } });
    const query = 'query Top($n: Int) { topProducts(first: $n) { name } }';

    it('answers PersistedQueryNotFound for an unknown id, then serves it by id once registered with its text', async () => {
      const unknown = await limited.post(byId(sha256(query), { variables: { n: 1 } }));
      expect(unknown.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(limited.graph.received).toEqual([]);
      expectServed(await limited.post(byId(sha256(query), { query, variables: { n: 1 } })));
      const again = await limited.post(byId(sha256(query), { variables: { n: 2 } }));
      expectServed(again);
      expect(again.body.data).toEqual({ topProducts: [{ name: 'Table' }, { name: 'Couch' }] });
    });

    it('checks a document sent by id against the limits like any other', async () => {
      expectServed(await limited.post(byId(sha256(query), { query, variables: { n: 1 } })));
      expectRefused(await limited.post(byId(sha256(query), { variables: { n: 21 } })), limited.graph, {
        status: 400,
        code: 'COST_ESTIMATED_TOO_EXPENSIVE',
        values: { cost: 21, maxCost: 20 },
      });
    });
  });

  describe('with APQ turned off', () => {
    const limited = limitedGateway({ persisted_queries: { apq: false } });

    it('answers PersistedQueryNotSupported to an id', async () => {
      const response = await limited.post(byId(sha256(TOP_PRODUCTS)));
      expect(response.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
    });
  });

  describe('a safelist from an Apollo persisted-query manifest', () => {
    const limited = limitedGateway({ persisted_queries: { safelist: { manifest: APOLLO_MANIFEST } } });

    it('serves a listed operation by its id', async () => {
      const response = await limited.post(byId(sha256(TOP_PRODUCTS)));
      expectServed(response);
      expect(response.body.data).toEqual({ topProducts: [{ name: 'Table' }, { name: 'Couch' }] });
    });

    it('serves a listed operation sent as full text', async () => {
      expectServed(await limited.post({ query: TOP_PRODUCTS }));
    });

    it('refuses an operation not in the list with PERSISTED_QUERY_NOT_IN_LIST and 400, and asks no subgraph', async () => {
      expectRefused(await limited.post({ query: UNLISTED }), limited.graph, { status: 400, code: 'PERSISTED_QUERY_NOT_IN_LIST' });
    });

    it('does not let APQ register an operation the list does not have', async () => {
      expectRefused(await limited.post(byId(sha256(UNLISTED), { query: UNLISTED })), limited.graph, {
        status: 400,
        code: 'PERSISTED_QUERY_NOT_IN_LIST',
      });
      const response = await limited.post(byId(sha256(UNLISTED)));
      expect(response.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    });
  });

  describe('a safelist from a { id: document } manifest (Relay, GraphQL Code Generator)', () => {
    const limited = limitedGateway({ persisted_queries: { safelist: { manifest: RELAY_MANIFEST } } });

    it('serves a listed operation by its id and by its text, and refuses another', async () => {
      expectServed(await limited.post(byId('me-v1')));
      expectServed(await limited.post({ query: 'query Me { me { id name } }' }));
      expectRefused(await limited.post({ query: UNLISTED }), limited.graph, { status: 400, code: 'PERSISTED_QUERY_NOT_IN_LIST' });
    });
  });

  describe('a safelist in log mode', () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    const limited = limitedGateway({ logger, persisted_queries: { safelist: { manifest: APOLLO_MANIFEST, mode: 'log' } } });

    it('serves an operation not in the list and logs that it would have been refused', async () => {
      const query = 'query Everyone { users { id } }';
      expectServed(await limited.post({ query, operationName: 'Everyone' }));
      const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(logged).toContainEqual(
        expect.objectContaining({
          operationName: 'Everyone',
          sha256: sha256(query),
          msg: expect.stringMatching(/not in the persisted-query safelist/),
        }),
      );
    });
  });
});
