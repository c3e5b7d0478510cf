import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { openAstronautProject } from './astronaut-project';
import { browserLaunchOptions } from './browser';
import { onScreen, paintedAmount } from './mask-canvas';

test.use({ launchOptions: browserLaunchOptions() });

const screenshots = resolve(import.meta.dirname, '..', '..', 'test-results/screenshots');
test.describe('layer masks', () => {
  test('paint a mask stroke on the face, see it, undo it, see it gone, redo it', async ({ page }) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await openAstronautProject(page, 'Masks');

    // The layers panel's Mask button: a mask needs only the portrait's scene, no expression source.
    const layers = page.getByRole('region', { name: 'Layers' });
    await expect(layers.getByLabel('Expression source')).toHaveValue('');
    const mouthMask = layers.getByTestId('layer-mask-mouth');
    await expect(mouthMask).toBeEnabled({ timeout: 60_000 });
    // The expression detail layer (issue 9) has its row and its mask like the others; it starts at 0.
    await expect(layers.getByLabel('Expression detail alpha')).toHaveValue('0');
    await expect(layers.getByTestId('layer-mask-wrinkles')).toBeEnabled();
    await mouthMask.click();
    await expect(mouthMask).toHaveAttribute('aria-pressed', 'true');
    const toolbar = page.getByRole('toolbar', { name: 'Mask painting' });
    await expect(toolbar).toBeVisible();
    // Masks are painted on the face: the canvas waits for the import's analysis.
    await expect(page.getByTestId('mask-canvas')).toBeVisible({ timeout: 60_000 });
    await expect(toolbar.getByRole('status')).toHaveCount(0); // loaded, nothing to say
    expect(await paintedAmount(page)).toBe(0);

    // One stroke across the mouth.
    const from = await onScreen(page, 200, 146);
    const to = await onScreen(page, 248, 146);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    for (let step = 1; step <= 10; step++) {
      await page.mouse.move(from.x + ((to.x - from.x) * step) / 10, from.y + ((to.y - from.y) * step) / 10);
    }
    await page.mouse.up();
    await expect.poll(() => paintedAmount(page)).toBeGreaterThan(0);
    const painted = await paintedAmount(page);
    // The layer now has a mask (saved in the project).
    await expect(mouthMask.getByLabel('has a mask')).toBeVisible();
    mkdirSync(screenshots, { recursive: true });
    await page
      .getByRole('region', { name: 'Photo viewer' })
      .screenshot({ path: resolve(screenshots, 'mask-stroke.png') });

    // B/E/X and [ ] work while painting.
    await page.keyboard.press('x');
    await expect(toolbar.getByRole('button', { name: 'Eraser' })).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('b');
    await expect(toolbar.getByRole('button', { name: 'Brush' })).toHaveAttribute('aria-pressed', 'true');
    const size = toolbar.getByLabel('Size');
    const sizeBefore = Number(await size.inputValue());
    await page.keyboard.press(']');
    await expect.poll(async () => Number(await size.inputValue())).toBeGreaterThan(sizeBefore);

    // Space + drag pans the photo instead of painting.
    const photoBefore = await page.getByTestId('viewer-image').boundingBox();
    await page.keyboard.down('Space');
    await page.mouse.move(from.x, from.y + 60);
    await page.mouse.down();
    await page.mouse.move(from.x + 40, from.y + 90, { steps: 5 });
    await page.mouse.up();
    await page.keyboard.up('Space');
    const photoAfter = await page.getByTestId('viewer-image').boundingBox();
    expect(photoAfter!.x - photoBefore!.x).toBeCloseTo(40, 0);
    expect(await paintedAmount(page)).toBe(painted);
    await page.getByRole('button', { name: 'Fit', exact: true }).click();

    // The stroke is one undo step: undo empties the mask (the layer had none), redo brings it back.
    await page.keyboard.press('Control+z');
    await expect.poll(() => paintedAmount(page)).toBe(0);
    await expect(mouthMask.getByLabel('has a mask')).toHaveCount(0);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => paintedAmount(page)).toBe(painted);
    await expect(mouthMask.getByLabel('has a mask')).toBeVisible();

    // Invert is an edit too; Done leaves painting.
    await toolbar.getByRole('button', { name: 'Invert' }).click();
    await expect.poll(() => paintedAmount(page)).toBeGreaterThan(painted * 4);
    await page.keyboard.press('Control+z');
    await expect.poll(() => paintedAmount(page)).toBe(painted);
    await toolbar.getByRole('button', { name: 'Done' }).click();
    await expect(toolbar).toHaveCount(0);

    // Painting again reads the stored mask back from the project: the same stroke shows.
    await mouthMask.click();
    await expect(toolbar.getByRole('status')).toHaveCount(0);
    await expect.poll(() => paintedAmount(page)).toBe(painted);
    await page.keyboard.press('Escape');
    await expect(toolbar).toHaveCount(0);
    expect(pageErrors).toEqual([]);
  });
});
