import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { subscriptionsOpen } from '../subscriptions/support/subscriptionClients.ts';
import { useExampleGateway } from '../support/exampleGraph.ts';
import { waitFor } from '../support/waitFor.ts';
import { saveScreenshot, useChromium } from './support/chromium.ts';

const BENCH_QUERY = readFileSync(new URL('../fixtures/bench-query.graphql', import.meta.url), 'utf8');

/** The text of one of GraphiQL's CodeMirror editors (it renders only the visible lines, so the DOM holds only part). */
const editorText = (page: Page, selector: string) =>
  page.evaluate(
    (css) => (document.querySelector(`${css} .CodeMirror`) as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue(),
    selector,
  );

describe('GraphiQL at the GraphQL endpoint, in Chromium', () => {
  const example = useExampleGateway({ graphiql: { enabled: true, token_help: 'A demo token: npx gatehouse token --sub 2' } });
  const browser = useChromium();

  it('runs the benchmark query and shows its data, with every asset served by the gateway', async () => {
    const page = await browser.newPage();
    const elsewhere: string[] = [];
    const origin = new URL(example.gateway.url).origin;
    page.on('request', (request) => {
      if (!request.url().startsWith(origin) && !request.url().startsWith('data:')) elsewhere.push(request.url());
    });
    await page.goto(example.gateway.url);
    await page.locator('.graphiql-query-editor .CodeMirror').waitFor();
    const opening = await editorText(page, '.graphiql-query-editor');
    expect(opening).toContain('"Authorization": "Bearer <token>"');
    expect(opening).toContain('npx gatehouse token --sub 2');

    await page.locator('.graphiql-query-editor .CodeMirror textarea').focus();
    await page.evaluate((query) => {
      (
        document.querySelector('.graphiql-query-editor .CodeMirror') as unknown as { CodeMirror: { setValue(v: string): void } }
      ).CodeMirror.setValue(query);
    }, BENCH_QUERY);
    await page.keyboard.press('Control+Enter');
    await page.locator('.graphiql-response').getByText('"urigo"').first().waitFor();
    const shown = JSON.parse(await editorText(page, '.graphiql-response'));
    expect(shown.data.topProducts.length).toBeGreaterThan(0);
    expect(shown).toEqual((await example.gateway.post({ query: BENCH_QUERY })).body);
    await saveScreenshot(page, 'graphiql-benchmark-query');
    expect(elsewhere).toEqual([]);
  });

  it('runs a subscription over WebSocket and shows the event a mutation fires', async () => {
    const page = await browser.newPage();
    const sockets: string[] = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));
    await page.goto(example.gateway.url);
    await page.locator('.graphiql-query-editor .CodeMirror').waitFor();
    await page.locator('.graphiql-query-editor .CodeMirror textarea').focus();
    await page.evaluate((query) => {
      (
        document.querySelector('.graphiql-query-editor .CodeMirror') as unknown as { CodeMirror: { setValue(v: string): void } }
      ).CodeMirror.setValue(query);
    }, 'subscription { reviewAdded(upc: "2") { body product { name } } }');
    // GraphiQL parses the editor's text a moment after it changes: until then Run sends the old query over HTTP.
    await waitFor(
      async () => {
        if (sockets.length === 0) await page.keyboard.press('Control+Enter');
        return sockets.length > 0;
      },
      { what: 'GraphiQL to open a WebSocket', timeoutMs: 15_000, intervalMs: 300 },
    );
    await subscriptionsOpen(example.gateway.url, example.graph, 1, 1);
    await example.gateway.post({ query: 'mutation { addReview(upc: "2", body: "Seen in GraphiQL") { id } }' });
    await page.locator('.graphiql-response').getByText('Seen in GraphiQL').first().waitFor();
    expect(JSON.parse(await editorText(page, '.graphiql-response'))).toEqual({
      data: { reviewAdded: { body: 'Seen in GraphiQL', product: { name: 'Couch' } } },
    });
    const { host, pathname } = new URL(example.gateway.url);
    expect(sockets).toEqual([`ws://${host}${pathname}`]);
  });
});
