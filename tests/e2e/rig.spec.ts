import { expect, test, type Locator } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { dragSlider, openAstronautProject, storeAstronautFace } from './astronaut-project';
import { browserLaunchOptions } from './browser';

const root = resolve(import.meta.dirname, '..', '..');
const screenshots = resolve(root, 'test-results/screenshots');

// --disable-gpu (the suite's setting) leaves WebGL to SwiftShader, which recent Chromium only
// offers for WebGL when asked; the panel still reports a missing WebGL clearly if it is refused.
test.use({ launchOptions: browserLaunchOptions(['--enable-unsafe-swiftshader', '--use-angle=swiftshader']) });

/** The viewport's read-only hooks: the chin's height and a checksum of every morphed vertex. */
async function meshState(viewport: Locator): Promise<{ chinY: number; checksum: number }> {
  const chinY = await viewport.getAttribute('data-chin-y');
  const checksum = await viewport.getAttribute('data-morph-checksum');
  return { chinY: Number(chinY), checksum: Number(checksum) };
}

test.describe('rig panel', () => {
  test('jawOpen moves the mesh, undo restores it, and the edit survives a reload', async ({ page }) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    mkdirSync(screenshots, { recursive: true });
    await openAstronautProject(page, 'Rig study');

    await page.getByRole('button', { name: 'Rig panel', exact: true, pressed: false }).click();
    const panel = page.getByTestId('rig-panel');
    await expect(panel).toBeVisible();
    const viewport = page.getByTestId('rig-viewport');
    await expect(viewport).toHaveAttribute('data-morph-checksum', /\d/);
    const webgl = await viewport.getAttribute('data-webgl');
    if (webgl === 'yes') await expect(viewport.locator('canvas')).toBeVisible();
    else await expect(viewport).toContainText('3D view unavailable');
    const rest = await meshState(viewport);
    // Let the first frame land before taking the pixel baseline.
    await page.waitForTimeout(300);
    const pixelsBefore = webgl === 'yes' ? await viewport.screenshot() : null;

    const jaw = page.getByTestId('rig-slider-jawOpen');
    // 0 on the canonical face; the photo's own value if the face pipeline already analysed it.
    const jawAtRest = await jaw.inputValue();
    await dragSlider(page, jaw, 0, 0.8);
    const opened = Number(await jaw.inputValue());
    expect(opened).toBeGreaterThan(0.6);
    expect(opened).toBeLessThanOrEqual(1);
    await expect.poll(async () => (await meshState(viewport)).chinY).toBeLessThan(rest.chinY - 0.05);
    const moved = await meshState(viewport);
    expect(moved.checksum).not.toBeCloseTo(rest.checksum, 3);
    // The whole drag is one undo step.
    await expect(page.getByRole('button', { name: 'Undo adjust jaw open' })).toBeEnabled();
    if (pixelsBefore) {
      await page.waitForTimeout(300);
      const pixelsAfter = await viewport.screenshot();
      expect(pixelsAfter.equals(pixelsBefore)).toBe(false);
    }
    await panel.screenshot({ path: resolve(screenshots, 'rig-panel-jaw-open.png') });

    await page.keyboard.press('Control+z');
    await expect(jaw).toHaveValue(jawAtRest);
    await expect.poll(async () => (await meshState(viewport)).chinY).toBeCloseTo(rest.chinY, 5);
    expect((await meshState(viewport)).checksum).toBeCloseTo(rest.checksum, 3);
    await expect(page.getByRole('button', { name: 'Redo adjust jaw open' })).toBeEnabled();

    // Redo, let the debounced save land, then reload: the value comes back from the project store.
    await page.keyboard.press('Control+Shift+z');
    await expect(jaw).toHaveValue(String(opened));
    await expect(panel).toHaveAttribute('data-save-state', 'saved');
    await page.reload();
    await expect(page.getByTestId('rig-panel')).toBeVisible();
    await expect(page.getByTestId('rig-slider-jawOpen')).toHaveValue(String(opened));
    await expect
      .poll(async () => (await meshState(page.getByTestId('rig-viewport'))).chinY)
      .toBeCloseTo(moved.chinY, 5);
    expect(pageErrors).toEqual([]);
  });

  test('link, nudge, clamp display, presets and per-group reset', async ({ page }) => {
    await openAstronautProject(page, 'Rig study');
    const open = page.getByRole('button', { name: 'Rig panel', exact: true, pressed: false });
    if (await open.isVisible()) await open.click();
    const panel = page.getByTestId('rig-panel');
    await expect(panel).toBeVisible();
    const viewport = page.getByTestId('rig-viewport');
    await expect(viewport).toHaveAttribute('data-morph-checksum', /\d/);
    // The import is analysed automatically; wait for its fit, whose values are the rest values that resets return to.
    await expect(page.getByTestId('rig-fit-status')).toContainText('Fitted to face 1', { timeout: 60_000 });
    const smileRest = await page.getByTestId('rig-slider-mouthSmileLeft').inputValue();
    const browInnerRest = await page.getByTestId('rig-slider-browInnerUp').inputValue();
    const jawRest = await page.getByTestId('rig-slider-jawOpen').inputValue();

    // Linked (the default): dragging Smile L moves Smile R too; unlinked it does not.
    const smileLeft = page.getByTestId('rig-slider-mouthSmileLeft');
    const smileRight = page.getByTestId('rig-slider-mouthSmileRight');
    await smileLeft.scrollIntoViewIfNeeded();
    await dragSlider(page, smileLeft, 0, 0.5);
    const smile = await smileLeft.inputValue();
    expect(Number(smile)).toBeGreaterThan(0.3);
    await expect(smileRight).toHaveValue(smile);
    await panel.getByLabel('Link left and right').uncheck();
    await page.getByTestId('rig-slider-browDownLeft').scrollIntoViewIfNeeded();
    await dragSlider(page, page.getByTestId('rig-slider-browDownLeft'), 0, 0.5);
    await expect(page.getByTestId('rig-slider-browDownRight')).toHaveValue('0');

    // Arrow keys nudge the focused slider; Shift nudges ten times as far; three nudges are one undo step.
    const blink = page.getByTestId('rig-slider-eyeBlinkLeft');
    await blink.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await expect(blink).toHaveValue('0.12');
    await page.keyboard.press('Control+z');
    await expect(blink).toHaveValue('0');

    // A typed value out of range is clamped, and the panel says so.
    const jawValue = panel.getByLabel('Open value');
    await jawValue.fill('1.5');
    await jawValue.press('Enter');
    await expect(page.getByTestId('rig-slider-jawOpen')).toHaveValue('1');
    await expect(page.getByTestId('rig-clamp-jawOpen')).toHaveText('1.50 clamped to 1.00');

    // Double-click resets a slider to its rest value; undo brings back the value from before the
    // double-click (its first click, which jumps the thumb, is not a step of its own).
    const smileBefore = await page.getByTestId('rig-slider-mouthSmileLeft').inputValue();
    await page.getByTestId('rig-slider-mouthSmileLeft').dblclick({ position: { x: 20, y: 8 } });
    await expect(page.getByTestId('rig-slider-mouthSmileLeft')).toHaveValue(smileRest);
    await expect(page.getByRole('button', { name: 'Undo reset mouth smile left' })).toBeEnabled();
    await page.keyboard.press('Control+z');
    await expect(page.getByTestId('rig-slider-mouthSmileLeft')).toHaveValue(smileBefore);
    await page.keyboard.press('Control+Shift+z');
    await expect(page.getByTestId('rig-slider-mouthSmileLeft')).toHaveValue(smileRest);

    // A preset is one undoable edit of the whole expression.
    await panel.getByRole('button', { name: 'Surprise', exact: true }).click();
    await expect(page.getByTestId('rig-slider-browInnerUp')).toHaveValue('0.9');
    await expect(page.getByTestId('rig-slider-jawOpen')).toHaveValue('0.5');
    await expect(page.getByTestId('rig-clamp-jawOpen')).toHaveCount(0);
    await panel.screenshot({ path: resolve(screenshots, 'rig-panel-surprise.png') });

    // Per-group reset: the brows go back, the jaw stays.
    await panel.getByRole('button', { name: 'Reset brows' }).click();
    await expect(page.getByTestId('rig-slider-browInnerUp')).toHaveValue(browInnerRest);
    await expect(page.getByTestId('rig-slider-jawOpen')).toHaveValue('0.5');

    // User presets live in the project store; saving one is undoable.
    await panel.getByLabel('Preset name').fill('Half surprise');
    await panel.getByRole('button', { name: 'Save', exact: true }).click();
    const userPresets = panel.getByRole('list', { name: 'Your presets' });
    await expect(userPresets.getByRole('button', { name: 'Half surprise', exact: true })).toBeVisible();
    // A name a built-in or another preset already has (case and spaces aside) is refused where it is typed.
    const presetName = panel.getByLabel('Preset name');
    const saveButton = panel.getByRole('button', { name: 'Save', exact: true });
    const nameProblem = panel
      .getByRole('form', { name: 'Save preset' })
      .locator('xpath=following-sibling::p[@role="alert"]');
    await presetName.fill(' smile');
    await expect(nameProblem).toHaveText('“Smile” is a built-in expression; choose another name.');
    await expect(saveButton).toBeDisabled();
    await presetName.fill('half SURPRISE ');
    await expect(nameProblem).toHaveText('There is already a preset named “Half surprise”.');
    await expect(saveButton).toBeDisabled();
    await presetName.press('Enter');
    await expect(panel.getByRole('button', { name: /^smile$/i })).toHaveCount(1);
    await expect(userPresets.getByRole('listitem')).toHaveCount(1);
    await presetName.fill('');
    await expect(nameProblem).toHaveCount(0);
    await panel.getByRole('button', { name: 'Reset all' }).click();
    await expect(page.getByTestId('rig-slider-jawOpen')).toHaveValue(jawRest);
    await userPresets.getByRole('button', { name: 'Half surprise', exact: true }).click();
    await expect(page.getByTestId('rig-slider-jawOpen')).toHaveValue('0.5');
    await expect(page.getByTestId('rig-slider-browInnerUp')).toHaveValue(browInnerRest);
  });

  test('with a fitted face, the mesh lies on the photo and follows the sliders', async ({ page }) => {
    mkdirSync(screenshots, { recursive: true });
    const projectName = await openAstronautProject(page, 'Rig study');
    storeAstronautFace(projectName);
    await page.getByRole('button', { name: 'Rig panel', exact: true, pressed: false }).click();
    const panel = page.getByTestId('rig-panel');
    await expect(panel.getByTestId('rig-fit-status')).toContainText('Fitted to face 1');
    // The photo's own expression is the starting point: she smiles.
    expect(Number(await page.getByTestId('rig-slider-mouthSmileLeft').inputValue())).toBeGreaterThan(0.3);
    await expect(page.getByTestId('rig-viewport')).toHaveAttribute('data-morph-checksum', /\d/);
    await panel.screenshot({ path: resolve(screenshots, 'rig-panel-fitted-3d.png') });
    await page.screenshot({ path: resolve(screenshots, 'rig-editor.png') });

    await panel.getByRole('button', { name: 'On photo' }).click();
    const mesh = page.getByTestId('rig-photo-overlay').locator('path');
    await expect(mesh).toHaveAttribute('d', /^M/);
    /** Vertical extent of the drawn mesh, in photo pixels. */
    const meshBounds = async () => {
      const numbers = ((await mesh.getAttribute('d')) ?? '').match(/-?\d+(\.\d+)?/g)!.map(Number);
      const ys = numbers.filter((_, i) => i % 2 === 1);
      const xs = numbers.filter((_, i) => i % 2 === 0);
      return { minX: Math.min(...xs), maxX: Math.max(...xs), minY: Math.min(...ys), maxY: Math.max(...ys) };
    };
    const before = await meshBounds();
    // Her face spans roughly x 165-285, y 60-215 of the 512 px photo.
    expect(before.minX).toBeGreaterThan(140);
    expect(before.maxX).toBeLessThan(310);
    expect(before.minY).toBeGreaterThan(30);
    expect(before.maxY).toBeLessThan(240);
    await page.getByTestId('rig-photo-overlay').screenshot({ path: resolve(screenshots, 'rig-overlay-fitted.png') });

    await dragSlider(page, page.getByTestId('rig-slider-jawOpen'), 0.23, 1);
    await expect.poll(async () => (await meshBounds()).maxY).toBeGreaterThan(before.maxY + 5);
    await page.getByTestId('rig-photo-overlay').screenshot({ path: resolve(screenshots, 'rig-overlay-jaw-open.png') });
    await panel.getByRole('button', { name: '3D' }).click();
    await expect(page.getByTestId('rig-viewport')).toHaveAttribute('data-morph-checksum', /\d/);
    await page.waitForTimeout(300);
    await page.getByTestId('rig-viewport').screenshot({ path: resolve(screenshots, 'rig-3d-fitted-jaw-open.png') });
  });
});
