import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { dragSlider, openAstronautProject, storeAstronautFace } from './astronaut-project';
import { meanDifference, viewerPixels } from './viewer-pixels';

const screenshots = resolve(import.meta.dirname, '..', '..', 'test-results/screenshots');
/** The astronaut is 512 x 512; her lips lie in x 201-246, y 139-155 (reference landmarks 61, 291, 0, 17). */
const PHOTO_SIDE = 512;
const MOUTH = { x: 198, y: 136, width: 52, height: 34 };
const CORNER = 40;

const corners = [
  { x: 0, y: 0, width: CORNER, height: CORNER },
  { x: PHOTO_SIDE - CORNER, y: 0, width: CORNER, height: CORNER },
  { x: 0, y: PHOTO_SIDE - CORNER, width: CORNER, height: CORNER },
  { x: PHOTO_SIDE - CORNER, y: PHOTO_SIDE - CORNER, width: CORNER, height: CORNER },
];

test.describe('live preview', () => {
  test('raising jawOpen changes the mouth in the main viewer, not the corners; undo restores the original; a torn head turn is limited', async ({
    page,
  }) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    mkdirSync(screenshots, { recursive: true });
    const projectName = await openAstronautProject(page, 'Live preview');
    storeAstronautFace(projectName);
    // The top bar's Rig switch (closed in a fresh browser profile).
    const rigToggle = page.getByRole('button', { name: 'Rig panel', exact: true });
    if ((await rigToggle.getAttribute('aria-pressed')) !== 'true') await rigToggle.click();
    await expect(page.getByTestId('rig-fit-status')).toContainText('Fitted to face 1', { timeout: 60_000 });
    // The mesh points would cover the mouth: the test looks at the photo alone.
    const meshToggle = page.getByRole('group', { name: 'Face layers' }).getByRole('button', { name: 'Mesh' });
    if ((await meshToggle.getAttribute('aria-pressed')) === 'true') await meshToggle.click();
    const preview = page.getByTestId('live-preview');
    await expect(preview).toBeHidden();
    const original = await viewerPixels(page);

    const jaw = page.getByTestId('rig-slider-jawOpen');
    await dragSlider(page, jaw, 0, 0.7);
    expect(Number(await jaw.inputValue())).toBeGreaterThan(0.5);
    await expect(preview).toBeVisible();
    // The drag stopped: the full-resolution frame follows the preview frames.
    await expect(preview).toHaveAttribute('data-quality', 'full');
    const edited = await viewerPixels(page);
    await page.screenshot({ path: resolve(screenshots, 'live-preview-jaw-open.png') });

    const mouthChange = meanDifference(original, edited, MOUTH);
    const cornerChanges = corners.map((corner) => meanDifference(original, edited, corner));
    console.log(
      `mouth mean |diff| ${mouthChange.toFixed(2)}, corners ${cornerChanges.map((d) => d.toFixed(2)).join(' ')}`,
    );
    expect(mouthChange).toBeGreaterThan(10);
    for (const change of cornerChanges) expect(change).toBeLessThan(1);

    // The original toggle (\) shows the photo as imported, and back.
    await page.keyboard.press('\\');
    await expect(preview).toBeHidden();
    await expect(page.getByRole('button', { name: 'Original' })).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('\\');
    await expect(preview).toBeVisible();

    await page.keyboard.press('Control+z');
    await expect(preview).toBeHidden();
    const undone = await viewerPixels(page);
    expect(meanDifference(original, undone, { x: 0, y: 0, width: PHOTO_SIDE, height: PHOTO_SIDE })).toBe(0);

    // A head turn the warp cannot show without tearing is limited, and the viewer says so.
    const yaw = page.getByTestId('rig-panel').getByLabel('Yaw value');
    await yaw.fill('45');
    await yaw.press('Enter');
    await expect(preview).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'to avoid tearing' })).toHaveText(
      /Head turn limited to -?\d+° \(asked 45°\) to avoid tearing/,
    );
    await page.screenshot({ path: resolve(screenshots, 'live-preview-yaw-limited.png') });
    expect(pageErrors).toEqual([]);
  });
});
