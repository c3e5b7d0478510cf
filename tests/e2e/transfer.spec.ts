import { expect, test, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { dragSlider, openAstronautProject, storeAstronautFace } from './astronaut-project';
import { jawCaptureCsv } from './jaw-capture';
import { writeZoomClip } from './ffmpeg';
import { meanDifference, viewerPixels } from './viewer-pixels';

const root = resolve(import.meta.dirname, '..', '..');
const screenshots = resolve(root, 'test-results/screenshots');
const astronaut = resolve(root, 'tests/fixtures/astronaut.png');
/** The astronaut is 512 x 512; her lips lie in x 201-246, y 139-155. */
const PHOTO_SIDE = 512;
const MOUTH = { x: 198, y: 136, width: 52, height: 34 };
const CORNER = 40;
/** The lips and the chin below them, which the opening jaw moves. */
const MOUTH_AND_CHIN = { x: 190, y: 136, width: 68, height: 60 };
/** A mask stroke across the lips (photo pixels): the jaw below it is left unpainted. */
const MASK_STROKE = { from: { x: 200, y: 146 }, to: { x: 248, y: 146 } };
/** Mean change (0..255 per channel) the mask must make in MOUTH_AND_CHIN (and in CHIN). */
const MASKED_CHANGE = 3;
/** Below the stroke's reach (its brush is a fifth of the face wide): never tinted, moved by the jaw. */
const CHIN = { x: 190, y: 172, width: 68, height: 24 };
/** Above the astronaut's brows (landmarks 105 and 334 lie at y 86 and 90). */
const BROWS_TOP = 84;
/** Mean change the open jaw makes in CHIN. */
const OPEN_JAW_CHANGE = 5;

/** Screen position of a photo pixel. */
async function onScreen(page: Page, point: { x: number; y: number }): Promise<{ x: number; y: number }> {
  const box = await page.getByTestId('viewer-image').boundingBox();
  if (!box) throw new Error('the photo is not on screen');
  return { x: box.x + (point.x / PHOTO_SIDE) * box.width, y: box.y + (point.y / PHOTO_SIDE) * box.height };
}

/** One brush stroke from `start` to `end` (photo pixels), as a mouse drag. */
async function paintStroke(page: Page, start: { x: number; y: number }, end: { x: number; y: number }): Promise<void> {
  const from = await onScreen(page, start);
  const to = await onScreen(page, end);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let step = 1; step <= 10; step++) {
    await page.mouse.move(from.x + ((to.x - from.x) * step) / 10, from.y + ((to.y - from.y) * step) / 10);
  }
  await page.mouse.up();
}

const corners = [
  { x: 0, y: 0, width: CORNER, height: CORNER },
  { x: PHOTO_SIDE - CORNER, y: 0, width: CORNER, height: CORNER },
  { x: 0, y: PHOTO_SIDE - CORNER, width: CORNER, height: CORNER },
  { x: PHOTO_SIDE - CORNER, y: PHOTO_SIDE - CORNER, width: CORNER, height: CORNER },
];

/** Waits until the web host's engine has analysed the named photo of the project (a faces row). */
async function waitForAnalysis(projectName: string, fileName: string): Promise<void> {
  const db = new Database(resolve(process.env.MIEN_E2E_DATA_DIR!, 'mien.sqlite'), { readonly: true });
  try {
    db.pragma('busy_timeout = 5000');
    await expect
      .poll(
        () =>
          db
            .prepare(
              `SELECT COUNT(*) AS n FROM faces f JOIN assets a ON a.id = f.asset_id JOIN projects p ON p.id = a.project_id
               WHERE p.name = ? AND a.original_name = ?`,
            )
            .get(projectName, fileName) as { n: number },
        { timeout: 60_000 },
      )
      .toMatchObject({ n: 1 });
  } finally {
    db.close();
  }
}

