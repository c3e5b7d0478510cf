import { expect, test, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import sharp from 'sharp';
import { astronautLandmarksFile, dragSlider, openAstronautProject, storeAstronautFace } from './astronaut-project';

const root = resolve(import.meta.dirname, '..', '..');
const nets = resolve(root, 'tests/fixtures/autodiff');
const astronaut = resolve(root, 'tests/fixtures/astronaut.png');
const screenshots = resolve(root, 'test-results/screenshots');

/** Gives the mirrored astronaut the reference landmarks mirrored (as storeAstronautFace does for the original). */
function storeMirroredFace(projectName: string, fileName: string): void {
  const { landmarks } = JSON.parse(readFileSync(astronautLandmarksFile, 'utf8')) as { landmarks: number[] };
  const mirrored = landmarks.map((value, i) => (i % 3 === 0 ? 512 - value : value));
  const db = new Database(resolve(process.env.MIEN_E2E_DATA_DIR!, 'mien.sqlite'));
  try {
    db.pragma('busy_timeout = 5000');
    const asset = db
      .prepare(
        'SELECT a.id FROM assets a JOIN projects p ON p.id = a.project_id WHERE p.name = ? AND a.original_name = ?',
      )
      .get(projectName, fileName) as { id: string };
    db.prepare(
      `INSERT OR IGNORE INTO faces (id, asset_id, frame_index, face_index, detector, bbox_json, score, landmarks, landmark_count, created_at)
       VALUES (?, ?, NULL, 0, 'reference', '{}', 1, ?, 478, ?)`,
    ).run(randomUUID(), asset.id, Buffer.from(Float32Array.from(mirrored).buffer), Date.now());
  } finally {
    db.close();
  }
}

/** Installs one reference network through the Models dialog's form. */
async function installThroughDialog(page: Page, name: string, sha256?: string): Promise<void> {
  const dialog = page.getByTestId('models-dialog');
  await dialog.getByTestId('model-file').setInputFiles(resolve(nets, `${name}.onnx`));
  await dialog.getByTestId('model-metadata').setInputFiles(resolve(nets, `${name}.mien.json`));
  await dialog.getByPlaceholder('64 hexadecimal characters').fill(sha256 ?? '');
  await dialog.getByRole('button', { name: 'Install' }).click();
}

/** The backend and the layer alphas of the project's scene, as the engine stored them. */
function storedScene(projectName: string): { generator: string; layerMix: Record<string, number> } | null {
  const db = new Database(resolve(process.env.MIEN_E2E_DATA_DIR!, 'mien.sqlite'), { readonly: true });
  try {
    const row = db
      .prepare(
        'SELECT s.generator, s.layer_mix_json FROM scenes s JOIN projects p ON p.id = s.project_id WHERE p.name = ?',
      )
      .get(projectName) as { generator: string; layer_mix_json: string } | undefined;
    return row
      ? { generator: row.generator, layerMix: JSON.parse(row.layer_mix_json) as Record<string, number> }
      : null;
  } finally {
    db.close();
  }
}

async function previewPixels(page: Page): Promise<Buffer> {
  const png = await page.getByTestId('transfer-preview').screenshot();
  return sharp(png).removeAlpha().raw().toBuffer();
}

test.describe('style-based generator (method A)', () => {
  test('installs the reference generator, inverts two photos with streamed frames and a falling loss, and a layer slider changes the transfer', async ({
    page,
  }) => {
    test.setTimeout(240_000);
    mkdirSync(screenshots, { recursive: true });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    const projectName = await openAstronautProject(page, 'Method A');
    storeAstronautFace(projectName);
    await page.getByTestId('import-input').setInputFiles({
      name: 'astronaut-mirrored.png',
      mimeType: 'image/png',
      buffer: await sharp(astronaut).flop().png().toBuffer(),
    });
    await expect(page.getByTestId('asset-thumbnail')).toHaveCount(2, { timeout: 30_000 });
    storeMirroredFace(projectName, 'astronaut-mirrored.png');

    // Models: a wrong sha256 is refused with both hashes, then the three networks install.
    await page.getByRole('button', { name: 'Models', exact: true }).click();
    const models = page.getByTestId('models-dialog');
    await installThroughDialog(page, 'synthesis-activation', 'ab'.repeat(32));
    await expect(models.getByRole('alert')).toContainText(`expected ${'ab'.repeat(32)}: refused`);
    // A URL the engine cannot reach is refused with the reason and a way out.
    await models.getByPlaceholder('https://…/model.onnx').fill('http://127.0.0.1:9/model.onnx');
    await models.getByTestId('model-metadata').setInputFiles(resolve(nets, 'mapping.mien.json'));
    await models.getByTestId('model-file').setInputFiles([]);
    await models.getByRole('button', { name: 'Install' }).click();
    await expect(models.getByRole('alert')).toContainText('Cannot download http://127.0.0.1:9/model.onnx', {
      timeout: 30_000,
    });
    await models.getByPlaceholder('https://…/model.onnx').fill('');
    await installThroughDialog(page, 'synthesis-activation');
    await expect(models.getByRole('listitem', { name: 'synthesis-activation' })).toBeVisible({ timeout: 30_000 });
    await installThroughDialog(page, 'perceptual');
    await expect(models.getByRole('listitem', { name: 'perceptual' })).toBeVisible({ timeout: 30_000 });
    await installThroughDialog(page, 'mapping');
    await expect(models.getByRole('listitem', { name: 'mapping' })).toBeVisible({ timeout: 30_000 });
    await expect(models.getByRole('listitem', { name: 'synthesis-activation' })).toContainText(
      'expression layers 3, 4',
    );
    await page.screenshot({ path: resolve(screenshots, 'stylegan-models.png') });
    await models.getByRole('button', { name: 'Close' }).click();

    // The inversion of each photo: frames stream in and the loss falls.
    // The astronaut is the portrait being edited: the mix is saved in its scene.
    await page.getByTestId('asset-thumbnail').first().click();
    await page.getByRole('button', { name: 'Style transfer', exact: true }).click();
    const dialog = page.getByTestId('style-transfer-dialog');
    const appearance = dialog.getByRole('region', { name: 'Appearance inversion' });
    const expression = dialog.getByRole('region', { name: 'Expression inversion' });
    await appearance.getByLabel('Photo').selectOption({ label: 'astronaut.png' });
    await expression.getByLabel('Photo').selectOption({ label: 'astronaut-mirrored.png' });
    for (const [card, iterations] of [
      [appearance, '80'],
      [expression, '40'],
    ] as const) {
      await card.getByLabel('Iterations').fill(iterations);
      await card.getByRole('button', { name: 'Invert' }).click();
      // The first frame: the aligned target beside the reconstruction, 2 x 64 by 64.
      await expect(card.getByRole('img', { name: 'Live preview' })).toHaveAttribute('width', '128', {
        timeout: 60_000,
      });
      await expect(card.getByTestId(/-status$/)).toContainText(`Done · iteration ${iterations}/${iterations}`, {
        timeout: 120_000,
      });
      const curve = card.getByTestId('loss-curve');
      await expect(curve).toHaveAttribute('data-count', iterations);
      const first = Number(await curve.getAttribute('data-first'));
      const last = Number(await curve.getAttribute('data-last'));
      console.log(`inversion over ${iterations} iterations: loss ${first.toFixed(4)} -> ${last.toFixed(4)}`);
      expect(last).toBeLessThan(first * 0.7);
    }

    // Mixing: the sliders are named from the metadata, the expression layers start at 1.
    const middle4 = dialog.getByRole('slider', { name: /^Middle 4 · b16\/conv0_up/ });
    await expect(middle4).toHaveValue('1');
    await expect(dialog.getByRole('slider', { name: /^Coarse 1 · b4\/conv1/ })).toHaveValue('0');
    await dialog.getByRole('radio', { name: 'Generator’s square' }).check();
    const preview = dialog.getByTestId('transfer-preview');
    await expect(preview).toBeVisible({ timeout: 30_000 });
    const before = await preview.getAttribute('src');
    const beforePixels = await previewPixels(page);
    await page.screenshot({ path: resolve(screenshots, 'stylegan-transfer.png') });
    await dragSlider(page, dialog.getByRole('slider', { name: /^Coarse 1 · b4\/conv1/ }), 0, 1);
    await expect(preview).not.toHaveAttribute('src', before!, { timeout: 30_000 });
    const afterPixels = await previewPixels(page);
    let diff = 0;
    for (let i = 0; i < beforePixels.length; i++) diff += Math.abs(beforePixels[i]! - afterPixels[i]!);
    console.log(`preview mean |diff| after moving Coarse 1 to 1: ${(diff / beforePixels.length).toFixed(2)}`);
    expect(diff / beforePixels.length).toBeGreaterThan(1);

    // The drag is one undo step: Undo puts the slider and the preview back.
    const coarse1 = dialog.getByRole('slider', { name: /^Coarse 1 · b4\/conv1/ });
    await expect(coarse1).toHaveValue('1');
    await page.keyboard.press('Control+z');
    await expect(coarse1).toHaveValue('0');
    await expect(async () => {
      const undone = await previewPixels(page);
      let back = 0;
      for (let i = 0; i < undone.length; i++) back += Math.abs(undone[i]! - beforePixels[i]!);
      expect(back / undone.length).toBeLessThan(0.5);
    }).toPass({ timeout: 15_000 });
    await page.keyboard.press('Control+Shift+z');
    await expect(coarse1).toHaveValue('1');

    // Pasted back into the photo.
    await dialog.getByRole('radio', { name: 'In the photo' }).check();
    await expect(preview).toHaveClass(/layer-mixer__image--pasted/);
    await page.screenshot({ path: resolve(screenshots, 'stylegan-pasted.png') });

    // Issue 12: the mix is the portrait scene's, and mixing made this model the scene's backend. The
    // layers panel shows the same sliders; a drag there is saved in the scene and survives a reload.
    await expect.poll(() => storedScene(projectName)?.generator).toBe('synthesis-activation');
    await dialog.getByRole('button', { name: 'Close' }).click();
    const layers = page.getByRole('region', { name: 'Layers' });
    const backend = layers.getByLabel('Backend');
    await expect(backend).toHaveValue('synthesis-activation');
    const panelCoarse1 = layers.getByRole('slider', { name: /^Coarse 1 · b4\/conv1.* alpha$/ });
    const panelMiddle4 = layers.getByRole('slider', { name: /^Middle 4 · b16\/conv0_up.* alpha$/ });
    await expect(panelCoarse1).toHaveValue('1');
    await expect(panelMiddle4).toHaveValue('1');
    await dragSlider(page, panelMiddle4, 1, 0);
    await expect(panelMiddle4).toHaveValue('0');
    await expect
      .poll(() => storedScene(projectName))
      .toMatchObject({ generator: 'synthesis-activation', layerMix: { 'layer-0': 1, 'layer-3': 0 } });
    await page.screenshot({ path: resolve(screenshots, 'stylegan-layers-panel.png') });

    // Back to the built-in warp: its sliders return and the style alphas stay in the scene; Undo switches back.
    await backend.selectOption({ label: 'Built-in warp' });
    await expect(layers.getByLabel('Mouth and jaw alpha')).toBeVisible();
    await expect(panelMiddle4).toBeHidden();
    await expect
      .poll(() => storedScene(projectName))
      .toMatchObject({ generator: 'warp', layerMix: { 'layer-0': 1, 'layer-3': 0 } });
    await backend.blur();
    await page.keyboard.press('Control+z');
    await expect(backend).toHaveValue('synthesis-activation');
    await expect.poll(() => storedScene(projectName)?.generator).toBe('synthesis-activation');

    await page.reload();
    await expect(layers.getByLabel('Backend')).toHaveValue('synthesis-activation', { timeout: 30_000 });
    await expect(panelMiddle4).toHaveValue('0');
    await expect(panelCoarse1).toHaveValue('1');
    expect(pageErrors).toEqual([]);
  });
});
