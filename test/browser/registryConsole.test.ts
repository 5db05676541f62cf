import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraphCommand } from '../../src/cli/commands/subgraph.ts';
import { silentLogger } from '../../src/observability/index.ts';
import { RegistryClient, type RunningRegistry, startRegistry } from '../../src/registry/index.ts';
import { runCommand } from '../registry/support/runCommand.ts';
import { saveScreenshot, useChromium } from './support/chromium.ts';

const ADMIN_TOKEN = 'console-test-admin-token-0123456789';
const DEMO_SUPERGRAPH_CONFIG = fileURLToPath(new URL('../../supergraph.yaml', import.meta.url));
const REVIEWS_SDL = fileURLToPath(new URL('../../schema/reviews.graphql', import.meta.url));

describe('the registry console, in Chromium', () => {
  const browser = useChromium();
  let running: RunningRegistry;
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'gatehouse-console-'));
    running = await startRegistry({
      port: 0,
      data_dir: join(directory, 'registry'),
      admin_token: ADMIN_TOKEN,
      seedFrom: DEMO_SUPERGRAPH_CONFIG,
      logger: silentLogger,
    });
    // Opening PGlite compiles PostgreSQL's WebAssembly: seconds, more on a busy machine.
  }, 120_000);
  afterAll(async () => {
    await running?.close();
    await rm(directory, { recursive: true, force: true });
  });

  async function signIn(page: Page, token: string) {
    await page.goto(`${running.url}/`);
    await page.getByLabel('Registry token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).press('Enter');
  }

  it("lists the demo's four subgraphs after sign-in, with the keyboard", async () => {
    const page = await browser.newPage();
    await signIn(page, ADMIN_TOKEN);
    await page.getByRole('link', { name: 'default@current' }).press('Enter');
    const rows = page.locator('main table tbody tr');
    await page.getByRole('heading', { name: 'Subgraphs of default@current' }).waitFor();
    await expect(rows.locator('td:first-child').allInnerTexts()).resolves.toEqual(['accounts', 'inventory', 'products', 'reviews']);
    await expect(rows.first().innerText()).resolves.toContain('http://127.0.0.1:4101/graphql');
    await saveScreenshot(page, 'console-subgraphs');

    await page.getByRole('link', { name: 'reviews' }).click();
    await page.getByRole('heading', { name: 'Subgraph reviews of default@current' }).waitFor();
    await expect(page.locator('pre.sdl .sdl-keyword').first().innerText()).resolves.toBe('extend');
    await expect(page.locator('pre.sdl').innerText()).resolves.toContain('type Review @key(fields: "id")');
  });

  it('refuses a wrong token in words, and a readonly token sees the graph but not the tokens', async () => {
    const page = await browser.newPage();
    await signIn(page, 'not-a-token');
    await expect(page.getByRole('alert').innerText()).resolves.toBe(
      'The registry refused the token: the registry token is not valid (unknown, revoked or malformed).',
    );
    await saveScreenshot(page, 'console-wrong-token');

    const admin = new RegistryClient({ url: running.url, token: ADMIN_TOKEN });
    const { token } = await admin.createToken({ name: 'viewer', role: 'readonly' });
    await signIn(page, token);
    await page.getByRole('link', { name: 'default@current' }).waitFor();
    await expect(page.getByRole('link', { name: 'Tokens' }).isVisible()).resolves.toBe(false);
    await page.goto(`${running.url}/console/tokens`);
    await expect(page.getByRole('alert').innerText()).resolves.toBe('Not allowed with this token: a readonly token may not manage tokens.');
  });

  it('shows a publish in the history, and the diff shows the new field', async () => {
    const admin = new RegistryClient({ url: running.url, token: ADMIN_TOKEN });
    const sdl = await readFile(REVIEWS_SDL, 'utf8');
    const published = await admin.publishSubgraph('reviews', {
      schema: sdl.replace('  body: String\n', '  body: String\n  rating: Int\n'),
    });
    expect(published).toMatchObject({ status: 'published', supergraphChanged: true });

    const page = await browser.newPage();
    await signIn(page, ADMIN_TOKEN);
    await page.goto(`${running.url}/console/graphs/default@current/history`);
    const diff = page.getByRole('region', { name: 'Diff' });
    await diff.waitFor();
    await expect(page.locator('main > table tbody tr').first().innerText()).resolves.toContain('publish reviews');
    const text = await diff.innerText();
    expect(text).toMatch(/reviews\s+updated\s+1 → 2/);
    expect(text).toContain("Field 'rating' was added to object type 'Review'");
    await saveScreenshot(page, 'console-history-diff');
  });

  it('lets an admin create a token (shown once) and revoke it, and lists both in the audit log', async () => {
    const page = await browser.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await signIn(page, ADMIN_TOKEN);
    await page.getByRole('link', { name: 'Tokens' }).click();
    await page.getByLabel('Name').fill('dashboard');
    await page.getByLabel('Role').selectOption('readonly');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = await page.locator('#new-token').innerText();
    expect(await (await fetch(`${running.url}/api/v1/whoami`, { headers: { authorization: `Bearer ${secret}` } })).json()).toMatchObject({
      role: 'readonly',
    });
    await page.getByRole('button', { name: 'Revoke dashboard' }).click();
    await page.getByRole('cell', { name: /^revoked / }).waitFor();
    expect((await fetch(`${running.url}/api/v1/whoami`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(401);

    await page.getByRole('link', { name: 'Audit log' }).click();
    const log = await page.locator('main table').innerText();
    expect(log).toContain('token.create');
    expect(log).toContain('token.revoke');
  });

  it('opens the check link `gatehouse subgraph check` prints on a page that shows the breaking change', async () => {
    const { sdl } = await new RegistryClient({ url: running.url, token: ADMIN_TOKEN }).fetchSubgraph('reviews');
    const schemaFile = join(directory, 'reviews-without-body.graphql');
    await writeFile(schemaFile, sdl.replace('  body: String\n', ''));
    const check = await runCommand(subgraphCommand, [
      'check',
      'default@current',
      '--name',
      'reviews',
      '--schema',
      schemaFile,
      '--registry',
      running.url,
      '--token',
      ADMIN_TOKEN,
    ]);
    expect(check.code).toBe(1);
    const link = /View full details at (\S+)/.exec(check.stdout)?.[1] ?? '';
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/graphs\/default@current\/checks\/[0-9a-f-]{36}$/);

    // The same URL answers JSON to an API client.
    const json = await fetch(link, { headers: { accept: 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(await json.json()).toMatchObject({ graphRef: 'default@current', result: { passed: false, failures: ['BREAKING_CHANGES'] } });

    const page = await browser.newPage();
    await signIn(page, ADMIN_TOKEN);
    await page.getByRole('link', { name: 'default@current' }).waitFor();
    await page.goto(link);
    await expect(page.getByRole('status').innerText()).resolves.toBe('Failed: 1 breaking change to the API schema');
    const changes = page.locator('table', { hasText: 'Changes clients would see' });
    await expect(changes.innerText()).resolves.toMatch(
      /breaking\s+fails the check\s+FIELD_REMOVED\s+Field 'body' was removed from object type 'Review'/,
    );
    await saveScreenshot(page, 'console-check');
  });
});
