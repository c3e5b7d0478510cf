import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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
    execFileSync('ffmpeg', [
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
    await page.getByRole('article', { name }).getByRole('button', { name: 'Open', exact: true }).click();
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
