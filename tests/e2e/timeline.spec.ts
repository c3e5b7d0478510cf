import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findFfmpeg } from '../../src/main/engine/media/ffmpeg';
import { findVideoTools } from '../../src/main/engine/media/video-probe';
import { ARKIT_BLENDSHAPE_NAMES } from '../../src/shared/rig';
import { ffmpegPath } from './ffmpeg';
import { jawCaptureCsv } from './jaw-capture';
import { dragSlider, openAstronautProject, storeAstronautFace } from './astronaut-project';
import sharp from 'sharp';
import { ASTRONAUT_SIDE, meanDifference, viewerPixels } from './viewer-pixels';

/** Both sides of a symmetric action at one weight, as the built-in presets write them. */
const both = (stem: string, weight: number): Record<string, number> => ({
  [`${stem}Left`]: weight,
  [`${stem}Right`]: weight,
});

const WHOLE_PHOTO = { x: 0, y: 0, width: ASTRONAUT_SIDE, height: ASTRONAUT_SIDE };

const shots = resolve(import.meta.dirname, '..', '..', '.tmp');

/** ffprobe's view of an exported file's first video stream, and its frame count (decoded, not guessed). */
function probe(file: string): { codec: string; width: number; height: number; frames: number; pixFmt: string } {
  const tools = findVideoTools(findFfmpeg());
  if (!tools.ok) throw new Error(`${tools.message} (ffmpeg: ${ffmpegPath()})`);
  const out = execFileSync(tools.tools.ffprobe, [
    '-v',
    'error',
    '-count_frames',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=codec_name,width,height,pix_fmt,nb_read_frames',
    '-of',
    'json',
    file,
  ]).toString();
  const stream = (JSON.parse(out) as { streams: Array<Record<string, string | number>> }).streams[0]!;
  return {
    codec: String(stream.codec_name),
    width: Number(stream.width),
    height: Number(stream.height),
    frames: Number(stream.nb_read_frames),
    pixFmt: String(stream.pix_fmt),
  };
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
    await expect(timeline.getByTestId('timeline-timecode')).toContainText('0 / 89');

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
    await expect(timeline.getByTestId('timeline-timecode')).toContainText('30 / 89');
    await expect(page.getByTestId('key-button-jawOpen')).toHaveAttribute('data-key-state', 'animated');

    // Moving keyed sliders keys them at the playhead (auto-key); linked smile keys both sides.
    await dragSlider(page, page.getByTestId('rig-slider-mouthSmileLeft'), 0, 0.8);
    await dragSlider(page, page.getByTestId('rig-slider-jawOpen'), 0, 0.6);
    await expect(timeline.getByTestId('timeline-key')).toHaveCount(6);
    await expect(page.getByTestId('key-button-jawOpen')).toHaveAttribute('data-key-state', 'keyed');
    await expect(page.getByRole('button', { name: 'Undo adjust jaw open' })).toBeEnabled();
    // One undo takes the whole jaw drag back (its key at 1 s goes), redo brings it again.
    await page.keyboard.press('Control+z');
    await expect(timeline.getByTestId('timeline-key')).toHaveCount(5);
    await page.keyboard.press('Control+Shift+z');
    await expect(timeline.getByTestId('timeline-key')).toHaveCount(6);
    await expect(timeline.getByTestId('timeline-save-state')).toHaveText('Saved', { timeout: 10_000 });
    await page.screenshot({ path: resolve(shots, 'timeline-1280x720.png') });

    // Halfway the sliders show the curve's value; at 0 s neutral again. (The jaw slider still has focus
    // from its drag and would take Home itself: the keys go to the timeline from the dope sheet.)
    await timeline.getByTestId('dope-sheet').focus();
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
      if (meanDifference(atStart, await viewerPixels(page), WHOLE_PHOTO) > 0.5) changed++;
    }
    expect(changed).toBeGreaterThan(0);
    await page.keyboard.press('Space');
    await expect(timeline.getByTestId('timeline-play')).toHaveAttribute('aria-pressed', 'false');

    // Export MP4, then GIF: each shows its progress in the dialog, which stays open (the jobs panel
    // does not pop open over the rig panel), then becomes a render in the dialog's list.
    const projectId = decodeURIComponent(/#\/projects\/([^/?#]+)/.exec(page.url())![1]!);
    await timeline.getByRole('button', { name: 'Export…' }).click();
    const form = page.getByTestId('export-form');
    await expect(form.getByLabel('Format').locator('option')).toHaveText([
      'MP4 (H.264)',
      'GIF',
      'WebM (VP9)',
      'PNG sequence',
    ]);
    await expect(page.getByTestId('export-summary')).toHaveText('512 × 512 · 90 frames at 30 fps · 3.00 s');
    await page.getByTestId('export-start').click();
    const exporting = page.getByRole('region', { name: 'Export jobs' });
    const exportJob = (label: string) => exporting.getByRole('listitem').filter({ hasText: label });
    await expect(exportJob('Export Scene 1 (MP4)')).toBeVisible();
    await expect(exportJob('Export Scene 1 (MP4)').getByRole('progressbar')).toBeVisible();
    await expect(page.locator('#jobs-drawer')).toHaveCount(0);
    await page.screenshot({ path: resolve(shots, 'timeline-exporting-1280x720.png') });
    const renders = page.getByTestId('render-row');
    await expect(renders.and(page.locator('[data-format="mp4"]'))).toHaveCount(1, { timeout: 120_000 });
    await expect(renders.and(page.locator('[data-format="mp4"]'))).toContainText('MP4 · 512×512 · 90 frames');
    await expect(exporting).toHaveCount(0);
    await form.getByLabel('Format').selectOption('gif');
    await form.getByLabel('Size').selectOption('512');
    await form.getByLabel('Frame rate').selectOption('25');
    await expect(page.getByTestId('export-summary')).toHaveText('512 × 512 · 75 frames at 25 fps · 3.00 s');
    await page.getByTestId('export-start').click();
    await expect(exportJob('Export Scene 1 (GIF)')).toBeVisible();
    await expect(renders).toHaveCount(2, { timeout: 120_000 });
    await expect(page.locator('#jobs-drawer')).toHaveCount(0);
    // The finished exports are in the jobs panel too, under the same names.
    await page.getByRole('dialog').getByRole('button', { name: 'Close', exact: true }).first().click();
    await page.keyboard.press('j');
    const drawer = page.getByRole('region', { name: 'Jobs' });
    await expect(
      drawer.getByRole('listitem').filter({ hasText: 'Export Scene 1 (GIF)' }).locator('.chip--succeeded'),
    ).toBeVisible();
    // Esc closes the jobs panel although focus is not inside it.
    await page.keyboard.press('Escape');
    await expect(drawer).toHaveCount(0);
    await timeline.getByRole('button', { name: 'Export…' }).click();
    await expect(renders).toHaveCount(2);
    await page.screenshot({ path: resolve(shots, 'timeline-export-1280x720.png') });

    const dataDir = process.env.MIEN_E2E_DATA_DIR!;
    const fileOf = async (format: string) =>
      resolve(
        dataDir,
        'exports',
        projectId,
        (await renders.and(page.locator(`[data-format="${format}"]`)).getAttribute('data-file'))!,
      );
    const mp4 = probe(await fileOf('mp4'));
    expect(mp4).toEqual({ codec: 'h264', width: 512, height: 512, frames: 90, pixFmt: 'yuv420p' });
    const gif = probe(await fileOf('gif'));
    expect(gif).toMatchObject({ codec: 'gif', width: 512, height: 512, frames: 75 });
    expect(pageErrors).toEqual([]);
  });

  test('box select, multi-drag (one undo step), copy and paste into another scene, easing, delete', async ({
    page,
  }) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await openAnimator(page, 'Timeline edit');
    const timeline = page.getByTestId('timeline-panel');
    const keys = timeline.getByTestId('timeline-key');
    const sheet = timeline.getByTestId('dope-sheet');
    // Keys at 0 s and at 1 s on jaw and smile (K keys what was changed: nothing yet, so use the buttons).
    await page.getByTestId('key-button-jawOpen').click();
    await page.getByTestId('key-button-mouthSmileLeft').click();
    await sheet.click({ position: { x: 5, y: 5 } });
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.getByTestId('key-button-jawOpen').click();
    await page.getByTestId('key-button-mouthSmileLeft').click();
    await expect(keys).toHaveCount(4);

    // Box-select the two keys at 1 s (drag from right of them, around them).
    const late = keys.nth(1);
    const lateBox = (await late.boundingBox())!;
    const sheetBox = (await sheet.boundingBox())!;
    await page.mouse.move(lateBox.x + 30, sheetBox.y + 3);
    await page.mouse.down();
    await page.mouse.move(lateBox.x - 10, sheetBox.y + sheetBox.height - 3, { steps: 6 });
    await page.mouse.up();
    await expect(timeline.locator('.tl-key--selected[data-testid="timeline-key"]')).toHaveCount(2);

    // Drag them together half a second later: one undo step.
    const before = await late.getAttribute('data-time');
    const tickAt = async (label: string) =>
      (await timeline.locator('.tl-ruler__tick--major', { hasText: new RegExp(`^${label}$`) }).boundingBox())!.x;
    const oneSecondPx = (await tickAt('2s')) - (await tickAt('1s'));
    expect(oneSecondPx).toBeGreaterThan(50);
    const start = { x: lateBox.x + lateBox.width / 2, y: lateBox.y + lateBox.height / 2 };
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move(start.x + oneSecondPx / 2, start.y, { steps: 8 });
    await page.mouse.up();
    await expect(timeline.locator('[data-testid="timeline-key"][data-time="1.5"]')).toHaveCount(2);
    await expect(page.getByRole('button', { name: 'Undo move keys' })).toBeEnabled();
    await page.keyboard.press('Control+z');
    await expect(timeline.locator(`[data-testid="timeline-key"][data-time="${before}"]`)).toHaveCount(2);
    await page.keyboard.press('Control+Shift+z');
    await expect(timeline.locator('[data-testid="timeline-key"][data-time="1.5"]')).toHaveCount(2);

    // Easing: select the jaw's first key, apply ease-in-out from the easing editor.
    await page.getByRole('button', { name: 'Easing editor' }).click();
    await keys.first().click();
    await timeline.getByRole('button', { name: 'In & out', exact: true }).click();
    await expect(timeline.getByTestId('easing-editor')).toContainText('cubic-bezier(0.42, 0, 0.58, 1)');
    await page.screenshot({ path: resolve(shots, 'timeline-easing-1280x720.png') });

    // Copy all keys, paste them into a new scene at its playhead, then delete them there.
    await sheet.hover();
    await page.keyboard.press('Control+a');
    await expect(timeline.locator('.tl-key--selected[data-testid="timeline-key"]')).toHaveCount(4);
    await page.keyboard.press('Control+c');
    const sceneSelect = timeline.getByRole('combobox', { name: 'Scene', exact: true });
    const firstScene = await sceneSelect.inputValue();
    await sceneSelect.selectOption({ label: 'New scene' });
    await expect(sceneSelect).not.toHaveValue(firstScene);
    await expect(keys).toHaveCount(0);
    await page.keyboard.press('Home');
    await page.keyboard.press('Control+v');
    await expect(keys).toHaveCount(4);
    await page.keyboard.press('Delete');
    await expect(keys).toHaveCount(0);
    await page.keyboard.press('Control+z');
    await expect(keys).toHaveCount(4);
    await expect(timeline.getByTestId('timeline-save-state')).toHaveText('Saved', { timeout: 10_000 });
    // Back in the first scene its keys are as left.
    await sceneSelect.selectOption(firstScene);
    await expect(keys).toHaveCount(4);

    // Scene length and frame rate are undoable scene settings.
    const duration = timeline.getByLabel('Duration in seconds');
    await duration.fill('2');
    await duration.press('Enter');
    await expect(timeline.getByTestId('timeline-timecode')).toContainText('/ 59');
    await timeline.getByRole('combobox', { name: 'Frame rate' }).selectOption('24');
    await expect(timeline.getByTestId('timeline-timecode')).toContainText('/ 47');
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    await expect(timeline.getByTestId('timeline-timecode')).toContainText('/ 89');

    // The shortcuts sheet lists the timeline's keys.
    await page.keyboard.press('?');
    const sheet2 = page.getByTestId('shortcuts-sheet');
    await expect(sheet2.getByRole('heading', { name: 'Timeline' })).toBeVisible();
    await expect(sheet2).toContainText('Key at the playhead');
    await page.keyboard.press('Escape');

    // Curves view draws the animated parameters.
    await timeline.getByRole('button', { name: 'Curves' }).click();
    await expect(timeline.getByTestId('curve-editor').locator('path')).toHaveCount(2);
    await page.screenshot({ path: resolve(shots, 'timeline-curves-1280x720.png') });
    expect(pageErrors).toEqual([]);
  });

  test('rename and delete scenes from the scene menu; a layer alpha keys itself into the dope sheet', async ({
    page,
  }) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // A second photo to take the expression from (layer sliders need a source): the astronaut mirrored.
    const dir = mkdtempSync(join(tmpdir(), 'mien-e2e-scenes-'));
    const mirrored = join(dir, 'astronaut-mirrored.png');
    await sharp(resolve(import.meta.dirname, '..', 'fixtures', 'astronaut.png'))
      .flop()
      .toFile(mirrored);
    try {
      await openAnimator(page, 'Timeline scenes');
      await page.getByTestId('import-input').setInputFiles(mirrored);
      await expect(page.getByTestId('asset-thumbnail')).toHaveCount(2, { timeout: 30_000 });
      await page.getByTestId('asset-thumbnail').first().click();
      const timeline = page.getByTestId('timeline-panel');
      const sceneSelect = timeline.getByRole('combobox', { name: 'Scene', exact: true });
      const openName = sceneSelect.locator('option:checked');
      await expect(openName).toHaveText('Scene 1');
      // The lanes came back after the portrait switched (import, then this click): the ruler measures them again.
      await expect(timeline.locator('.tl-ruler__tick--major', { hasText: /^1s$/ })).toBeVisible();

      // A second scene, renamed through the scene menu: refusals are said, a good name is saved.
      await sceneSelect.selectOption({ label: 'New scene' });
      await expect(openName).not.toHaveText('Scene 1');
      const defaultName = (await openName.textContent())!;
      expect(defaultName).toMatch(/^Scene \d+$/);
      // Refusals show under the field: the toolbar stays one row, as tall as with the menu.
      const toolbar = timeline.locator('.tl-toolbar');
      const toolbarHeight = (await toolbar.boundingBox())!.height;
      expect(toolbarHeight).toBeLessThan(45);
      await sceneSelect.selectOption({ label: 'Rename scene…' });
      const nameField = timeline.getByRole('textbox', { name: 'Scene name' });
      await expect(nameField).toBeFocused();
      const problem = timeline.getByRole('alert');
      const expectOneRowToolbar = async () => {
        expect((await toolbar.boundingBox())!.height).toBe(toolbarHeight);
        const box = (await problem.boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(1280);
        expect(box.y + box.height).toBeLessThanOrEqual(720);
      };
      expect((await toolbar.boundingBox())!.height).toBe(toolbarHeight);
      // Another case and spaces do not make another name.
      await nameField.fill(' scene 1 ');
      await nameField.press('Enter');
      await expect(problem).toHaveText('There is already a scene named “Scene 1”.');
      await expectOneRowToolbar();
      await nameField.fill('   ');
      await nameField.press('Enter');
      await expect(problem).toHaveText('A scene needs a name.');
      await expectOneRowToolbar();
      await nameField.fill('x'.repeat(201));
      await nameField.press('Enter');
      await expect(problem).toContainText('at most 200 characters');
      await expectOneRowToolbar();
      await page.screenshot({ path: resolve(shots, 'timeline-rename-1280x720.png') });
      await nameField.fill('Wide smile');
      await nameField.press('Enter');
      await expect(nameField).toBeHidden();
      await expect(openName).toHaveText('Wide smile');
      // Undo and redo the rename (one step each).
      await page.getByRole('button', { name: 'Undo rename scene' }).click();
      await expect(openName).toHaveText(defaultName);
      await page.getByRole('button', { name: 'Redo rename scene' }).click();
      await expect(openName).toHaveText('Wide smile');

      // The mouth layer mixes in the mirrored photo's expression; its ◆ keys it at 0 s.
      const layers = page.getByRole('region', { name: 'Layers' });
      const mouth = layers.getByLabel('Mouth and jaw alpha');
      await layers.getByLabel('Expression source').selectOption({ label: 'Photo: astronaut-mirrored.png' });
      await expect(mouth).toBeEnabled();
      const mouthKey = page.getByTestId('layer-key-button-mouth');
      await mouthKey.click();
      await expect(mouthKey).toHaveAttribute('data-key-state', 'keyed');
      const mouthKeys = timeline.locator('[data-parameter="layer.mouth"] [data-testid="timeline-key"]');
      await expect(mouthKeys).toHaveCount(1);
      await expect(timeline.locator('.tl-name--group', { hasText: 'Layers' })).toBeVisible();

      // At 1 s, Home on the focused slider sets the alpha to 0 and keys it (auto-key); the playhead stays.
      await timeline.getByTestId('dope-sheet').focus();
      for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowRight');
      await expect(timeline.getByTestId('timeline-timecode')).toContainText('30 / 89');
      await expect(mouthKey).toHaveAttribute('data-key-state', 'animated');
      await mouth.press('Home');
      await expect(mouth).toHaveValue('0');
      await expect(timeline.getByTestId('timeline-timecode')).toContainText('30 / 89');
      await expect(mouthKeys).toHaveCount(2);
      await expect(mouthKey).toHaveAttribute('data-key-state', 'keyed');
      await expect(timeline.locator('[data-parameter="layer.mouth"] [data-time="1"]')).toHaveCount(1);

      // A mouse drag of the slider re-keys 1 s as one undo step.
      await dragSlider(page, mouth, 0, 0.5);
      await expect(mouth).not.toHaveValue('0');
      await expect(page.getByRole('button', { name: /^Undo set Mouth and jaw to [1-9]\d*%$/ })).toBeEnabled();
      await expect(mouthKeys).toHaveCount(2);
      await page.screenshot({ path: resolve(shots, 'timeline-layers-1280x720.png') });
      await page.getByRole('button', { name: /^Undo set Mouth and jaw/ }).click();
      await expect(mouth).toHaveValue('0');
      await expect(mouthKeys).toHaveCount(2);
      // At 0 s the slider shows the first key (the mouth layer's default, 1).
      await timeline.getByTestId('dope-sheet').focus();
      await page.keyboard.press('Home');
      await expect(timeline.getByTestId('timeline-timecode')).toContainText('0 / 89');
      await expect(mouth).toHaveValue('1');
      await expect(timeline.getByTestId('timeline-save-state')).toHaveText('Saved', { timeout: 10_000 });

      // The mouth layer's mask filled (the painting tools cover the face at this size): deleting the scene
      // takes the mask, undo brings it back.
      const mouthMask = layers.getByTestId('layer-mask-mouth');
      await mouthMask.click();
      const maskTools = page.getByRole('toolbar', { name: 'Mask painting' });
      await expect(page.getByTestId('mask-canvas')).toBeVisible({ timeout: 30_000 });
      await maskTools.getByRole('button', { name: 'Fill' }).click();
      await expect(mouthMask.getByLabel('has a mask')).toBeVisible();
      await maskTools.getByRole('button', { name: 'Done' }).click();

      // Deleting the open scene asks first, then opens the other one (without the layer keys).
      await sceneSelect.selectOption({ label: 'Delete scene…' });
      const dialog = page.getByRole('dialog', { name: 'Delete “Wide smile”?' });
      await expect(dialog).toBeVisible();
      await page.screenshot({ path: resolve(shots, 'timeline-delete-1280x720.png') });
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect(openName).toHaveText('Wide smile');
      await sceneSelect.selectOption({ label: 'Delete scene…' });
      await dialog.getByRole('button', { name: 'Delete scene' }).click();
      await expect(dialog).toBeHidden();
      await expect(openName).toHaveText('Scene 1');
      // The question went with the deleted scene: none asks about the scene that opened.
      await expect(page.locator('dialog[open]')).toHaveCount(0);
      const sceneNames = sceneSelect.locator('option:not([value^="__"])');
      await expect(sceneNames).toHaveText(['Scene 1']);
      await expect(mouthKeys).toHaveCount(0);
      await expect(mouthMask.getByLabel('has a mask')).toHaveCount(0);
      // Scene 1 has no expression source: its layers are the portrait's own again.
      await expect(mouth).toBeDisabled();

      // Ctrl+Z brings it back where it was, open, with its keys, source and alphas; Ctrl+Shift+Z deletes it again.
      await timeline.getByTestId('dope-sheet').focus();
      await page.keyboard.press('Control+z');
      await expect(openName).toHaveText('Wide smile');
      await expect(sceneNames).toHaveText(['Scene 1', 'Wide smile']);
      await expect(mouthKeys).toHaveCount(2);
      await expect(timeline.locator('[data-parameter="layer.mouth"] [data-time="1"]')).toHaveCount(1);
      await expect(mouth).toBeEnabled();
      await expect(mouth).toHaveValue('1');
      await expect(mouthMask.getByLabel('has a mask')).toBeVisible();
      await expect(page.getByRole('button', { name: 'Redo delete scene' })).toBeEnabled();
      await page.screenshot({ path: resolve(shots, 'timeline-delete-undone-1280x720.png') });
      await page.keyboard.press('Control+Shift+Z');
      await expect(openName).toHaveText('Scene 1');
      await expect(sceneNames).toHaveText(['Scene 1']);
      await expect(mouthKeys).toHaveCount(0);
      await expect(mouthMask.getByLabel('has a mask')).toHaveCount(0);

      // New scenes after the deletion take the first free numbers: the deleted scene's default name is free again.
      await sceneSelect.selectOption({ label: 'New scene' });
      await expect(openName).toHaveText(defaultName);
      await sceneSelect.selectOption({ label: 'New scene' });
      await expect(sceneNames).toHaveCount(3);
      const names = await sceneNames.allTextContents();
      expect(new Set(names).size).toBe(3);
      expect(names[2]).toMatch(/^Scene \d+$/);
      // Adding is undone before the deletion: two undos remove the new scenes, a third restores Wide smile.
      await timeline.getByTestId('dope-sheet').focus();
      await page.keyboard.press('Control+z');
      await expect(sceneNames).toHaveText(['Scene 1', defaultName]);
      await page.keyboard.press('Control+z');
      await expect(sceneNames).toHaveText(['Scene 1']);
      await page.keyboard.press('Control+z');
      await expect(sceneNames).toHaveText(['Scene 1', 'Wide smile']);
      await expect(openName).toHaveText('Wide smile');
      await expect(mouthKeys).toHaveCount(2);
      await page.keyboard.press('Control+Shift+Z');
      await expect(sceneNames).toHaveText(['Scene 1']);
      await expect(openName).toHaveText('Scene 1');

      // Deleting the last scene leaves none open until one is added.
      await sceneSelect.selectOption({ label: 'Delete scene…' });
      await page
        .getByRole('dialog', { name: 'Delete “Scene 1”?' })
        .getByRole('button', { name: 'Delete scene' })
        .click();
      await expect(timeline.getByText('This photo has no scene.')).toBeVisible();
      await timeline.getByRole('button', { name: 'New scene' }).click();
      await expect(sceneSelect).toBeVisible();
      await expect(openName).toHaveText(/^Scene \d+$/);
      expect(pageErrors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('dope-sheet keys are buttons named by parameter and time; Bring to life’s New seed is a button like the others', async ({
    page,
  }) => {
    await openAnimator(page, 'Timeline names');
    const timeline = page.getByTestId('timeline-panel');
    await page.getByTestId('key-button-jawOpen').click();
    const key = timeline.getByRole('button', { name: /^Key jawOpen at 0\.00 s, value \d\.\d{3}$/ });
    await expect(key).toHaveCount(1);
    await expect(key).toHaveAttribute('aria-pressed', 'false');
    await key.click({ force: true });
    await expect(key).toHaveAttribute('aria-pressed', 'true');
    // The group's row sums its keys up, named too.
    await expect(timeline.getByRole('button', { name: /^1 key of .+ at 0\.00 s$/ })).toHaveCount(1);

    await timeline.getByRole('button', { name: 'Bring to life…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Bring to life' });
    const newSeed = dialog.getByRole('button', { name: 'New seed' });
    const look = (name: string) =>
      dialog.getByRole('button', { name, exact: true }).evaluate((element) => {
        // Runs in the page (this file compiles without the DOM library).
        const page = globalThis as unknown as {
          getComputedStyle(of: unknown): { backgroundColor: string; borderTopColor: string };
        };
        const style = page.getComputedStyle(element);
        return { background: style.backgroundColor, border: style.borderTopColor };
      });
    // Drawn as a button (the dialog's Cancel), not as plain text on the dialog.
    const cancel = await look('Cancel');
    expect(await look('New seed')).toEqual(cancel);
    expect(cancel.background).not.toBe('rgba(0, 0, 0, 0)');
    await page.screenshot({ path: resolve(shots, 'timeline-bring-to-life-1280x720.png') });
    const seed = dialog.getByLabel('Seed');
    const before = await seed.inputValue();
    await newSeed.click();
    await expect(seed).not.toHaveValue(before);
  });

  test('a cancelled export stays in the export dialog as Cancelled, also after the dialog is closed and opened again', async ({
    page,
  }) => {
    await openAnimator(page, 'Timeline cancel export');
    const timeline = page.getByTestId('timeline-panel');
    // A 60 fps scene: its own rate is over a GIF's limit.
    await timeline.getByRole('combobox', { name: 'Frame rate' }).selectOption('60');
    await expect(timeline.getByTestId('timeline-timecode')).toContainText('/ 179');
    await timeline.getByRole('button', { name: 'Export…' }).click();
    // The longest export the form allows here (60 fps, PNG frames at the photo's size): time to cancel it.
    const form = page.getByTestId('export-form');
    // A GIF's limit (50 fps, the rule the engine and `mien --fps` use too) greys out the faster rates,
    // the scene's own 60 too, each with the reason; the form falls back to the highest rate allowed.
    const format = form.getByLabel('Format');
    const rate = form.getByLabel('Frame rate');
    const initial = await format.inputValue();
    await expect(rate).toHaveValue('');
    await format.selectOption('gif');
    await expect(rate.locator('option[value=""]')).toBeDisabled();
    await expect(rate.locator('option[value="60"]')).toBeDisabled();
    await expect(rate.locator('option[value="50"]')).toBeEnabled();
    await expect(rate).toHaveValue('50');
    const gifReason = /^A GIF plays at most 50 fps \(got 60\); 25 and 50 fps play exactly\.$/;
    await expect(rate.locator('option[value=""]')).toHaveAttribute('title', gifReason);
    await expect(rate.locator('option[value="60"]')).toHaveAttribute('title', gifReason);
    await expect(page.getByTestId('export-summary')).toContainText('frames at 50 fps');
    await format.selectOption(initial);
    await expect(rate.locator('option[value="60"]')).toBeEnabled();
    await expect(rate.locator('option[value=""]')).toBeEnabled();
    await expect(rate).toHaveValue('');
    await form.getByLabel('Frame rate').selectOption('60');
    await page.getByTestId('export-start').click();
    const exporting = page.getByRole('region', { name: 'Export jobs' });
    const job = exporting.getByRole('listitem').filter({ hasText: /^Export Scene 1/ });
    await expect(job.getByRole('progressbar')).toBeVisible();
    await job.getByRole('button', { name: 'Cancel' }).click();
    // At once: frames already handed to the generator are no longer waited for (export-cancel.test.ts).
    await expect(job.locator('.chip')).toHaveText('Cancelled');
    await expect(job.getByRole('progressbar')).toHaveCount(0);
    await page.screenshot({ path: resolve(shots, 'timeline-export-cancelled-1280x720.png') });

    await page.getByRole('dialog').getByRole('button', { name: 'Close', exact: true }).first().click();
    await timeline.getByRole('button', { name: 'Export…' }).click();
    await expect(job.locator('.chip')).toHaveText('Cancelled');
    await expect(page.getByTestId('render-row')).toHaveCount(0);
  });

  test('bring to life bakes idle motion into keys; a Live Link track set imports as reduced keys; both undo in one step', async ({
    page,
  }) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await openAnimator(page, 'Timeline motion');
    const timeline = page.getByTestId('timeline-panel');
    const keys = timeline.getByTestId('timeline-key');

    await timeline.getByRole('button', { name: 'Bring to life…' }).click();
    await page.getByLabel('Seed').fill('7');
    await page.getByRole('button', { name: 'Add idle motion' }).click();
    // Group rows are named by their label and key count (the summary keys name their group too).
    await expect(timeline.getByRole('button', { name: /^Head pose\s*\d*$/ })).toBeVisible();
    await expect(timeline.getByRole('button', { name: /^Eyes\s*\d*$/ })).toBeVisible();
    expect(await keys.count()).toBeGreaterThan(10);
    await expect(page.getByRole('button', { name: 'Undo bring to life' })).toBeEnabled();
    await keys.first().click({ force: true });
    await page.getByRole('button', { name: 'Easing editor' }).click();
    await page.screenshot({ path: resolve(shots, 'timeline-life-1280x720.png') });
    await page.keyboard.press('Control+z');
    await expect(keys).toHaveCount(0);

    // A two-second Live Link capture at 30 fps whose jaw opens and closes once.
    const jawBefore = Number(await page.getByTestId('rig-slider-jawOpen').inputValue());
    const csv = jawCaptureCsv(61, 30, (f) => 0.8 * Math.sin((Math.PI * f) / 60));
    await page
      .getByTestId('tracks-import-input')
      .setInputFiles({ name: 'open-close.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect(page.getByTestId('tracks-panel')).toContainText('open-close');
    await timeline.getByRole('button', { name: 'Import motion…' }).click();
    await page.getByRole('button', { name: 'Import as keys' }).click();
    await expect(timeline.getByRole('button', { name: 'Open', exact: true })).toBeVisible();
    // Only what moves is imported (relative to the driver's rest), reduced to far fewer keys than frames.
    await expect(timeline.getByRole('button', { name: /^Brows\s*\d*$/ })).toHaveCount(0);
    const jawKeys = timeline.locator('[data-parameter="rig.jawOpen"] [data-testid="timeline-key"]');
    expect(await jawKeys.count()).toBeGreaterThan(1);
    expect(await jawKeys.count()).toBeLessThan(20);
    // At 1 s the jaw is at the capture's peak, added to the portrait's own opening.
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowRight');
    await expect(timeline.getByTestId('timeline-timecode')).toContainText('30 / 89');
    const peak = Number(await page.getByTestId('rig-slider-jawOpen').inputValue());
    expect(Math.abs(peak - Math.min(1, jawBefore + 0.8))).toBeLessThan(0.03);
    await page.keyboard.press('Control+z');
    await expect(jawKeys).toHaveCount(0);
    expect(pageErrors).toEqual([]);
  });

  test('at 1280x720 the toolbar keeps one row, the easing popover is usable and reads linear, undo labels name the control', async ({
    page,
  }) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await openAnimator(page, 'Timeline layout');
    const timeline = page.getByTestId('timeline-panel');
    const keys = timeline.getByTestId('timeline-key');

    // One row: the save sign sits in the toolbar's only row (it wrapped onto a second one, 62 px tall).
    await page.getByTestId('key-button-jawOpen').click();
    await expect(page.getByRole('button', { name: 'Undo key jaw open' })).toBeEnabled();
    await expect(timeline.getByTestId('timeline-save-state')).toHaveText('Saved', { timeout: 10_000 });
    const toolbar = (await timeline.locator('.tl-toolbar').boundingBox())!;
    expect(toolbar.height).toBeLessThan(45);
    const save = (await timeline.getByTestId('timeline-save-state').boundingBox())!;
    expect(save.y + save.height).toBeLessThanOrEqual(toolbar.y + toolbar.height);
    const exportButton = (await timeline.getByRole('button', { name: 'Export…' }).boundingBox())!;
    expect(Math.abs(save.y + save.height / 2 - (exportButton.y + exportButton.height / 2))).toBeLessThan(4);

    // A second key a second later; a drag of the jaw's slider names the jaw.
    await timeline.getByTestId('dope-sheet').click({ position: { x: 5, y: 5 } });
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowRight');
    await dragSlider(page, page.getByTestId('rig-slider-jawOpen'), 0, 0.5);
    await expect(keys).toHaveCount(2);
    await expect(page.getByRole('button', { name: 'Undo adjust jaw open' })).toBeEnabled();

    // The easing editor at the default layout: a popover on screen with a curve and handles to grab.
    await page.getByRole('button', { name: 'Easing editor' }).click();
    const editor = timeline.getByTestId('easing-editor');
    // Nothing selected: the presets are disabled and none shows pressed.
    await expect(editor).toContainText('Select a key that has a key after it');
    await expect(editor.getByRole('button', { pressed: true })).toHaveCount(0);
    await keys.first().click();
    const popover = (await editor.boundingBox())!;
    expect(popover.x).toBeGreaterThanOrEqual(0);
    expect(popover.y).toBeGreaterThanOrEqual(0);
    expect(popover.x + popover.width).toBeLessThanOrEqual(1280);
    expect(popover.y + popover.height).toBeLessThanOrEqual(720);
    const unit = (await editor.getByTestId('easing-unit').boundingBox())!;
    expect(unit.width).toBeGreaterThanOrEqual(160);
    expect(unit.height).toBeGreaterThanOrEqual(120);
    for (const handle of [1, 2]) {
      const box = (await editor.getByTestId(`easing-handle-${handle}`).boundingBox())!;
      expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(8);
    }
    const natural = (await editor.getByRole('button', { name: 'Natural in-between' }).boundingBox())!;
    expect(natural.y + natural.height).toBeLessThanOrEqual(popover.y + popover.height);
    expect(natural.y + natural.height).toBeLessThanOrEqual(720);
    // A new segment is linear, reads so, and Linear shows pressed (it read cubic-bezier(1, 1, 0, 0), none pressed).
    await expect(editor).toContainText('cubic-bezier(0.33, 0.33, 0.67, 0.67)');
    await expect(editor.getByRole('button', { name: 'Linear', exact: true })).toHaveAttribute('aria-pressed', 'true');
    await page.screenshot({ path: resolve(shots, 'timeline-easing-popover-1280x720.png') });

    await editor.getByRole('button', { name: 'Ease in', exact: true }).click();
    await expect(editor).toContainText('cubic-bezier(0.42, 0, 1, 1)');
    await expect(editor.getByRole('button', { name: 'Ease in', exact: true })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByRole('button', { name: 'Undo set easing to ease in' })).toBeEnabled();
    // Dragging a handle reshapes the curve (one undo step).
    const handle = (await editor.getByTestId('easing-handle-1').boundingBox())!;
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(handle.x + handle.width / 2 - 40, handle.y + handle.height / 2 - 30, { steps: 5 });
    await page.mouse.up();
    await expect(page.getByRole('button', { name: 'Undo shape easing' })).toBeEnabled();
    await expect(editor.getByRole('button', { name: 'Ease in', exact: true })).toHaveAttribute('aria-pressed', 'false');
    await page.keyboard.press('Control+z');
    await expect(editor).toContainText('cubic-bezier(0.42, 0, 1, 1)');

    // The timeline dragged tall leaves no room above it: the popover sits over the lanes, not the toolbar.
    const separator = (await page.getByRole('separator', { name: 'Resize the timeline' }).boundingBox())!;
    await page.mouse.move(separator.x + separator.width / 2, separator.y + separator.height / 2);
    await page.mouse.down();
    await page.mouse.move(separator.x + separator.width / 2, 200, { steps: 8 });
    await page.mouse.up();
    await expect
      .poll(async () => (await timeline.locator('.tl-toolbar').boundingBox())!.y)
      .toBeLessThan(separator.y - 100);
    const tallToolbar = (await timeline.locator('.tl-toolbar').boundingBox())!;
    await expect
      .poll(async () => (await editor.boundingBox())!.y)
      .toBeGreaterThanOrEqual(tallToolbar.y + tallToolbar.height);
    const low = (await editor.boundingBox())!;
    expect(low.y + low.height).toBeLessThanOrEqual(720);
    await page.screenshot({ path: resolve(shots, 'timeline-easing-tall-1280x720.png') });
    expect(pageErrors).toEqual([]);
  });

  test('a frame rate change puts keys on the new frames (the last pose on the last frame); motion longer than the scene lengthens it or is cut to fit', async ({
    page,
  }) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await openAnimator(page, 'Timeline rates');
    const timeline = page.getByTestId('timeline-panel');
    const timecode = timeline.getByTestId('timeline-timecode');
    const jawKeys = timeline.locator('[data-parameter="rig.jawOpen"] [data-testid="timeline-key"]');
    const jaw = page.getByTestId('rig-slider-jawOpen');

    // Jaw keyed at 0 s and opened on the last frame (89, 2.967 s at 30 fps).
    await page.getByTestId('key-button-jawOpen').click();
    await timeline.getByTestId('dope-sheet').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('End');
    await expect(timecode).toContainText('89 / 89');
    await dragSlider(page, jaw, 0, 0.9);
    await expect(jawKeys).toHaveCount(2);
    const opened = await jaw.inputValue();
    await expect(jawKeys.nth(1)).toHaveAttribute('data-time', String(89 / 30));

    // 24 fps: the last frame is 71 (2.958 s); the key moves onto it and the last frame shows the pose.
    await timeline.getByRole('combobox', { name: 'Frame rate' }).selectOption('24');
    await expect(timecode).toContainText('/ 71');
    await expect(jawKeys.nth(1)).toHaveAttribute('data-time', String(71 / 24));
    await expect(page.getByRole('button', { name: 'Undo change frame rate to 24 fps' })).toBeEnabled();
    await timeline.getByTestId('dope-sheet').focus();
    await page.keyboard.press('End');
    await expect(timecode).toContainText('71 / 71');
    await expect(jaw).toHaveValue(opened);
    // One undo puts back the rate and the key.
    await page.keyboard.press('Control+z');
    await expect(timecode).toContainText('/ 89');
    await expect(jawKeys.nth(1)).toHaveAttribute('data-time', String(89 / 30));
    await expect(timeline.getByTestId('timeline-save-state')).toHaveText('Saved', { timeout: 10_000 });

    // A 78-frame capture at 25 fps (3.08 s) whose jaw opens and closes, imported at 0 s.
    const csv = jawCaptureCsv(78, 25, (f) => 0.6 * Math.sin((Math.PI * f) / 77));
    await page
      .getByTestId('tracks-import-input')
      .setInputFiles({ name: 'long-capture.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect(page.getByTestId('tracks-panel')).toContainText('long-capture');
    await page.keyboard.press('Home');
    await expect(timecode).toContainText('0 / 89');
    const lastKeyTime = async () =>
      Math.max(...(await jawKeys.evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-time'))))));

    // The dialog says so and offers both; only what fits: no key past the last frame, every key on a frame.
    await timeline.getByRole('button', { name: 'Import motion…' }).click();
    const overflow = page.getByTestId('motion-overflow');
    await expect(overflow).toContainText('runs to frame 93, past the scene’s last frame (89, 2.97 s)');
    await expect(overflow.getByRole('radio', { name: /Lengthen the scene to 3\.2 s/ })).toBeChecked();
    await page.screenshot({ path: resolve(shots, 'timeline-import-overflow-1280x720.png') });
    await overflow.getByRole('radio', { name: /Import only what fits/ }).check();
    await page.getByRole('button', { name: 'Import as keys' }).click();
    await expect(page.getByRole('button', { name: 'Undo import motion of long-capture' })).toBeEnabled();
    expect(await lastKeyTime()).toBeLessThanOrEqual(89 / 30);
    for (const time of await jawKeys.evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-time'))))) {
      expect(Math.abs(time * 30 - Math.round(time * 30))).toBeLessThan(1e-6);
    }
    await expect(timeline.getByLabel('Duration in seconds')).toHaveValue('3');
    await page.keyboard.press('Control+z');
    await expect(jawKeys).toHaveCount(2);

    // Lengthened: the scene becomes 3.2 s (frames 0..95) and holds the whole motion; one undo takes both back.
    await timeline.getByRole('button', { name: 'Import motion…' }).click();
    await page.getByRole('button', { name: 'Import as keys' }).click();
    await expect(timeline.getByLabel('Duration in seconds')).toHaveValue('3.2');
    await expect(timecode).toContainText('/ 95');
    const last = await lastKeyTime();
    expect(last).toBeGreaterThan(89 / 30);
    expect(last).toBeLessThanOrEqual(95 / 30);
    // The view showed the whole scene, so it shows the longer one: the last key is in sight.
    const lanes = (await timeline.getByTestId('dope-sheet').boundingBox())!;
    await expect
      .poll(async () => {
        const box = (await jawKeys.last().boundingBox())!;
        return box.x + box.width <= lanes.x + lanes.width;
      })
      .toBe(true);
    await page.screenshot({ path: resolve(shots, 'timeline-import-lengthened-1280x720.png') });
    await page.keyboard.press('Control+z');
    await expect(timeline.getByLabel('Duration in seconds')).toHaveValue('3');
    await expect(timecode).toContainText('/ 89');
    await expect(jawKeys).toHaveCount(2);
    expect(pageErrors).toEqual([]);
  });

  test('K keys the whole pose: Smile at 0 s and Surprise at 2 s each show exactly as keyed (link on)', async ({
    page,
  }) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await openAnimator(page, 'Timeline poses');
    const timeline = page.getByTestId('timeline-panel');
    await expect(page.getByRole('checkbox', { name: 'Link left and right' })).toBeChecked();
    /** Every coefficient slider's value, by ARKit name (range inputs show two decimals). */
    const sliders = async () => {
      const read = await page
        .locator('input[data-testid^="rig-slider-"]')
        .evaluateAll((inputs: Array<{ value: string; dataset: Record<string, string | undefined> }>) =>
          inputs.map((input) => [input.dataset.testid!.slice('rig-slider-'.length), Number(input.value)] as const),
        );
      const byName = new Map(read);
      return Object.fromEntries(ARKIT_BLENDSHAPE_NAMES.map((name) => [name, byName.get(name) ?? Number.NaN]));
    };
    await page.getByRole('button', { name: 'Reset all', exact: true }).click();
    const baseline = await sliders();
    /** A preset's whole expression: the names it leaves out are 0, but the gaze stays the photo's. */
    const pose = (preset: Partial<Record<string, number>>) =>
      Object.fromEntries(
        ARKIT_BLENDSHAPE_NAMES.map((name) => [name, preset[name] ?? (name.startsWith('eyeLook') ? baseline[name] : 0)]),
      );
    const smile = pose({ ...both('mouthSmile', 0.7), ...both('cheekSquint', 0.35), ...both('eyeSquint', 0.2) });
    const surprise = pose({
      browInnerUp: 0.9,
      ...both('browOuterUp', 0.8),
      ...both('eyeWide', 0.8),
      jawOpen: 0.5,
      mouthFunnel: 0.2,
    });
    await timeline.getByTestId('dope-sheet').focus();
    await page.keyboard.press('Home');
    await page.getByRole('button', { name: 'Smile', exact: true }).click();
    await expect.poll(sliders).toEqual(smile);
    await page.keyboard.press('k');
    await expect(timeline.getByTestId('timeline-key').first()).toBeVisible();

    // The ruler at 2 s (frame 60), Surprise, K.
    const tick = (await timeline.locator('.tl-ruler__tick--major', { hasText: /^2s$/ }).boundingBox())!;
    await page.mouse.click(tick.x + tick.width / 2, tick.y + tick.height / 2);
    await expect(timeline.getByTestId('timeline-timecode')).toContainText('60 / 89');
    await page.getByRole('button', { name: 'Surprise', exact: true }).click();
    await expect.poll(sliders).toEqual(surprise);
    const keys = timeline.getByTestId('timeline-key');
    const keysBeforeK = await keys.count();
    await page.keyboard.press('k');
    await expect(page.getByRole('button', { name: 'Undo add keys' })).toBeEnabled();
    const keysAfterK = await keys.count();
    expect(keysAfterK).toBeGreaterThan(keysBeforeK);

    // Home: the smile exactly as keyed; brows the smile left at the photo's own 0 are back there, both sides.
    await timeline.getByTestId('dope-sheet').focus();
    await page.keyboard.press('Home');
    await expect(timeline.getByTestId('timeline-timecode')).toContainText('0 / 89');
    await expect.poll(sliders).toEqual(smile);
    const frame0 = await sliders();
    for (const name of ['browOuterUpLeft', 'browOuterUpRight', 'browDownLeft', 'browDownRight'] as const) {
      if (baseline[name] === 0) expect(frame0[name], name).toBe(0);
    }
    expect(frame0.browOuterUpLeft).toBe(frame0.browOuterUpRight);
    await page.keyboard.press('End');
    await page.keyboard.press('Home');
    for (let i = 0; i < 6; i++) await page.keyboard.press('Shift+ArrowRight');
    await expect(timeline.getByTestId('timeline-timecode')).toContainText('60 / 89');
    await expect.poll(sliders).toEqual(surprise);

    // The whole K at 2 s was one step: one undo takes every key it added, redo brings them back.
    await page.keyboard.press('Control+z');
    await expect(keys).toHaveCount(keysBeforeK);
    await page.keyboard.press('Control+Shift+z');
    await expect(keys).toHaveCount(keysAfterK);
    expect(pageErrors).toEqual([]);
  });
});
