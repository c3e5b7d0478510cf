import { expect, test } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startWebHost, type RunningWebHost } from './web-host';

const root = resolve(import.meta.dirname, '..', '..');
const NOT_A_DATABASE = 'This file is not an SQLite database; Mien must not delete it.\n';

let dataDir: string;
let host: RunningWebHost;

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'mien-e2e-corrupt-'));
  writeFileSync(join(dataDir, 'mien.sqlite'), NOT_A_DATABASE);
  host = await startWebHost(dataDir);
});

test.afterAll(async () => {
  await host?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('a foreign database file gets a clear screen and is moved aside only when asked', async ({ page }) => {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: 'The project database could not be opened' })).toBeVisible();
  await expect(page.getByText(join(dataDir, 'mien.sqlite'), { exact: true })).toBeVisible();
  mkdirSync(resolve(root, 'test-results/screenshots'), { recursive: true });
  await page.screenshot({ path: resolve(root, 'test-results/screenshots/store-error.png') });
  // Nothing happened to the file just by looking.
  expect(readFileSync(join(dataDir, 'mien.sqlite'), 'utf8')).toBe(NOT_A_DATABASE);

  await page.getByRole('button', { name: 'Move it aside and start fresh' }).click();
  const kept = page.getByRole('status').locator('code');
  await expect(kept).toContainText('mien.sqlite');
  const movedTo = (await kept.textContent()) ?? '';
  expect(existsSync(movedTo)).toBe(true);
  expect(readFileSync(movedTo, 'utf8')).toBe(NOT_A_DATABASE);

  await page.getByRole('button', { name: 'Open the new library' }).click();
  await expect(page.getByRole('heading', { name: 'Projects' })).toBeVisible();
  await expect(page.getByText('No projects yet.', { exact: false })).toBeVisible();
});
