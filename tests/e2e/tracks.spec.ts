import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeZoomClip } from './ffmpeg';
import { jawCaptureCsv } from './jaw-capture';

const root = resolve(import.meta.dirname, '..', '..');
const astronaut = resolve(root, 'tests/fixtures/astronaut.png');
const screenshots = resolve(root, 'test-results/screenshots');
const FRAMES = 12;

function appUrl(): string {
  const url = process.env.MIEN_E2E_URL;
  if (!url) throw new Error('MIEN_E2E_URL is not set: tests/e2e/global-setup.ts starts the web host');
  return url;
}

/** A Live Link Face capture: the jaw opens from 0 at frame 0 to 0.55 at frame 11. */
function captureCsv(): string {
  return jawCaptureCsv(FRAMES, 60, (f) => 0.05 * f);
}

async function openProjectWithAstronaut(page: Page): Promise<void> {
  await page.goto(appUrl());
  const name = `Tracks ${Math.random().toString(36).slice(2, 7)}`;
  await page.getByRole('button', { name: 'New project' }).click();
  const form = page.getByRole('form', { name: 'New project' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Name').press('Enter');
  // Create opens the new project.
  await expect(page.getByRole('navigation', { name: 'Location' })).toContainText(name);
  await page.getByTestId('import-input').setInputFiles(astronaut);
  await expect(page.getByTestId('asset-thumbnail')).toHaveCount(1, { timeout: 30_000 });
}

test.describe('tracks panel', () => {
  test('imports a Live Link CSV, exports it, and applies a frame to the portrait as one undo step', async ({
    page,
  }) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    mkdirSync(screenshots, { recursive: true });
    await openProjectWithAstronaut(page);
    const open = page.getByRole('button', { name: 'Rig panel', exact: true, pressed: false });
    if (await open.isVisible()) await open.click();
    const jaw = page.getByTestId('rig-slider-jawOpen');
    await expect(jaw).toBeVisible();
    await expect(page.getByTestId('rig-panel')).toHaveAttribute('data-save-state', 'saved');
    const jawBefore = await jaw.inputValue();

    const panel = page.getByTestId('tracks-panel');
    const csv = captureCsv();
    // A malformed file first: the panel shows the parser's line, and nothing is listed.
    const broken = csv.split('\n');
    broken[4] = broken[4]!.replace(/,[^,]*$/, ',x');
    await page.getByTestId('tracks-import-input').setInputFiles({
      name: 'broken.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(broken.join('\n')),
    });
    await expect(panel.getByRole('alert')).toContainText('line 5');
    await expect(panel.getByRole('list', { name: 'Track sets' })).toHaveCount(0);

    await page
      .getByTestId('tracks-import-input')
      .setInputFiles({ name: 'take.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const item = panel.getByRole('listitem').filter({ hasText: 'take' });
    await expect(item).toContainText(`Live Link CSV · ${FRAMES} frames · 60 fps`);

    const downloading = page.waitForEvent('download');
    await panel.getByRole('button', { name: 'Export take as CSV' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('take.csv');
    const exported = readFileSync(await download.path(), 'utf8');
    expect(exported.split('\n')[0]).toBe(csv.split('\n')[0]);
    expect(exported.trim().split('\n')).toHaveLength(FRAMES + 1);

    await page.getByTestId('track-frame-slider').fill('10');
    await expect(page.getByTestId('track-frame-value')).toHaveText('10');
    await panel.getByRole('combobox').selectOption('absolute');
    await panel.getByRole('button', { name: 'Apply frame 10 to astronaut.png' }).click();
    await expect(jaw).toHaveValue('0.5');
    await expect(page.getByRole('button', { name: 'Undo apply frame 10 of take' })).toBeEnabled();
    await panel.screenshot({ path: resolve(screenshots, 'tracks-panel.png') });
    await page.screenshot({ path: resolve(screenshots, 'tracks-applied-frame.png') });

    await page.keyboard.press('Control+z');
    await expect(jaw).toHaveValue(jawBefore);
    expect(pageErrors).toEqual([]);
  });

  test('a driving video shows with its badge, poster, frame info and tracking result', async ({ page }) => {
    mkdirSync(screenshots, { recursive: true });
    const dir = mkdtempSync(join(tmpdir(), 'mien-e2e-video-'));
    try {
      const clip = join(dir, 'drive.mp4');
      writeZoomClip(astronaut, clip);
      await openProjectWithAstronaut(page);
      await page.getByTestId('import-input').setInputFiles(clip);
      await expect(page.getByTestId('video-badge')).toHaveCount(1, { timeout: 30_000 });
      await page.getByRole('button', { name: /^Video drive\.mp4/ }).click();
      const viewer = page.getByTestId('video-viewer');
      await expect(viewer.getByTestId('video-frame-count')).toHaveText('30 at 30 fps');
      await expect(viewer.getByTestId('video-tracking-summary')).toContainText('Face found in 30 of 30 frames', {
        timeout: 60_000,
      });
      const panel = page.getByTestId('tracks-panel');
      await expect(panel.getByRole('listitem').filter({ hasText: 'drive' })).toContainText(
        'Video · 30 frames · 30 fps',
        {
          timeout: 30_000,
        },
      );
      await page.screenshot({ path: resolve(screenshots, 'tracks-video-viewer.png') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
