import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import sharp from 'sharp';

const root = resolve(import.meta.dirname, '..', '..');
const astronaut = resolve(root, 'tests/fixtures/astronaut.png');
const screenshots = resolve(root, 'test-results/screenshots');
/** The face pipeline's reference landmarks of the astronaut (478 x, y, z in its 512 x 512 pixels). */
const expected = (
  JSON.parse(readFileSync(resolve(root, 'tests/integration/face/expected/astronaut-landmarks.json'), 'utf8')) as {
    landmarks: number[];
  }
).landmarks;

function appUrl(): string {
  const url = process.env.MIEN_E2E_URL;
  if (!url) throw new Error('MIEN_E2E_URL is not set: tests/e2e/global-setup.ts starts the web host');
  return url;
}

const unique = (name: string): string => `${name} ${Math.random().toString(36).slice(2, 7)}`;

async function openNewProject(page: Page, name: string): Promise<void> {
  await page.goto(appUrl());
  await page.getByRole('button', { name: 'New project' }).click();
  const form = page.getByRole('form', { name: 'New project' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Name').press('Enter');
  // Create opens the new project.
  await expect(page.getByRole('navigation', { name: 'Location' })).toContainText(name);
  await expect(page.getByRole('heading', { name: 'Import a portrait to begin' })).toBeVisible();
}

/** Imports a file through the picker and waits until its face analysis job is done (in the jobs drawer). */
async function importAndAnalyse(page: Page, file: { name: string; buffer: Buffer } | string): Promise<void> {
  const fileName = typeof file === 'string' ? file.split('/').pop()! : file.name;
  await page
    .getByTestId('import-input')
    .setInputFiles(typeof file === 'string' ? file : { name: file.name, mimeType: 'image/png', buffer: file.buffer });
  await page.getByRole('button', { name: /^Jobs/ }).click();
  const drawer = page.getByRole('region', { name: 'Jobs' });
  const analysis = drawer.getByRole('listitem', { name: `Find the face in ${fileName}` }).first();
  await expect(analysis).toBeVisible({ timeout: 30_000 });
  await expect(analysis.getByText('Done', { exact: true })).toBeVisible({ timeout: 60_000 });
  await drawer.getByRole('button', { name: 'Close jobs' }).click();
  await expect(drawer).toBeHidden();
}

interface ScreenPoint {
  /** Image pixels (cx, cy of the SVG circle). */
  x: number;
  y: number;
  /** Centre of the circle on screen (CSS pixels of the page). */
  screenX: number;
  screenY: number;
}

async function meshPoints(mesh: Locator): Promise<ScreenPoint[]> {
  return mesh.locator('circle').evaluateAll((circles) =>
    circles.map((circle) => {
      const rect = circle.getBoundingClientRect();
      return {
        x: Number(circle.getAttribute('cx')),
        y: Number(circle.getAttribute('cy')),
        screenX: rect.x + rect.width / 2,
        screenY: rect.y + rect.height / 2,
      };
    }),
  );
}

/** Each point's screen position must be the image's transform of its image position (so it follows zoom and pan). */
async function expectAlignedWithPhoto(page: Page, points: ScreenPoint[], imageWidth: number): Promise<void> {
  const box = (await page.getByTestId('viewer-image').boundingBox())!;
  const scale = box.width / imageWidth;
  let worst = 0;
  for (const p of points) {
    worst = Math.max(worst, Math.hypot(box.x + p.x * scale - p.screenX, box.y + p.y * scale - p.screenY));
  }
  expect(worst).toBeLessThan(1);
}

test.describe('face analysis in the viewer', () => {
  test.beforeAll(() => mkdirSync(screenshots, { recursive: true }));

  test('the astronaut: analysed after import, mesh overlay on the face, "happy" on top', async ({ page }) => {
    test.setTimeout(120_000);
    await openNewProject(page, unique('Face overlay'));
    await importAndAnalyse(page, astronaut);

    const meshButton = page.getByRole('button', { name: 'Mesh' });
    await expect(meshButton).toBeEnabled();
    if ((await meshButton.getAttribute('aria-pressed')) === 'true') await meshButton.click();
    await expect(page.getByTestId('face-mesh')).toHaveCount(0);
    await page.getByTestId('viewer-image').click();
    await page.keyboard.press('m');
    await expect(meshButton).toHaveAttribute('aria-pressed', 'true');
    const mesh = page.getByTestId('face-mesh');
    await expect(mesh.locator('circle')).toHaveCount(478);

    const points = await meshPoints(mesh);
    // Where the face pipeline puts the astronaut's landmarks (the stored reference), within 2 px on average.
    const meanError =
      points.reduce((sum, p, i) => sum + Math.hypot(p.x - expected[3 * i]!, p.y - expected[3 * i + 1]!), 0) /
      points.length;
    expect(meanError).toBeLessThan(2);
    for (const p of points) {
      expect(p.x).toBeGreaterThan(0);
      expect(p.x).toBeLessThan(512);
      expect(p.y).toBeGreaterThan(0);
      expect(p.y).toBeLessThan(512);
    }
    await expectAlignedWithPhoto(page, points, 512);
    await page.screenshot({ path: resolve(screenshots, 'face-mesh-fitted.png') });

    // Zoomed in twice and panned, the points still sit on the same image pixels.
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await page.getByTestId('viewer-image').focus();
    await page.keyboard.press('ArrowLeft');
    await expectAlignedWithPhoto(page, await meshPoints(mesh), 512);
    await page.screenshot({ path: resolve(screenshots, 'face-mesh-zoomed.png') });
    await page.keyboard.press('0');

    const expressions = page.getByTestId('expression-panel');
    await expect(expressions).toHaveAttribute('data-top', 'happy');
    await expect(expressions.getByRole('meter')).toHaveCount(7);
    await expect(expressions.getByRole('meter', { name: 'happy' })).toHaveAttribute('aria-valuenow', /^(9\d|100)$/);

    // One face: a box, no picker.
    await expect(page.getByTestId('face-box')).toHaveCount(1);
    await expect(page.getByRole('listbox', { name: 'Choose the face to work on' })).toHaveCount(0);

    await page.keyboard.press('m');
    await expect(mesh).toHaveCount(0);
  });

  test('two faces: both boxed, a picker, and the choice survives a reload', async ({ page }) => {
    test.setTimeout(120_000);
    const small = await sharp(astronaut).resize(384, 384).png().toBuffer();
    const tiled = await sharp({ create: { width: 896, height: 512, channels: 3, background: '#808080' } })
      .composite([
        { input: astronaut, left: 0, top: 0 },
        { input: small, left: 512, top: 128 },
      ])
      .png()
      .toBuffer();
    await openNewProject(page, unique('Two faces'));
    await importAndAnalyse(page, { name: 'two-astronauts.png', buffer: tiled });

    const boxes = page.getByTestId('face-box');
    await expect(boxes).toHaveCount(2);
    await expect(boxes.nth(0)).toHaveAttribute('data-chosen', 'true');
    const picker = page.getByRole('listbox', { name: 'Choose the face to work on' });
    await expect(picker.getByRole('option')).toHaveCount(2);
    await expect(picker.getByRole('option', { selected: true })).toContainText('1');
    await page.screenshot({ path: resolve(screenshots, 'face-two-faces.png') });

    // The rig panel follows the choice.
    await page.getByRole('button', { name: 'Rig panel', exact: true, pressed: false }).click();
    await expect(page.getByTestId('rig-fit-status')).toContainText('face 1 of the photo', { timeout: 30_000 });

    // Choose the smaller face by clicking its box on the photo.
    await boxes.nth(1).click();
    await expect(boxes.nth(1)).toHaveAttribute('data-chosen', 'true');
    await expect(picker.getByRole('option', { selected: true })).toContainText('2');
    await expect(page.getByTestId('rig-fit-status')).toContainText('face 2 of the photo', { timeout: 30_000 });
    await page.screenshot({ path: resolve(screenshots, 'face-two-faces-chosen.png') });

    await page.reload();
    await expect(page.getByTestId('face-box')).toHaveCount(2);
    await expect(page.getByTestId('face-box').nth(1)).toHaveAttribute('data-chosen', 'true');
    await expect(
      page.getByRole('listbox', { name: 'Choose the face to work on' }).getByRole('option', { selected: true }),
    ).toContainText('2');

    // And back through the list (the face picker's, not another panel's select).
    await page.getByRole('listbox', { name: 'Choose the face to work on' }).getByRole('option').first().click();
    await expect(page.getByTestId('face-box').nth(0)).toHaveAttribute('data-chosen', 'true');
  });

  test('a photo without a face says so in the viewer', async ({ page }) => {
    test.setTimeout(120_000);
    const width = 480;
    const height = 320;
    const pixels = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const at = (y * width + x) * 3;
        pixels[at] = Math.round((255 * x) / width);
        pixels[at + 1] = Math.round((255 * y) / height);
        pixels[at + 2] = 160;
      }
    }
    const gradient = await sharp(pixels, { raw: { width, height, channels: 3 } })
      .png()
      .toBuffer();
    await openNewProject(page, unique('No face'));
    await importAndAnalyse(page, { name: 'gradient.png', buffer: gradient });

    const status = page.getByTestId('face-status');
    await expect(status).toContainText('No face found in this photo');
    await expect(page.getByTestId('face-box')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Mesh' })).toBeDisabled();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await page.screenshot({ path: resolve(screenshots, 'face-no-face.png') });
  });

  test('settings: the provider choice persists, unavailable ones say why, Escape closes', async ({ page }) => {
    await page.goto(appUrl());
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('radio', { name: /^CPU/ })).toBeChecked();
    if (process.platform === 'linux') {
      await expect(dialog.getByRole('radio', { name: /DirectML/ })).toBeDisabled();
      await expect(dialog.getByText('needs Windows')).toBeVisible();
    }
    await page.screenshot({ path: resolve(screenshots, 'settings-dialog.png') });
    const webgpu = dialog.getByRole('radio', { name: /^WebGPU/ });
    if (await webgpu.isEnabled()) {
      await webgpu.check();
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
      await page.reload();
      await page.getByRole('button', { name: 'Settings' }).click();
      await expect(dialog.getByRole('radio', { name: /^WebGPU/ })).toBeChecked();
      // Back to the default: the web host's data folder is shared by every spec.
      await dialog.getByRole('radio', { name: /^CPU/ }).check();
      await expect(dialog.getByRole('radio', { name: /^CPU/ })).toBeChecked();
    }
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  });
});
