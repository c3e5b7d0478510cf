import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dragSlider, openAstronautProject, storeAstronautFace } from './astronaut-project';
import { browserLaunchOptions } from './browser';
import { onScreen, paintedAmount } from './mask-canvas';
import { writeZoomClip } from './ffmpeg';

test.use({ launchOptions: browserLaunchOptions(), viewport: { width: 1280, height: 720 } });

const root = resolve(import.meta.dirname, '..', '..');
const screenshots = resolve(root, 'test-results/screenshots');
async function stroke(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let step = 1; step <= 10; step++) {
    await page.mouse.move(from.x + ((to.x - from.x) * step) / 10, from.y + ((to.y - from.y) * step) / 10);
  }
  await page.mouse.up();
}

/** The page's text selection (what a drag over the viewer must never leave behind). */
const selectedText = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { getSelection(): { toString(): string } }).getSelection().toString());

test.describe('viewer gestures', () => {
  test('a mask stroke after a Space+drag pan paints and is one undo step', async ({ page }) => {
    await openAstronautProject(page, 'Pan then paint');
    const layers = page.getByRole('region', { name: 'Layers' });
    const mouthMask = layers.getByTestId('layer-mask-mouth');
    await expect(mouthMask).toBeEnabled({ timeout: 60_000 });
    await mouthMask.click();
    await expect(page.getByTestId('mask-canvas')).toBeVisible({ timeout: 60_000 });
    const toolbar = page.getByRole('toolbar', { name: 'Mask painting' });
    await expect(toolbar.getByRole('status')).toHaveCount(0);

    await stroke(page, await onScreen(page, 200, 146), await onScreen(page, 248, 146));
    await expect.poll(() => paintedAmount(page)).toBeGreaterThan(0);
    const first = await paintedAmount(page);

    // Pan with Space held, dragging across the photo and out over the panels' text.
    const start = await onScreen(page, 150, 300);
    await page.keyboard.down('Space');
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move(start.x + 60, start.y + 40, { steps: 6 });
    await page.mouse.move(start.x + 400, start.y + 120, { steps: 6 });
    await page.mouse.up();
    await page.keyboard.up('Space');
    expect(await selectedText(page)).toBe('');
    expect(await paintedAmount(page)).toBe(first);

    // The next press paints (a second stroke below the first), and it is an undo step of its own.
    await stroke(page, await onScreen(page, 190, 200), await onScreen(page, 250, 200));
    await expect.poll(() => paintedAmount(page)).toBeGreaterThan(first);
    await expect(page.getByRole('button', { name: /^Undo paint mask/ })).toBeEnabled();
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: resolve(screenshots, 'viewer-stroke-after-pan.png') });
    await page.keyboard.press('Control+z');
    await expect.poll(() => paintedAmount(page)).toBe(first);
  });

  test('Original (\\) is lit and badged while on, and a rig slider moved under it shows the edit again', async ({
    page,
  }) => {
    const projectName = await openAstronautProject(page, 'Original badge');
    storeAstronautFace(projectName);
    const rigToggle = page.getByRole('button', { name: 'Rig panel', exact: true });
    if ((await rigToggle.getAttribute('aria-pressed')) !== 'true') await rigToggle.click();
    await expect(page.getByTestId('rig-fit-status')).toContainText('Fitted to face 1', { timeout: 60_000 });
    const originalButton = page.getByRole('button', { name: 'Original', exact: true });
    const background = () =>
      originalButton.evaluate(
        (element) =>
          (
            globalThis as unknown as { getComputedStyle(element: unknown): { backgroundColor: string } }
          ).getComputedStyle(element).backgroundColor,
      );
    const offBackground = await background();
    await expect(page.getByTestId('original-badge')).toHaveCount(0);

    await page.keyboard.press('\\');
    await expect(originalButton).toHaveAttribute('aria-pressed', 'true');
    expect(await background()).not.toBe(offBackground);
    const badge = page.getByTestId('original-badge');
    await expect(badge).toHaveText('Original — press \\ to see your edit');
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: resolve(screenshots, 'viewer-original-on.png') });

    // Moving a rig slider while the original shows: the edited portrait comes back with the edit.
    const jaw = page.getByTestId('rig-slider-jawOpen');
    await dragSlider(page, jaw, 0, 0.6);
    await expect(originalButton).toHaveAttribute('aria-pressed', 'false');
    await expect(badge).toHaveCount(0);
    await expect(page.getByTestId('live-preview')).toBeVisible();
    expect(await background()).toBe(offBackground);
  });

  test('Ctrl+Z on the Projects page leaves an edit inside a project alone and says where to undo it', async ({
    page,
  }) => {
    const projectName = await openAstronautProject(page, 'Library undo');
    storeAstronautFace(projectName);
    const rigToggle = page.getByRole('button', { name: 'Rig panel', exact: true });
    if ((await rigToggle.getAttribute('aria-pressed')) !== 'true') await rigToggle.click();
    await expect(page.getByTestId('rig-fit-status')).toContainText('Fitted to face 1', { timeout: 60_000 });
    const panel = page.getByTestId('rig-panel');
    await panel.getByRole('button', { name: 'Surprise', exact: true }).click();
    await expect(page.getByTestId('rig-slider-jawOpen')).toHaveValue('0.5');
    const undo = page.getByRole('group', { name: 'History' }).getByRole('button').first();
    await expect(undo).toHaveAttribute('title', /^Undo apply Surprise/);

    await page.getByRole('button', { name: 'Projects' }).click();
    await expect(page.getByRole('heading', { name: 'Projects' })).toBeVisible();
    await expect(undo).toBeDisabled();
    await expect(undo).toHaveAttribute('title', `Open ${projectName} to undo apply Surprise`);
    await page.keyboard.press('Control+z');
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: resolve(screenshots, 'viewer-library-undo.png') });

    // Back in the project the edit is still there, and undo works on it.
    await page.getByRole('article', { name: projectName }).getByRole('button', { name: 'Open', exact: true }).click();
    await expect(page.getByTestId('rig-slider-jawOpen')).toHaveValue('0.5', { timeout: 30_000 });
    await expect(undo).toBeEnabled();
    await page.keyboard.press('Control+z');
    await expect(page.getByTestId('rig-slider-jawOpen')).not.toHaveValue('0.5');
  });

  test('quick arrow keys on the expression frame all count and make one undo step', async ({ page }) => {
    const dir = mkdtempSync(join(tmpdir(), 'mien-e2e-frame-keys-'));
    try {
      const clip = join(dir, 'drive.mp4');
      writeZoomClip(resolve(root, 'tests/fixtures/astronaut.png'), clip);
      const projectName = await openAstronautProject(page, 'Frame keys');
      storeAstronautFace(projectName);
      await page.getByTestId('import-input').setInputFiles(clip);
      const driveSet = page.getByTestId('tracks-panel').getByRole('listitem').filter({ hasText: 'drive' });
      await expect(driveSet).toContainText('Video · 30 frames', { timeout: 60_000 });
      await page.getByTestId('asset-thumbnail').first().click();
      const layers = page.getByRole('region', { name: 'Layers' });
      await layers.getByLabel('Expression source').selectOption({ label: 'Video: drive.mp4' });
      const frame = layers.getByRole('slider', { name: 'Expression frame', exact: true });
      await expect(frame).toHaveValue('0');

      await frame.focus();
      for (let press = 0; press < 20; press++) await page.keyboard.press('ArrowRight');
      await expect(frame).toHaveValue('20');
      await expect(page.getByRole('button', { name: 'Undo pick the expression frame' })).toBeEnabled();
      // Settled and saved: it stays at 20, and one undo takes the whole run of keys back.
      await page.waitForTimeout(800);
      await expect(frame).toHaveValue('20');
      await expect(layers.getByText('Frame 20 / 29')).toBeVisible();
      mkdirSync(screenshots, { recursive: true });
      await page.screenshot({ path: resolve(screenshots, 'viewer-frame-keys.png') });
      await page.getByRole('button', { name: 'Undo pick the expression frame' }).click();
      await expect(frame).toHaveValue('0');
      await expect(page.getByRole('button', { name: 'Undo pick the expression frame' })).toHaveCount(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
