import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startWebHost, type RunningWebHost } from './web-host';

const root = resolve(import.meta.dirname, '..', '..');
const astronaut = resolve(root, 'tests/fixtures/astronaut.png');
const screenshots = resolve(root, 'test-results/screenshots');

let dataDir: string;
let host: RunningWebHost;

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'mien-e2e-safety-'));
  host = await startWebHost(dataDir);
});
test.afterAll(async () => {
  await host?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Deletes every stored file behind Mien's back (what a cleaning tool or a careless `rm` does). */
const deleteStoredFiles = () => {
  const blobs = join(dataDir, 'blobs');
  for (const prefix of readdirSync(blobs).filter((name) => /^[0-9a-f]{2}$/.test(name))) {
    rmSync(join(blobs, prefix), { recursive: true, force: true });
  }
};

test('a photo whose file was deleted says so in the viewer; Re-import restores it, Remove removes it', async ({
  page,
}) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'New project' }).click();
  const form = page.getByRole('form', { name: 'New project' });
  await form.getByLabel('Name').fill('Missing files');
  await form.getByLabel('Name').press('Enter');
  // Create opens the new project.
  await expect(page.getByRole('navigation', { name: 'Location' })).toContainText('Missing files');
  await page.getByTestId('import-input').setInputFiles(astronaut);
  await expect(page.getByTestId('viewer-image')).toBeVisible({ timeout: 30_000 });

  deleteStoredFiles();
  await page.reload();
  const missing = page.getByRole('heading', { name: 'The file behind this photo is missing' });
  await expect(missing).toBeVisible();
  await expect(page.getByText('astronaut.png was deleted or moved outside Mien', { exact: false })).toBeVisible();
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: resolve(screenshots, 'missing-file.png') });

  // Re-import the same file: the photo is back, same asset (one thumbnail), the viewer shows it.
  await page.getByTestId('reimport-input').setInputFiles(astronaut);
  await expect(missing).toBeHidden({ timeout: 30_000 });
  await expect(page.getByTestId('viewer-image')).toBeVisible();
  await expect(page.getByTestId('asset-thumbnail')).toHaveCount(1);

  // Deleted again: Remove takes it out of the project (after asking).
  deleteStoredFiles();
  await page.reload();
  await expect(missing).toBeVisible();
  await page.getByRole('button', { name: 'Remove', exact: true }).click();
  await page.getByRole('button', { name: 'Remove photo' }).click();
  await expect(page.getByRole('heading', { name: 'Import a portrait to begin' })).toBeVisible();
});

/** Root ignores permissions, so the read-only folder is a read-only bind mount (needs root and mount(8)). */
const canMount = process.platform === 'linux' && process.getuid?.() === 0;

test('a read-only data folder opens with a banner saying so, and changes are refused with the reason', async ({
  page,
}) => {
  test.skip(!canMount, 'needs root to make a read-only bind mount');
  const source = mkdtempSync(join(tmpdir(), 'mien-e2e-ro-src-'));
  const mountPoint = mkdtempSync(join(tmpdir(), 'mien-e2e-ro-'));
  const run = (...args: string[]) => execFileSync('mount', args);
  let readOnlyHost: RunningWebHost | undefined;
  try {
    // A data folder with a database in it, written once and closed.
    const writer = await startWebHost(source);
    await writer.stop();
    run('--bind', source, mountPoint);
    run('-o', 'remount,bind,ro', mountPoint);
    readOnlyHost = await startWebHost(mountPoint);
    await page.goto(readOnlyHost.url);
    await expect(page.getByRole('heading', { name: 'Projects' })).toBeVisible();
    const banner = page.getByRole('status').filter({ hasText: 'Read-only:' });
    await expect(banner).toContainText(mountPoint);
    await expect(banner).toContainText('changes cannot be saved');
    // A change is refused with the reason, not a raw SQLite message.
    await page.getByRole('button', { name: 'New project' }).click();
    const form = page.getByRole('form', { name: 'New project' });
    await form.getByLabel('Name').fill('Cannot be saved');
    await form.getByLabel('Name').press('Enter');
    await expect(page.getByText(/Mien opened this data folder read-only because/)).toBeVisible();
    await expect(page.getByText(/attempt to write a readonly database/)).toHaveCount(0);
    await page.screenshot({ path: resolve(screenshots, 'read-only-banner.png') });
  } finally {
    await readOnlyHost?.stop();
    execFileSync('umount', ['-l', mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
    rmSync(source, { recursive: true, force: true });
  }
});

test('a data folder another Mien has open: the screen names it in use (not damaged) and Try again opens it once that Mien closes', async ({
  page,
}) => {
  const shared = mkdtempSync(join(tmpdir(), 'mien-e2e-in-use-'));
  const first = await startWebHost(shared);
  let second: RunningWebHost | undefined;
  try {
    second = await startWebHost(shared);
    await page.goto(second.url);
    await expect(page.getByRole('heading', { name: 'The project database is in use' })).toBeVisible();
    await expect(page.getByText(/in use by another Mien process \(pid \d+/)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Move it aside and start fresh' })).toHaveCount(0);
    await page.screenshot({ path: resolve(screenshots, 'store-in-use.png') });
    await first.stop();
    // The engine tries the folder again at most once a second, so a click right after may still find it busy.
    await expect(async () => {
      await page.getByRole('button', { name: 'Try again' }).click();
      await expect(page.getByRole('heading', { name: 'Projects' })).toBeVisible({ timeout: 2000 });
    }).toPass({ timeout: 20_000 });
  } finally {
    await second?.stop();
    await first.stop();
    rmSync(shared, { recursive: true, force: true });
  }
});
