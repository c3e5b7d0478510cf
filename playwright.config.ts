import { defineConfig } from '@playwright/test';
import { browserLaunchOptions } from './tests/e2e/browser';

/**
 * End-to-end tests drive the real renderer in Chromium against the real web host, which
 * tests/e2e/global-setup.ts starts on a free port with a fresh data folder (MIEN_E2E_URL). The global
 * setup also finds or obtains the browser and prints which one (scripts/lib/browser.mjs).
 */
export default defineConfig({
  testDir: 'tests/e2e',
  // Not the default test-results/: Playwright empties its outputDir, and `npm test` keeps other reports there.
  outputDir: 'test-results/e2e',
  globalSetup: './tests/e2e/global-setup.ts',
  // One worker: the machine has two cores shared with the host under test.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: browserLaunchOptions(),
  },
});
