import { expect, test, type Page } from '@playwright/test';
import { resolve } from 'node:path';
import sharp from 'sharp';
import { dragSlider, openAstronautProject, storeAstronautFace } from './astronaut-project';

const shots = resolve(import.meta.dirname, '..', '..', '.tmp');

/** The main viewer's pixels over the photo, as on screen (raw RGB). */
async function viewerPixels(page: Page): Promise<Buffer> {
  const box = await page.getByTestId('viewer-image').boundingBox();
  if (!box) throw new Error('the photo is not on screen');
  return sharp(await page.screenshot({ clip: box }))
    .removeAlpha()
    .raw()
    .toBuffer();
}

function meanDifference(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

/** Opens the astronaut with a fitted face, the rig panel and the timeline, at 1280 x 720. */
async function openAnimator(page: Page, title: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 720 });
  const projectName = await openAstronautProject(page, title);
  storeAstronautFace(projectName);
  const rigToggle = page.getByRole('button', { name: 'Rig panel', exact: true });
  if ((await rigToggle.getAttribute('aria-pressed')) !== 'true') await rigToggle.click();
  const timelineToggle = page.getByRole('button', { name: 'Timeline', exact: true });
  if ((await timelineToggle.getAttribute('aria-pressed')) !== 'true') await timelineToggle.click();
  await expect(page.getByTestId('rig-fit-status')).toContainText('Fitted to face 1', { timeout: 60_000 });
  await expect(page.getByTestId('timeline-panel').getByRole('combobox', { name: 'Scene', exact: true })).toHaveValue(
    /.+/,
  );
  const meshToggle = page.getByRole('group', { name: 'Face layers' }).getByRole('button', { name: 'Mesh' });
  if ((await meshToggle.getAttribute('aria-pressed')) === 'true') await meshToggle.click();
}

test.describe('timeline', () => {
  test('key neutral at 0 s and smile + jawOpen at 1 s, undo a drag in one step, play and see the portrait move', async ({
    page,
  }) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await openAnimator(page, 'Timeline');
    const timeline = page.getByTestId('timeline-panel');
    await expect(timeline.getByTestId('timeline-timecode')).toContainText('0 / 90');

    // Neutral at 0 s: key smile (left and right) and jaw where they are (the photo's own values).
    const jawAtStart = await page.getByTestId('rig-slider-jawOpen').inputValue();
    for (const name of ['mouthSmileLeft', 'mouthSmileRight', 'jawOpen']) {
      await page.getByTestId(`key-button-${name}`).click();
      await expect(page.getByTestId(`key-button-${name}`)).toHaveAttribute('data-key-state', 'keyed');
    }
    await expect(timeline.getByTestId('timeline-key')).toHaveCount(3);

    // To 1 s (frame 30): Shift+→ moves ten frames.
    await timeline.getByTestId('dope-sheet').click({ position: { x: 5, y: 5 } });
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowRight');
    await expect(timeline.getByTestId('timeline-timecode')).toContainText('30 / 90');
    await expect(page.getByTestId('key-button-jawOpen')).toHaveAttribute('data-key-state', 'animated');

    // Moving keyed sliders keys them at the playhead (auto-key); linked smile keys both sides.
    await dragSlider(page, page.getByTestId('rig-slider-mouthSmileLeft'), 0, 0.8);
    await dragSlider(page, page.getByTestId('rig-slider-jawOpen'), 0, 0.6);
    await expect(timeline.getByTestId('timeline-key')).toHaveCount(6);
    await expect(page.getByTestId('key-button-jawOpen')).toHaveAttribute('data-key-state', 'keyed');
    await expect(page.getByRole('button', { name: 'Undo adjust Open' })).toBeEnabled();
    // One undo takes the whole jaw drag back (its key at 1 s goes), redo brings it again.
    await page.keyboard.press('Control+z');
    await expect(timeline.getByTestId('timeline-key')).toHaveCount(5);
    await page.keyboard.press('Control+Shift+z');
    await expect(timeline.getByTestId('timeline-key')).toHaveCount(6);
    await expect(timeline.getByTestId('timeline-save-state')).toHaveText('Saved', { timeout: 10_000 });
    await page.screenshot({ path: resolve(shots, 'timeline-1280x720.png') });

    // Halfway the sliders show the curve's value; at 0 s neutral again.
    await page.keyboard.press('Home');
    await expect(page.getByTestId('rig-slider-jawOpen')).toHaveValue(jawAtStart);
    await expect(page.getByTestId('live-preview')).toBeHidden();
    const atStart = await viewerPixels(page);
    await page.keyboard.press('End');
    await expect(page.getByTestId('live-preview')).toBeVisible({ timeout: 30_000 });

    // Play from the start: over time the viewer shows the mouth open and smiling.
    await page.keyboard.press('Home');
    await timeline.getByTestId('timeline-play').click();
    await expect(timeline.getByTestId('timeline-play')).toHaveAttribute('aria-pressed', 'true');
    let changed = 0;
    for (let i = 0; i < 20 && changed === 0; i++) {
      await page.waitForTimeout(250);
      if (meanDifference(atStart, await viewerPixels(page)) > 0.5) changed++;
    }
    expect(changed).toBeGreaterThan(0);
    await page.keyboard.press('Space');
    await expect(timeline.getByTestId('timeline-play')).toHaveAttribute('aria-pressed', 'false');
    expect(pageErrors).toEqual([]);
  });
});