test.describe('expression transfer', () => {
  let dir: string;
  let expressionPhoto: string;
  test.beforeAll(async () => {
    // The second photo: the astronaut with her mouth open, rendered by the generator itself.
    dir = mkdtempSync(join(tmpdir(), 'mien-e2e-transfer-'));
    expressionPhoto = join(dir, 'open-mouth.png');
    await promisify(execFile)(
      process.execPath,
      [resolve(root, 'scripts/cli.mjs'), 'edit', astronaut, '--out', expressionPhoto, '--set', 'jawOpen=0.7'],
      { cwd: root, timeout: 120_000 },
    );
  });
  test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a second photo as expression source: the mouth layer at 1 changes the mouth, not the background; a mask stroke, undo', async ({
    page,
  }) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    mkdirSync(screenshots, { recursive: true });
    const projectName = await openAstronautProject(page, 'Transfer');
    storeAstronautFace(projectName);
    await page.getByTestId('import-input').setInputFiles(expressionPhoto);
    await expect(page.getByTestId('asset-thumbnail')).toHaveCount(2, { timeout: 30_000 });
    await waitForAnalysis(projectName, 'open-mouth.png');
    // The astronaut is the portrait being edited.
    await page.getByTestId('asset-thumbnail').first().click();
    const meshToggle = page.getByRole('group', { name: 'Face layers' }).getByRole('button', { name: 'Mesh' });
    if ((await meshToggle.getAttribute('aria-pressed')) === 'true') await meshToggle.click();
    const preview = page.getByTestId('live-preview');
    await expect(preview).toBeHidden();
    const original = await viewerPixels(page);

    const layers = page.getByRole('region', { name: 'Layers' });
    const mouth = layers.getByLabel('Mouth and jaw alpha');
    await expect(mouth).toBeDisabled();
    await layers.getByLabel('Expression source').selectOption({ label: 'Photo: open-mouth.png' });
    await expect(mouth).toBeEnabled();
    // Only the mouth layer: every other layer to 0 first (keyboard: Home on a focused slider).
    for (const name of ['Brows', 'Eyes and gaze', 'Nose and cheeks']) {
      const slider = layers.getByLabel(`${name} alpha`);
      await slider.focus();
      await slider.press('Home');
      await slider.blur();
      // Each change is saved before the next one starts from the saved mix.
      await expect(slider).toHaveValue('0');
    }
    await mouth.focus();
    await mouth.press('Home');
    await mouth.blur();
    await expect(mouth).toHaveValue('0');
    for (const name of ['Brows', 'Eyes and gaze', 'Nose and cheeks']) {
      await expect(layers.getByLabel(`${name} alpha`)).toHaveValue('0');
    }
    await expect(preview).toBeVisible({ timeout: 30_000 });
    await expect(preview).toHaveAttribute('data-quality', 'full');
    // A full frame of the earlier mix (mouth at 1) can still be on screen: wait for the latest one.
    await expect
      .poll(async () => meanDifference(original, await viewerPixels(page), MOUTH), { timeout: 30_000 })
      .toBeLessThan(3);

    await mouth.focus();
    await mouth.press('End');
    await mouth.blur();
    await expect(mouth).toHaveValue('1');
    await expect
      .poll(async () => meanDifference(original, await viewerPixels(page), MOUTH), { timeout: 30_000 })
      .toBeGreaterThan(10);
    await expect(preview).toHaveAttribute('data-quality', 'full');
    const mouthOn = await viewerPixels(page);
    await page.screenshot({ path: resolve(screenshots, 'transfer-mouth-layer.png') });
    for (const corner of corners) expect(meanDifference(original, mouthOn, corner)).toBeLessThan(1);

    // A mask stroke on the mouth layer (its Mask button in the layers panel): the layer then applies
    // only where painted, so the preview changes; undoing the stroke brings the unmasked mouth back.
    const mouthMask = layers.getByTestId('layer-mask-mouth');
    await mouthMask.click();
    await expect(page.getByTestId('mask-canvas')).toBeVisible({ timeout: 30_000 });
    const toolbar = page.getByRole('toolbar', { name: 'Mask painting' });
    await expect(toolbar.getByRole('status')).toHaveCount(0);
    await paintStroke(page, MASK_STROKE.from, MASK_STROKE.to);
    await expect(mouthMask.getByLabel('has a mask')).toBeVisible({ timeout: 30_000 });
    // Done: the tint and the brush cursor leave the photo, so the pixels are the preview's alone.
    await toolbar.getByRole('button', { name: 'Done' }).click();
    await expect(toolbar).toHaveCount(0);
    await expect
      .poll(async () => meanDifference(mouthOn, await viewerPixels(page), MOUTH_AND_CHIN), { timeout: 30_000 })
      .toBeGreaterThan(MASKED_CHANGE);
    await expect(preview).toHaveAttribute('data-quality', 'full');
    const masked = await viewerPixels(page);
    await page.screenshot({ path: resolve(screenshots, 'transfer-mouth-masked.png') });
    console.log(
      `mouth+chin vs unmasked: ${meanDifference(mouthOn, masked, MOUTH_AND_CHIN).toFixed(2)}, vs original: ${meanDifference(original, masked, MOUTH_AND_CHIN).toFixed(2)}`,
    );
    for (const corner of corners) expect(meanDifference(original, masked, corner)).toBeLessThan(1);

    // The stroke is one undo step: the mask goes and the preview is the unmasked mouth again.
    await page.keyboard.press('Control+z');
    await expect(mouthMask.getByLabel('has a mask')).toHaveCount(0);
    await expect
      .poll(async () => meanDifference(mouthOn, await viewerPixels(page), MOUTH_AND_CHIN), { timeout: 30_000 })
      .toBeLessThan(1);
    await expect(mouth).toHaveValue('1');

    // The alpha change is one undo step too: undo puts the mouth layer back to 0.
    await page.keyboard.press('Control+z');
    await expect(mouth).toHaveValue('0');
    expect(pageErrors).toEqual([]);
  });

  test('while a mask is painted the viewer keeps the rendered transfer under the tint, and a stroke updates it', async ({
    page,
  }) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.setViewportSize({ width: 1280, height: 720 });
    const projectName = await openAstronautProject(page, 'Mask live');
    storeAstronautFace(projectName);
    await page.getByTestId('import-input').setInputFiles(expressionPhoto);
    await expect(page.getByTestId('asset-thumbnail')).toHaveCount(2, { timeout: 30_000 });
    await waitForAnalysis(projectName, 'open-mouth.png');
    await page.getByTestId('asset-thumbnail').first().click();
    const meshToggle = page.getByRole('group', { name: 'Face layers' }).getByRole('button', { name: 'Mesh' });
    if ((await meshToggle.getAttribute('aria-pressed')) === 'true') await meshToggle.click();
    const preview = page.getByTestId('live-preview');
    const original = await viewerPixels(page);

    // The open-mouth photo as source (every layer at its default: the mouth layer at 1) opens the jaw.
    const layers = page.getByRole('region', { name: 'Layers' });
    await layers.getByLabel('Expression source').selectOption({ label: 'Photo: open-mouth.png' });
    await expect(preview).toBeVisible({ timeout: 30_000 });
    await expect
      .poll(async () => meanDifference(original, await viewerPixels(page), CHIN), { timeout: 30_000 })
      .toBeGreaterThan(OPEN_JAW_CHANGE);
    await expect(preview).toHaveAttribute('data-quality', 'full');
    const transferred = await viewerPixels(page);

    // Painting mode: the rendered result stays on screen (the tint of an empty mask is transparent).
    const mouthMask = layers.getByTestId('layer-mask-mouth');
    await mouthMask.click();
    await expect(page.getByTestId('mask-canvas')).toBeVisible({ timeout: 30_000 });
    const toolbar = page.getByRole('toolbar', { name: 'Mask painting' });
    await expect(toolbar.getByRole('status')).toHaveCount(0);
    await expect(preview).toBeVisible();
    // The toolbar stays above the brows (the face fills the fitted photo's upper half at 1280x720).
    const toolbarBox = (await toolbar.boundingBox())!;
    expect(toolbarBox.y + toolbarBox.height).toBeLessThan((await onScreen(page, { x: 0, y: BROWS_TOP })).y);
    const painting = await viewerPixels(page);
    console.log(
      `painting mode, chin vs transferred: ${meanDifference(transferred, painting, CHIN).toFixed(2)}, vs original: ${meanDifference(original, painting, CHIN).toFixed(2)}`,
    );
    expect(meanDifference(transferred, painting, CHIN)).toBeLessThan(1);

    // A stroke on the lips only: the mouth layer now applies there alone, so the jaw below closes again,
    // on screen while the toolbar is still up (no Done needed to see what the stroke did).
    await paintStroke(page, MASK_STROKE.from, MASK_STROKE.to);
    await expect(mouthMask.getByLabel('has a mask')).toBeVisible({ timeout: 30_000 });
    await expect
      .poll(async () => meanDifference(transferred, await viewerPixels(page), CHIN), { timeout: 30_000 })
      .toBeGreaterThan(MASKED_CHANGE);
    await expect(preview).toHaveAttribute('data-quality', 'full');
    await expect(toolbar).toBeVisible();
    const stroked = await viewerPixels(page);
    console.log(
      `after the stroke, chin vs transferred: ${meanDifference(transferred, stroked, CHIN).toFixed(2)}, vs original: ${meanDifference(original, stroked, CHIN).toFixed(2)}`,
    );
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: resolve(screenshots, 'transfer-mask-painting-1280x720.png') });
    expect(pageErrors).toEqual([]);
  });
});

