import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BROWSER_VARIABLE, type ResolvedBrowser } from './browser';
import { startWebHost } from './web-host';

const root = resolve(import.meta.dirname, '..', '..');

/**
 * Finds or obtains the browser and prints which one (scripts/lib/browser.mjs; it throws, failing
 * the run, when there is none). Builds out/ if it is stale, then starts the real web host on a random free port with an empty
 * temporary data folder and hands its printed URL (token included) to the tests through
 * MIEN_E2E_URL. Set MIEN_E2E_URL yourself to test against a host you started.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const { buildIfStale } = (await import(pathToFileURL(join(root, 'scripts/lib/build-if-stale.mjs')).href)) as {
    buildIfStale(): void;
  };
  const { resolveBrowser } = (await import(pathToFileURL(join(root, 'scripts/lib/browser.mjs')).href)) as {
    resolveBrowser(): Promise<ResolvedBrowser>;
  };
  const browser = await resolveBrowser();
  if (browser.passedOver.length) console.log(`[mien] e2e browser: passed over: ${browser.passedOver.join('; ')}`);
  console.log(`[mien] e2e browser: ${browser.description}`);
  process.env[BROWSER_VARIABLE] = JSON.stringify(browser);
  buildIfStale();
  if (process.env.MIEN_E2E_URL) return async () => undefined;

  const dataDir = mkdtempSync(join(tmpdir(), 'mien-e2e-'));
  const host = await startWebHost(dataDir);
  process.env.MIEN_E2E_URL = host.url;
  process.env.MIEN_E2E_DATA_DIR = dataDir;

  return async () => {
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
