import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ffmpegPath } from './ffmpeg';

const root = resolve(import.meta.dirname, '..', '..');
const screenshots = resolve(root, 'test-results/screenshots');
const SECONDS = 2;

/** The parts of HTMLVideoElement used here (tests compile without the DOM library). */
interface VideoElement {
  readyState: number;
  duration: number;
  currentTime: number;
  muted: boolean;
  play(): Promise<void>;
  pause(): void;
  addEventListener(type: string, listener: () => void, options: { once: boolean }): void;
}

function appUrl(): string {
  const url = process.env.MIEN_E2E_URL;
  if (!url) throw new Error('MIEN_E2E_URL is not set: tests/e2e/global-setup.ts starts the web host');
  return url;
}

test('an imported video plays in the viewer: the media route serves byte ranges to <video>', async ({ page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  mkdirSync(screenshots, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'mien-e2e-play-'));
  try {
    // A synthetic clip: colour bars with a moving counter, 2 s at 25 fps, H.264 in MP4.
    const clip = join(dir, 'bars.mp4');
    execFileSync(ffmpegPath(), [
      ...['-y', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc=size=320x240:rate=25:duration=${SECONDS}`],
      ...['-pix_fmt', 'yuv420p', '-movflags', '+faststart', clip],
    ]);
    const rangeAnswers: number[] = [];
    page.on('response', (response) => {
      if (response.url().includes('/media/') && response.request().headers()['range']) {
        rangeAnswers.push(response.status());
      }
    });

    await page.goto(appUrl());
    const name = `Video ${Math.random().toString(36).slice(2, 7)}`;
    await page.getByRole('button', { name: 'New project' }).click();
    const form = page.getByRole('form', { name: 'New project' });
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Name').press('Enter');
    // Create opens the new project.
    await expect(page.getByRole('navigation', { name: 'Location' })).toContainText(name);
    await page.getByTestId('import-input').setInputFiles(clip);
    await expect(page.getByTestId('video-badge')).toHaveCount(1, { timeout: 30_000 });
    await page.getByRole('button', { name: /^Video bars\.mp4/ }).click();

    const player = page.getByTestId('video-viewer').getByTestId('video-player');
    await expect(player).toBeVisible();
    await expect(player).toHaveAttribute('poster', /\/media\/[0-9a-f]{64}/);
    // HAVE_CURRENT_DATA (2) or better: the browser fetched and decoded a frame.
    await expect.poll(() => player.evaluate((video: VideoElement) => video.readyState)).toBeGreaterThanOrEqual(2);
    const duration = await player.evaluate((video: VideoElement) => video.duration);
    expect(duration).toBeCloseTo(SECONDS, 1);

    // Seek to the middle and play: both need ranges, which Chromium asks for on a 206-capable route.
    await player.evaluate(async (video: VideoElement) => {
      video.muted = true;
      const seeked = new Promise<void>((resolve) => video.addEventListener('seeked', () => resolve(), { once: true }));
      video.currentTime = 1;
      await seeked;
      await video.play();
    });
    await expect.poll(() => player.evaluate((video: VideoElement) => video.currentTime)).toBeGreaterThan(1.2);
    await player.evaluate((video: VideoElement) => video.pause());
    expect(rangeAnswers.length).toBeGreaterThan(0);
    expect(rangeAnswers.every((status) => status === 206 || status === 200)).toBe(true);
    expect(rangeAnswers).toContain(206);
    await expect(page.getByTestId('video-frame-count')).toHaveText('50 at 25 fps');
    await page.screenshot({ path: resolve(screenshots, 'video-playing.png') });
    expect(pageErrors).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('after tracking, Mesh draws the frame’s 478 tracked points on the picture, letterboxed and following seeks', async ({
  page,
}) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  mkdirSync(screenshots, { recursive: true });
  test.setTimeout(150_000);
  const dir = mkdtempSync(join(tmpdir(), 'mien-e2e-mesh-'));
  try {
    // The astronaut with a zoom and pan, so the face moves across the 60 frames.
    const clip = join(dir, 'face.mp4');
    const astronaut = resolve(root, 'tests/fixtures/astronaut.png');
    execFileSync(ffmpegPath(), [
      ...['-y', '-loglevel', 'error', '-loop', '1', '-i', astronaut],
      '-vf',
      "zoompan=z='1+0.3*on/59':x='(iw-iw/zoom)*on/59':y='(ih-ih/zoom)/2':d=60:s=384x384:fps=30",
      ...['-frames:v', '60', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', clip],
    ]);
    await page.goto(appUrl());
    const name = `Mesh ${Math.random().toString(36).slice(2, 7)}`;
    await page.getByRole('button', { name: 'New project' }).click();
    const form = page.getByRole('form', { name: 'New project' });
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Name').press('Enter');
    // Create opens the new project.
    await expect(page.getByRole('navigation', { name: 'Location' })).toContainText(name);
    await page.getByTestId('import-input').setInputFiles(clip);
    await expect(page.getByTestId('video-badge')).toHaveCount(1, { timeout: 30_000 });
    await page.getByRole('button', { name: /^Video face\.mp4/ }).click();
    const viewer = page.getByTestId('video-viewer');
    await expect(viewer.getByTestId('video-tracking-summary')).toContainText('Face found in 60 of 60 frames', {
      timeout: 90_000,
    });

    // A wide element box: object-fit letterboxes the square clip, bars left and right.
    const player = viewer.getByTestId('video-player');
    await player.evaluate((video: { style: { width: string; height: string; maxWidth: string } }) => {
      video.style.maxWidth = 'none';
      video.style.width = '500px';
      video.style.height = '300px';
    });
    await expect.poll(() => player.evaluate((video: VideoElement) => video.readyState)).toBeGreaterThanOrEqual(2);

    const toggle = viewer.getByRole('button', { name: 'Mesh' });
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await page.keyboard.press('m');
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    const overlay = viewer.getByTestId('video-mesh-overlay');
    const points = overlay.locator('circle');
    await expect(points).toHaveCount(478, { timeout: 15_000 });
    await expect(overlay).toHaveAttribute('data-frame', '0');

    /** Screen box of the mesh and where point 1 (the nose tip) should sit given its video-pixel cx/cy. */
    const measure = () =>
      page.evaluate(() => {
        type Box = { left: number; top: number; right: number; bottom: number; width: number; height: number };
        type El = { getBoundingClientRect(): Box; getAttribute(name: string): string | null };
        const doc = (
          globalThis as unknown as { document: { querySelector(s: string): El; querySelectorAll(s: string): El[] } }
        ).document;
        const video = doc.querySelector('[data-testid="video-player"]').getBoundingClientRect();
        const circles = [...doc.querySelectorAll('[data-testid="video-mesh-overlay"] circle')];
        const boxes = circles.map((c) => c.getBoundingClientRect());
        const mesh = {
          left: Math.min(...boxes.map((b) => b.left)),
          right: Math.max(...boxes.map((b) => b.right)),
          top: Math.min(...boxes.map((b) => b.top)),
          bottom: Math.max(...boxes.map((b) => b.bottom)),
        };
        const scale = Math.min(video.width / 384, video.height / 384);
        const content = {
          left: video.left + (video.width - 384 * scale) / 2,
          top: video.top + (video.height - 384 * scale) / 2,
          right: video.left + (video.width + 384 * scale) / 2,
          bottom: video.top + (video.height + 384 * scale) / 2,
        };
        const nose = circles[1]!;
        const noseBox = boxes[1]!;
        return {
          video,
          content,
          mesh,
          nose: { x: (noseBox.left + noseBox.right) / 2, y: (noseBox.top + noseBox.bottom) / 2 },
          noseExpected: {
            x: content.left + Number(nose.getAttribute('cx')) * scale,
            y: content.top + Number(nose.getAttribute('cy')) * scale,
          },
        };
      });

    const first = await measure();
    // The picture is 300 px wide in a 500 px box: 100 px bars either side, and the face lies on the picture.
    expect(first.content.left - first.video.left).toBeCloseTo(100, 0);
    for (const box of [first.mesh]) {
      expect(box.left).toBeGreaterThanOrEqual(first.content.left);
      expect(box.right).toBeLessThanOrEqual(first.content.right);
      expect(box.top).toBeGreaterThanOrEqual(first.content.top);
      expect(box.bottom).toBeLessThanOrEqual(first.content.bottom);
    }
    // The face is a good part of the frame, not a dot or the whole picture.
    expect(first.mesh.right - first.mesh.left).toBeGreaterThan(40); // about 57 px measured
    expect(first.mesh.right - first.mesh.left).toBeLessThan(290);
    expect(first.nose.x).toBeCloseTo(first.noseExpected.x, 0);
    expect(first.nose.y).toBeCloseTo(first.noseExpected.y, 0);

    // Seek near the end: the overlay shows that frame, and the zoomed, panned face has moved and grown.
    await player.evaluate(async (video: VideoElement) => {
      const seeked = new Promise<void>((done) => video.addEventListener('seeked', () => done(), { once: true }));
      video.currentTime = 55 / 30;
      await seeked;
    });
    await expect(overlay).toHaveAttribute('data-frame', '55');
    const last = await measure();
    expect(last.mesh.right - last.mesh.left).toBeGreaterThan((first.mesh.right - first.mesh.left) * 1.15);
    expect(Math.abs(last.nose.x - first.nose.x)).toBeGreaterThan(10);
    expect(last.mesh.left).toBeGreaterThanOrEqual(last.content.left);
    expect(last.mesh.right).toBeLessThanOrEqual(last.content.right);
    await viewer.screenshot({ path: resolve(screenshots, 'video-mesh.png') });

    // M again hides it.
    await page.keyboard.press('m');
    await expect(overlay).toHaveCount(0);
    expect(pageErrors).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
