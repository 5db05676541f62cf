// Test support: Debian's headless Chromium driven by playwright-core (never a downloaded browser), one
// browser per suite, a fresh profile each time, and screenshots under test-output/ (not committed).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS_DIR = new URL('../../../test-output/screenshots/', import.meta.url);

/** Every wait in a browser test: long enough for a slow shared machine, short enough to fail fast. */
export const BROWSER_TIMEOUT_MS = 20_000;

export interface TestBrowser {
  /** A new page in its own context (no shared storage between tests). */
  newPage(): Promise<Page>;
}

/** Launches Chromium before the suite and closes it (and its profile) after. */
export function useChromium(): TestBrowser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    // playwright gives each launch a fresh temporary profile (--user-data-dir) and removes it on close.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      timeout: 60_000,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
  });
  return {
    async newPage() {
      if (!browser) throw new Error('the browser has not started (useChromium must be called in the suite)');
      const context = await browser.newContext({ viewport: { width: 1200, height: 760 } });
      const page = await context.newPage();
      page.setDefaultTimeout(BROWSER_TIMEOUT_MS);
      return page;
    },
  };
}

/** Saves the page as test-output/screenshots/<name>.png. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  const path = join(SCREENSHOTS_DIR.pathname, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
