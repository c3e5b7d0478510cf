import { expect, test, type Locator, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { browserLaunchOptions } from './browser';
import { jawCaptureCsv } from './jaw-capture';
import { ffmpegPath } from './ffmpeg';

/**
 * Issue 14, "what a professional expects": each test names the item it covers. One shared web host
 * (global-setup) with a fresh data folder; every test makes its own project.
 */

const root = resolve(import.meta.dirname, '..', '..');
const astronaut = resolve(root, 'tests/fixtures/astronaut.png');
const screenshots = resolve(root, 'test-results/screenshots');

// The rig's 3D view needs WebGL: SwiftShader, as in rig.spec.ts.
test.use({ launchOptions: browserLaunchOptions(['--enable-unsafe-swiftshader', '--use-angle=swiftshader']) });

/** The parts of HTMLVideoElement used here (tests compile without the DOM library). */
interface VideoElement {
  readyState: number;
  currentTime: number;
  paused: boolean;
  muted: boolean;
  pause(): void;
}

function appUrl(): string {
  const url = process.env.MIEN_E2E_URL;
  if (!url) throw new Error('MIEN_E2E_URL is not set: tests/e2e/global-setup.ts starts the web host');
  return url;
}

const unique = (name: string): string => `${name} ${Math.random().toString(36).slice(2, 7)}`;

async function createProject(page: Page, prefix: string): Promise<string> {
  await page.goto(appUrl());
  const name = unique(prefix);
  await page.getByRole('button', { name: 'New project' }).click();
  const form = page.getByRole('form', { name: 'New project' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Name').press('Enter');
  // Create opens the new project.
  await expect(page.getByRole('navigation', { name: 'Location' })).toContainText(name);
  return name;
}

/** A short Live Link Face capture: the jaw opens over 12 frames. */
function liveLinkCsv(): string {
  return jawCaptureCsv(12, 60, (f) => 0.05 * f);
}

function withTempDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'mien-e2e-ux-'));
  return run(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

/** The rig panel through the top bar's switch (closed in a fresh browser profile). */
async function openRigPanel(page: Page): Promise<Locator> {
  const toggle = page.getByRole('button', { name: 'Rig panel', exact: true });
  if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
  const panel = page.getByTestId('rig-panel');
  await expect(panel).toBeVisible();
  return panel;
}

const videoTime = (player: Locator) => player.evaluate((video: VideoElement) => video.currentTime);

test.describe('editor UX (issue 14)', () => {
  test('item 1: a reload reopens the photo being edited; frames go to the active portrait, named in the button', async ({
    page,
  }) => {
    await withTempDir(async (dir) => {
      const second = join(dir, 'mirrored.png');
      execFileSync(ffmpegPath(), ['-y', '-loglevel', 'error', '-i', astronaut, '-vf', 'hflip', second]);
      const clip = join(dir, 'bars.mp4');
      execFileSync(ffmpegPath(), [
        ...['-y', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10:duration=1'],
        ...['-pix_fmt', 'yuv420p', clip],
      ]);
      const csv = join(dir, 'take.csv');
      writeFileSync(csv, liveLinkCsv());

      await createProject(page, 'Remember');
      await page.getByTestId('import-input').setInputFiles([astronaut, second]);
      await expect(page.getByTestId('asset-thumbnail')).toHaveCount(2, { timeout: 30_000 });
      // Item 9 too: a track file goes in through the same Import and lands in the Tracks list.
      await page.getByTestId('import-input').setInputFiles(csv);
      await expect(page.getByTestId('tracks-panel').getByRole('listitem').filter({ hasText: 'take' })).toBeVisible();
      await page.getByTestId('import-input').setInputFiles(clip);
      await expect(page.getByTestId('video-badge')).toHaveCount(1, { timeout: 30_000 });

      const mirrored = page.getByRole('button', { name: /^mirrored\.png/ });
      await mirrored.click();
      await expect(mirrored).toHaveAttribute('aria-pressed', 'true');
      await openRigPanel(page);
      await expect(page.getByTestId('rig-panel')).toContainText('mirrored.png');

      await page.reload();
      await expect(page.getByRole('button', { name: /^mirrored\.png/ })).toHaveAttribute('aria-pressed', 'true');
      await expect(page.getByRole('button', { name: /^astronaut\.png/ })).toHaveAttribute('aria-pressed', 'false');
      await expect(page.getByTestId('rig-panel')).toContainText('mirrored.png');

      // With the video open, frames still go to the portrait last edited (not the project's first photo).
      await page.getByRole('button', { name: /^Video bars\.mp4/ }).click();
      await page.getByTestId('tracks-panel').getByRole('button', { name: /^take/ }).click();
      await expect(page.getByRole('button', { name: 'Apply frame 0 to mirrored.png' })).toBeVisible();
      await expect(page.getByTestId('rig-panel')).toContainText('mirrored.png');
      await page.reload();
      await expect(page.getByRole('button', { name: /^Video bars\.mp4/ })).toHaveAttribute('aria-pressed', 'true');
      await page.getByTestId('tracks-panel').getByRole('button', { name: /^take/ }).click();
      await expect(page.getByRole('button', { name: 'Apply frame 0 to mirrored.png' })).toBeVisible();
    });
  });

  test('items 2 and 6: the frame slider and the video follow each other; Space plays, arrows step frames', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    await withTempDir(async (dir) => {
      const clip = join(dir, 'drive.mp4');
      execFileSync(ffmpegPath(), [
        ...['-y', '-loglevel', 'error', '-loop', '1', '-i', astronaut],
        ...['-vf', "zoompan=z='1+0.1*on/29':d=30:s=384x384:fps=30", '-frames:v', '30', '-pix_fmt', 'yuv420p', clip],
      ]);
      await createProject(page, 'Linked');
      await page.getByTestId('import-input').setInputFiles(clip);
      await expect(page.getByTestId('video-badge')).toHaveCount(1, { timeout: 30_000 });
      await page.getByRole('button', { name: /^Video drive\.mp4/ }).click();
      const panel = page.getByTestId('tracks-panel');
      await expect(panel.getByRole('listitem').filter({ hasText: 'drive' })).toContainText('30 frames', {
        timeout: 120_000,
      });
      const slider = page.getByTestId('track-frame-slider');
      await expect(slider).toHaveAttribute('data-linked-video', /.+/);
      const player = page.getByTestId('video-player');
      await expect.poll(() => player.evaluate((video: VideoElement) => video.readyState)).toBeGreaterThanOrEqual(1);

      // Slider -> video.
      await slider.fill('20');
      await expect.poll(() => videoTime(player)).toBeCloseTo(20 / 30, 3);
      // Video -> slider (its own controls seek the same way).
      await player.evaluate((video: VideoElement) => (video.currentTime = 0.5));
      await expect(page.getByTestId('track-frame-value')).toHaveText('15');
      await expect(slider).toHaveValue('15');

      // → steps one frame, Shift+← ten back; the slider follows. Focus on the page, not a field.
      await page.locator('body').click({ position: { x: 5, y: 300 } });
      await page.keyboard.press('ArrowRight');
      await expect(page.getByTestId('track-frame-value')).toHaveText('16');
      await expect.poll(() => videoTime(player)).toBeCloseTo(16 / 30, 3);
      await page.keyboard.press('Shift+ArrowLeft');
      await expect(page.getByTestId('track-frame-value')).toHaveText('6');

      // Space plays and pauses.
      await player.evaluate((video: VideoElement) => (video.muted = true));
      await page.keyboard.press(' ');
      await expect.poll(() => player.evaluate((video: VideoElement) => video.paused)).toBe(false);
      await page.keyboard.press(' ');
      await expect.poll(() => player.evaluate((video: VideoElement) => video.paused)).toBe(true);

      // The shortcuts sheet lists what the mounted handlers registered, the video's keys included.
      await page.keyboard.press('?');
      const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await expect(sheet).toBeVisible();
      await expect(sheet.locator('.shortcuts-sheet__row', { hasText: 'Play or pause' }).locator('kbd')).toHaveText([
        'Space',
      ]);
      await expect(sheet.locator('.shortcuts-sheet__row', { hasText: 'Step one frame' }).locator('kbd')).toHaveText([
        '←',
        '→',
      ]);
      for (const [action, keys] of [
        ['Show or hide the rig panel', ['R']],
        ['Show or hide the jobs panel', ['J']],
        ['Import photos, videos or track files', ['Ctrl', 'I']],
        ['Undo', ['Ctrl', 'Z']],
      ] as const) {
        await expect(sheet.locator('.shortcuts-sheet__row', { hasText: action }).locator('kbd')).toHaveText([...keys]);
      }
      mkdirSync(screenshots, { recursive: true });
      await page.screenshot({ path: resolve(screenshots, 'ux-shortcuts-video.png') });
      await page.keyboard.press('Escape');
      await expect(sheet).toHaveCount(0);

      // J opens the jobs panel, R the rig panel (of the active portrait: none here, so it stays empty).
      await page.keyboard.press('j');
      await expect(page.getByRole('region', { name: 'Jobs' })).toBeVisible();
      await page.keyboard.press('j');
      await expect(page.getByRole('region', { name: 'Jobs' })).toHaveCount(0);
      await page.keyboard.press('r');
      await expect(page.getByRole('button', { name: 'Rig panel', exact: true })).toHaveAttribute(
        'aria-pressed',
        'true',
      );
    });
  });

  test('items 3 and 7: a cancelled tracking says so and tracks again; the jobs panel is scoped to the project', async ({
    page,
  }) => {
    test.setTimeout(240_000);
    await withTempDir(async (dir) => {
      const clip = join(dir, 'long.mp4');
      // Long enough (900 frames) that tracking a faceless clip is still running when Cancel is clicked.
      execFileSync(ffmpegPath(), [
        ...['-y', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=15:duration=60'],
        ...['-pix_fmt', 'yuv420p', clip],
      ]);
      await createProject(page, 'Cancelled');
      await page.getByTestId('import-input').setInputFiles(clip);
      await expect(page.getByTestId('video-badge')).toHaveCount(1, { timeout: 30_000 });
      await page.getByRole('button', { name: /^Video long\.mp4/ }).click();

      await page.keyboard.press('j');
      const drawer = page.getByRole('region', { name: 'Jobs' });
      await expect(drawer).toHaveAttribute('data-scope', 'project');
      const tracking = drawer.getByRole('listitem').filter({ hasText: 'Find the face in long.mp4' });
      await tracking.getByRole('button', { name: /^Cancel/ }).click({ timeout: 30_000 });
      await expect(tracking).toContainText('Cancelled');

      const status = page.getByRole('status', { name: 'Face tracking' });
      await expect(page.getByTestId('video-tracking-stopped')).toContainText('Face tracking was cancelled');
      // Only this project's jobs, until "All projects" widens the list.
      const titles = async () => drawer.locator('.job').allInnerTexts();
      expect((await titles()).every((text) => text.includes('long.mp4'))).toBe(true);
      await drawer.getByLabel('All projects').check();
      await expect(drawer).toHaveAttribute('data-scope', 'all');
      const box = await drawer.boundingBox();
      expect(box!.width).toBeLessThanOrEqual(420);
      expect(box!.height).toBeLessThanOrEqual(0.55 * 800 + 1);
      await drawer.getByRole('button', { name: 'Close jobs' }).click();

      await status.getByRole('button', { name: 'Track again' }).click();
      await expect(status).toContainText('Tracking the face', { timeout: 30_000 });
      // The run completes: colour bars have no face, which the viewer now says instead of "not run".
      await expect(status).toContainText('Face found in 0 of 900 frames', { timeout: 150_000 });
      await expect(page.getByTestId('video-tracking-stopped')).toHaveCount(0);
    });
  });

  test('item 4: the 3D view wears the photo, turns only over the front, and resets', async ({ page }) => {
    await createProject(page, 'Textured');
    await page.getByTestId('import-input').setInputFiles(astronaut);
    await expect(page.getByTestId('asset-thumbnail')).toHaveCount(1, { timeout: 30_000 });
    await openRigPanel(page);
    await expect(page.getByTestId('rig-fit-status')).toContainText('Fitted to face 1', { timeout: 90_000 });
    const viewport = page.getByTestId('rig-viewport');
    test.skip((await viewport.getAttribute('data-webgl')) !== 'yes', 'no WebGL in this browser');
    await expect(viewport).toHaveAttribute('data-textured', 'yes', { timeout: 30_000 });
    await expect(viewport).toHaveAttribute('data-azimuth-deg', '0.0');

    const canvas = viewport.locator('canvas');
    const box = (await canvas.boundingBox())!;
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    // 400 px of drag would be several turns unlimited; the view stops at the edge of the front.
    await page.mouse.move(centre.x, centre.y);
    await page.mouse.down();
    await page.mouse.move(centre.x + 400, centre.y + 300, { steps: 10 });
    await page.mouse.up();
    const azimuth = Number(await viewport.getAttribute('data-azimuth-deg'));
    const polar = Number(await viewport.getAttribute('data-polar-deg'));
    expect(Math.abs(azimuth)).toBeGreaterThan(30);
    expect(Math.abs(azimuth)).toBeLessThanOrEqual(60.01);
    expect(Math.abs(polar - 90)).toBeLessThanOrEqual(35.01);
    mkdirSync(screenshots, { recursive: true });
    await viewport.screenshot({ path: resolve(screenshots, 'ux-rig-turned.png') });

    await canvas.dblclick({ position: { x: box.width / 2, y: box.height / 2 } });
    await expect(viewport).toHaveAttribute('data-azimuth-deg', '0.0');
    await viewport.screenshot({ path: resolve(screenshots, 'ux-rig-front.png') });
    await page.mouse.move(centre.x, centre.y);
    await page.mouse.down();
    await page.mouse.move(centre.x - 80, centre.y, { steps: 4 });
    await page.mouse.up();
    await expect(viewport).not.toHaveAttribute('data-azimuth-deg', '0.0');
    await viewport.getByRole('button', { name: 'Reset view' }).click();
    await expect(viewport).toHaveAttribute('data-azimuth-deg', '0.0');
  });

  test('items 5 and 8: panels resize and collapse at 1280x720; linked reset; a typed word says why', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await createProject(page, 'Layout');
    await page.getByTestId('import-input').setInputFiles(astronaut);
    await expect(page.getByTestId('asset-thumbnail')).toHaveCount(1, { timeout: 30_000 });
    const panel = await openRigPanel(page);
    const stage = page.locator('.editor__stage');
    // The photo's column keeps most of the window beside both side panels.
    expect((await stage.boundingBox())!.width).toBeGreaterThanOrEqual(600);
    expect((await panel.boundingBox())!.width).toBeGreaterThanOrEqual(300);

    // The rig panel's edge: the keyboard resizes it, never below its minimum.
    const rigEdge = page.getByRole('separator', { name: 'Resize the rig panel' });
    const before = (await panel.boundingBox())!.width;
    await rigEdge.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => (await panel.boundingBox())!.width).toBeGreaterThan(before + 20);
    // Collapsing from the top bar's switch, and back.
    await page.getByRole('button', { name: 'Rig panel', exact: true }).click();
    await expect(page.getByTestId('rig-panel')).toHaveCount(0);
    await page.getByRole('button', { name: 'Rig panel', exact: true }).click();
    await expect(page.getByTestId('rig-panel')).toBeVisible();
    await page.getByRole('button', { name: /^Photos/ }).click();
    await expect(page.getByRole('complementary', { name: 'Photos' })).toHaveCount(0);
    await page.getByRole('button', { name: /^Photos/ }).click();
    await expect(page.getByRole('complementary', { name: 'Photos' })).toBeVisible();

    // Item 8: with Link on, double-clicking one brow's name resets both brows.
    await expect(page.getByTestId('rig-fit-status')).toContainText(/Fitted|analysed/, { timeout: 90_000 });
    const left = page.getByTestId('rig-slider-browDownLeft');
    const right = page.getByTestId('rig-slider-browDownRight');
    const baseLeft = await left.inputValue();
    const baseRight = await right.inputValue();
    const brows = panel.getByRole('region', { name: 'Brows' });
    const field = brows.getByLabel('Down L value', { exact: true });
    await field.fill('0.8');
    await field.press('Enter');
    await expect(left).toHaveValue('0.8');
    await expect(right).toHaveValue('0.8');
    await brows.locator('label', { hasText: /^Down L$/ }).dblclick();
    await expect(left).toHaveValue(baseLeft);
    await expect(right).toHaveValue(baseRight);
    await field.fill('abc');
    await field.press('Enter');
    await expect(page.getByTestId('rig-typed-problem-browDownLeft')).toHaveText(
      '“abc” is not a number: type a number from 0 to 1, e.g. 0.4.',
    );
    await expect(left).toHaveValue(baseLeft);
  });

  test('item 9: the empty project names photos, videos and Live Link files', async ({ page }) => {
    await createProject(page, 'Empty');
    const text = page.getByTestId('empty-import-formats');
    await expect(text).toContainText('MP4');
    await expect(text).toContainText('Live Link Face CSV');
  });

  test('item 10: the "Duplicated as" notice goes with the copy', async ({ page }) => {
    await page.goto(appUrl());
    const name = unique('Original');
    await page.getByRole('button', { name: 'New project' }).click();
    const form = page.getByRole('form', { name: 'New project' });
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Name').press('Enter');
    // Create opens the new project; its card is on the Projects page.
    await expect(page.getByRole('navigation', { name: 'Location' })).toContainText(name);
    await page.getByRole('button', { name: 'Projects' }).click();
    await page.getByRole('article', { name }).getByRole('button', { name: 'Duplicate' }).click();
    const notice = page.getByText(/^Duplicated as “/);
    await expect(notice).toBeVisible();
    const copyName = (await notice.innerText()).replace(/^Duplicated as “|”\.$/g, '');
    const copy = page.getByRole('article', { name: copyName });
    await copy.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete project' }).click();
    await expect(copy).toHaveCount(0);
    await expect(notice).toHaveCount(0, { timeout: 2000 });
  });

  test('item 11: an edit just before a reload is saved; deleting a photo drops its undo steps', async ({ page }) => {
    await createProject(page, 'Undo gaps');
    await page.getByTestId('import-input').setInputFiles(astronaut);
    await expect(page.getByTestId('asset-thumbnail')).toHaveCount(1, { timeout: 30_000 });
    const panel = await openRigPanel(page);
    await expect(page.getByTestId('rig-fit-status')).toContainText(/Fitted|analysed/, { timeout: 90_000 });
    await expect(panel).toHaveAttribute('data-save-state', 'saved');
    const field = panel.getByLabel('Open value');
    await field.fill('0.66');
    await field.press('Enter');
    // At once, inside the 300 ms debounce: the pending save is sent as the page unloads.
    await page.reload();
    await expect(page.getByTestId('rig-slider-jawOpen')).toHaveValue('0.66');

    await field.fill('0.3');
    await field.press('Enter');
    await expect(page.getByRole('button', { name: /^Undo set/ })).toBeEnabled();
    await page.getByRole('button', { name: /^Remove astronaut\.png/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove photo' }).click();
    await expect(page.getByTestId('asset-thumbnail')).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^Undo/ })).toBeDisabled();
  });
});
