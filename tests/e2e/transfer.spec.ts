import { expect, test, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { openAstronautProject, storeAstronautFace } from './astronaut-project';

const root = resolve(import.meta.dirname, '..', '..');
const screenshots = resolve(root, 'test-results/screenshots');
const astronaut = resolve(root, 'tests/fixtures/astronaut.png');
/** The astronaut is 512 x 512; her lips lie in x 201-246, y 139-155. */
const PHOTO_SIDE = 512;
const MOUTH = { x: 198, y: 136, width: 52, height: 34 };
const CORNER = 40;

interface Shot {
  data: Buffer;
  width: number;
  height: number;
}

async function viewerPixels(page: Page): Promise<Shot> {
  const box = await page.getByTestId('viewer-image').boundingBox();
  if (!box) throw new Error('the photo is not on screen');
  const png = await page.screenshot({ clip: box });
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

function meanDifference(a: Shot, b: Shot, rect: { x: number; y: number; width: number; height: number }): number {
  const scale = a.width / PHOTO_SIDE;
  let sum = 0;
  let count = 0;
  for (let y = Math.floor(rect.y * scale); y < Math.min(a.height, Math.ceil((rect.y + rect.height) * scale)); y++) {
    for (let x = Math.floor(rect.x * scale); x < Math.min(a.width, Math.ceil((rect.x + rect.width) * scale)); x++) {
      for (let c = 0; c < 3; c++) {
        const i = (y * a.width + x) * 3 + c;
        sum += Math.abs(a.data[i]! - b.data[i]!);
        count++;
      }
    }
  }
  return sum / count;
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

  test('a second photo as expression source: the mouth layer at 1 changes the mouth, not the background; undo', async ({
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
    }
    await mouth.focus();
    await mouth.press('Home');
    await mouth.blur();
    await expect(mouth).toHaveValue('0');
    await expect(preview).toBeVisible({ timeout: 30_000 });
    await expect(preview).toHaveAttribute('data-quality', 'full');
    const mouthOff = await viewerPixels(page);
    expect(meanDifference(original, mouthOff, MOUTH)).toBeLessThan(3);

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

    // The change is one undo step: undo puts the mouth layer back to 0.
    await page.keyboard.press('Control+z');
    await expect(mouth).toHaveValue('0');
    expect(pageErrors).toEqual([]);
  });
});