test.describe('a video frame as expression source', () => {
  test('the frame slider keeps the picked frame (one undo step); the photo strip keeps its rows at 1280x720', async ({
    page,
  }) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.setViewportSize({ width: 1280, height: 720 });
    const dir = mkdtempSync(join(tmpdir(), 'mien-e2e-video-source-'));
    try {
      const clip = join(dir, 'drive.mp4');
      writeZoomClip(astronaut, clip);
      const projectName = await openAstronautProject(page, 'Video source');
      storeAstronautFace(projectName);
      await page.getByTestId('import-input').setInputFiles(clip);
      await expect(page.getByTestId('tracks-panel').getByRole('listitem').filter({ hasText: 'drive' })).toContainText(
        'Video · 30 frames',
        { timeout: 60_000 },
      );
      const astronautTile = page.getByTestId('asset-thumbnail').first();
      await astronautTile.click();
      const layers = page.getByRole('region', { name: 'Layers' });
      await layers.getByLabel('Expression source').selectOption({ label: 'Video: drive.mp4' });
      const frame = layers.getByRole('slider', { name: 'Expression frame', exact: true });
      await expect(frame).toHaveValue('0');

      // With the layers panel open the sidebar scrolls as a whole; the strip keeps its thumbnails whole.
      const strip = await page.getByRole('list', { name: 'Photos in this project' }).boundingBox();
      const tile = await astronautTile.boundingBox();
      expect(tile!.height).toBeGreaterThan(60);
      expect(strip!.height).toBeGreaterThanOrEqual(tile!.height);

      // The keyboard picks the last frame (frames count from 0, as in the tracks panel and the timeline);
      // it stays picked once the key is let go and saved.
      await frame.focus();
      await frame.press('End');
      await frame.blur();
      await expect(frame).toHaveValue('29');
      await expect(layers.getByText('Frame 29 / 29')).toBeVisible();
      // The neutral-frame menu numbers the frame the same way as the slider (from 0).
      const neutral = layers.getByLabel('Neutral frame');
      await expect(neutral.locator('option[value="frame"]')).toHaveText('Frame 29 (the one shown)');
      await page.waitForTimeout(500);
      await expect(frame).toHaveValue('29');
      mkdirSync(screenshots, { recursive: true });
      await page.screenshot({ path: resolve(screenshots, 'transfer-video-source-1280x720.png') });
      await page.keyboard.press('Control+z');
      await expect(frame).toHaveValue('0');
      await page.keyboard.press('Control+Shift+z');
      await expect(frame).toHaveValue('29');
      expect(pageErrors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a Mask button pressed while the video is open brings the portrait into the viewer to paint on', async ({
    page,
  }) => {
    const dir = mkdtempSync(join(tmpdir(), 'mien-e2e-mask-from-video-'));
    try {
      const clip = join(dir, 'drive.mp4');
      writeZoomClip(astronaut, clip);
      const projectName = await openAstronautProject(page, 'Mask from video');
      storeAstronautFace(projectName);
      await page.getByTestId('import-input').setInputFiles(clip);
      await expect(page.getByTestId('asset-thumbnail')).toHaveCount(2, { timeout: 30_000 });
      await page.getByTestId('asset-thumbnail').first().click();
      const layers = page.getByRole('region', { name: 'Layers' });
      // Choosing the source makes the portrait's scene, so each layer gets its Mask button.
      await layers.getByLabel('Expression source').selectOption({ label: 'Video: drive.mp4' });
      await page.getByTestId('asset-thumbnail').nth(1).click();
      await expect(page.getByTestId('video-viewer')).toBeVisible();
      await layers.getByTestId('layer-mask-mouth').click();
      await expect(page.getByTestId('video-viewer')).toHaveCount(0);
      await expect(page.getByTestId('viewer-image')).toHaveAttribute('alt', 'astronaut.png');
      await expect(page.getByTestId('mask-canvas')).toBeVisible({ timeout: 30_000 });
      await expect(page.getByRole('toolbar', { name: 'Mask painting' })).toContainText('Mouth and jaw');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the tracks panel frame slider of the same video and the expression frame move each other; one undo step a pick; another set stays apart', async ({
    page,
  }) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.setViewportSize({ width: 1280, height: 720 });
    const dir = mkdtempSync(join(tmpdir(), 'mien-e2e-linked-frames-'));
    try {
      const clip = join(dir, 'drive.mp4');
      writeZoomClip(astronaut, clip);
      const projectName = await openAstronautProject(page, 'Linked frames');
      storeAstronautFace(projectName);
      await page.getByTestId('import-input').setInputFiles(clip);
      const tracks = page.getByTestId('tracks-panel');
      const driveSet = tracks.getByRole('listitem').filter({ hasText: 'drive' });
      await expect(driveSet).toContainText('Video · 30 frames', { timeout: 60_000 });
      await page.getByTestId('asset-thumbnail').first().click();
      const layers = page.getByRole('region', { name: 'Layers' });
      await layers.getByLabel('Expression source').selectOption({ label: 'Video: drive.mp4' });
      const expressionFrame = layers.getByRole('slider', { name: 'Expression frame', exact: true });
      const trackFrame = page.getByTestId('track-frame-slider');
      await expect(expressionFrame).toHaveValue('0');
      await expect(trackFrame).toHaveAttribute('data-linked-expression-source', 'true');
      await expect(trackFrame).toHaveValue('0');

      // Picked in the layers panel: the tracks slider (and its Apply button) follow.
      await expressionFrame.focus();
      await expressionFrame.press('End');
      await expressionFrame.blur();
      await expect(expressionFrame).toHaveValue('29');
      await expect(trackFrame).toHaveValue('29');
      await expect(page.getByTestId('track-frame-value')).toHaveText('29');

      // Dragged in the tracks panel: the expression frame follows while it moves, and the release is one step.
      await dragSlider(page, trackFrame, 1, 0.5);
      const dragged = Number(await trackFrame.inputValue());
      expect(dragged).toBeGreaterThan(5);
      expect(dragged).toBeLessThan(25);
      await expect(expressionFrame).toHaveValue(String(dragged));
      await expect(layers.getByText(`Frame ${dragged} / 29`)).toBeVisible();
      await expect(page.getByRole('button', { name: 'Undo pick the expression frame' })).toBeEnabled();
      await page.waitForTimeout(300);
      await expect(expressionFrame).toHaveValue(String(dragged));
      mkdirSync(screenshots, { recursive: true });
      await page.screenshot({ path: resolve(screenshots, 'transfer-linked-frames-1280x720.png') });
      await page.keyboard.press('Control+z');
      await expect(expressionFrame).toHaveValue('29');
      await expect(trackFrame).toHaveValue('29');
      await page.keyboard.press('Control+z');
      await expect(expressionFrame).toHaveValue('0');
      await expect(trackFrame).toHaveValue('0');
      await page.keyboard.press('Control+Shift+z');
      await expect(expressionFrame).toHaveValue('29');
      await expect(trackFrame).toHaveValue('29');

      // Arrow keys on the tracks slider: the run of presses is picked once the keys stop, one undo step.
      await trackFrame.focus();
      for (let i = 0; i < 3; i++) await trackFrame.press('ArrowLeft');
      await expect(expressionFrame).toHaveValue('26');
      await page.waitForTimeout(800);
      await trackFrame.blur();
      await page.keyboard.press('Control+z');
      await expect(expressionFrame).toHaveValue('29');
      await page.waitForTimeout(300);
      await expect(trackFrame).toHaveValue('29');

      // A set of another source (a Live Link capture) keeps its own frame: moving it picks nothing.
      await tracks
        .getByTestId('tracks-import-input')
        .setInputFiles({ name: 'capture.csv', mimeType: 'text/csv', buffer: Buffer.from(jawCapture()) });
      await expect(tracks.getByRole('listitem').filter({ hasText: 'capture' })).toContainText('Live Link CSV');
      await expect(trackFrame).not.toHaveAttribute('data-linked-expression-source', 'true');
      await expect(trackFrame).toHaveValue('0');
      await trackFrame.focus();
      await trackFrame.press('End');
      await trackFrame.blur();
      await expect(page.getByTestId('track-frame-value')).toHaveText('11');
      await expect(expressionFrame).toHaveValue('29');
      await expect(page.getByRole('button', { name: 'Redo pick the expression frame' })).toBeEnabled();

      // The video itself open in the viewer (the layers panel stays the astronaut's): a frame picked in
      // the layers panel moves the video and the tracks slider, which follows the video.
      await driveSet.getByRole('button').first().click();
      await expect(trackFrame).toHaveAttribute('data-linked-expression-source', 'true');
      await page.getByTestId('asset-thumbnail').nth(1).click();
      const player = page.getByTestId('video-player');
      await expect(player).toBeVisible();
      await expect(trackFrame).toHaveAttribute('data-linked-video', /.+/);
      await expressionFrame.focus();
      await expressionFrame.press('Home');
      await expressionFrame.blur();
      await expect(expressionFrame).toHaveValue('0');
      await expressionFrame.focus();
      await expressionFrame.press('PageUp');
      await expressionFrame.blur();
      const picked = Number(await expressionFrame.inputValue());
      expect(picked).toBeGreaterThan(0);
      await expect(trackFrame).toHaveValue(String(picked));
      await expect
        .poll(() => player.evaluate((video: { currentTime: number }) => Math.round(video.currentTime * 30)))
        .toBe(picked);
      expect(pageErrors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A Live Link Face capture of 12 frames at 60 fps: the jaw opens. */
function jawCapture(): string {
  return jawCaptureCsv(12, 60, (f) => 0.05 * f);
}
