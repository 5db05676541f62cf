import { describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../../src/config/index.ts';
import { useExampleGateway } from '../support/exampleGraph.ts';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

const get = (url: string, headers: Record<string, string>) => fetch(url, { headers, signal: AbortSignal.timeout(10_000) });

describe('GraphiQL at the GraphQL endpoint', () => {
  const example = useExampleGateway({ graphiql: true });

  it('answers a browser with the GraphiQL page, whose assets come from the gateway itself', async () => {
    const response = await get(example.gateway.url, { accept: BROWSER_ACCEPT });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const page = await response.text();
    const sources = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? '');
    expect(sources).toEqual(expect.arrayContaining(['/graphiql/assets/graphiql.js', '/graphiql/assets/graphiql.css']));
    for (const source of sources) {
      expect(source.startsWith('/')).toBe(true);
      const asset = await get(new URL(source, example.gateway.url).href, {});
      expect(asset.status, source).toBe(200);
      expect(Number(asset.headers.get('content-length') ?? (await asset.arrayBuffer()).byteLength)).toBeGreaterThan(0);
    }
  });

  it('still answers GraphQL over GET and POST to API clients', async () => {
    const query = new URL(example.gateway.url);
    query.searchParams.set('query', '{ topProducts(first: 1) { upc } }');
    const overGet = await get(query.href, { accept: 'application/json', 'apollo-require-preflight': 'true' });
    expect(await overGet.json()).toEqual({ data: { topProducts: [{ upc: '1' }] } });
    // A browser's address bar with a query in the URL is a GraphQL call too.
    const fromAddressBar = await get(query.href, { accept: BROWSER_ACCEPT, 'apollo-require-preflight': 'true' });
    expect(fromAddressBar.headers.get('content-type')).toContain('json');
    expect((await example.gateway.post({ query: '{ topProducts(first: 1) { upc } }' })).body).toEqual({
      data: { topProducts: [{ upc: '1' }] },
    });
  });

  it('serves only the assets it names', async () => {
    const response = await get(new URL('/graphiql/assets/..%2Fpackage.json', example.gateway.url).href, {});
    expect(response.status).toBe(404);
  });
});

describe('GraphiQL switched off', () => {
  const example = useExampleGateway({ graphiql: false });

  it('answers a browser with no page at all (and not Apollo’s landing page, which loads from a CDN)', async () => {
    const response = await get(example.gateway.url, { accept: BROWSER_ACCEPT });
    const body = await response.text();
    expect(body).not.toContain('<html');
    expect(body).not.toContain('cdn');
    expect((await get(new URL('/graphiql/assets/graphiql.js', example.gateway.url).href, {})).status).toBe(404);
  });
});

describe('the graphiql option', () => {
  const supergraph = { sdl: 'type Query { a: Int }' };

  it('takes true or false as short for { enabled }', () => {
    expect(parseGatewayConfig({ supergraph, graphiql: false }).graphiql.enabled).toBe(false);
    expect(parseGatewayConfig({ supergraph, graphiql: true }).graphiql.enabled).toBe(true);
    expect(parseGatewayConfig({ supergraph, graphiql: { token_help: 'ask ops' } }).graphiql).toMatchObject({ token_help: 'ask ops' });
  });

  it('is on by default, and off by default when NODE_ENV=production', () => {
    const previous = process.env.NODE_ENV;
    try {
      process.env.NODE_ENV = 'development';
      expect(parseGatewayConfig({ supergraph }).graphiql.enabled).toBe(true);
      process.env.NODE_ENV = 'production';
      expect(parseGatewayConfig({ supergraph }).graphiql.enabled).toBe(false);
      expect(parseGatewayConfig({ supergraph, graphiql: { token_help: 'x' } }).graphiql.enabled).toBe(false);
    } finally {
      process.env.NODE_ENV = previous;
    }
  });

  it('names the key in a one-line error for a wrong value', () => {
    expect(() => parseGatewayConfig({ supergraph, graphiql: 'yes' })).toThrow(
      'config: graphiql: expected a mapping or true or false, got "yes"',
    );
    expect(() => parseGatewayConfig({ supergraph, graphiql: { enable: true } })).toThrow('config: unknown key graphiql.enable');
  });
});
