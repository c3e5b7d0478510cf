import { expect, test } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openAstronautProject } from './astronaut-project';
import { writeZoomClip } from './ffmpeg';

const root = resolve(import.meta.dirname, '..', '..');
const astronaut = resolve(root, 'tests/fixtures/astronaut.png');
const screenshots = resolve(root, 'test-results/screenshots');

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}
/** The parts of Element used here (tests compile without the DOM library). */
interface Measurable {
  getBoundingClientRect(): Box;
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
}

test.use({ viewport: { width: 1280, height: 720 } });

test('at 1280x720 the video viewer fits the whole video, its badge and the frame line without scrolling', async ({
  page,
}) => {
  mkdirSync(screenshots, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'mien-e2e-video-fit-'));
  try {
    const clip = join(dir, 'drive.mp4');
    writeZoomClip(astronaut, clip);
    await openAstronautProject(page, 'Video fit');
    await page.getByTestId('import-input').setInputFiles(clip);
    await expect(page.getByTestId('video-badge')).toHaveCount(1, { timeout: 30_000 });
    await page.getByRole('button', { name: /^Video drive\.mp4/ }).click();
    const viewer = page.getByTestId('video-viewer');
    const player = viewer.getByTestId('video-player');
    await expect(player).toBeVisible();
    await expect(viewer.getByTestId('video-frame-count')).toHaveText('30 at 30 fps');
    await expect(viewer.getByTestId('video-tracking-summary')).toContainText('Face found in 30 of 30 frames', {
      timeout: 60_000,
    });
    // The timeline open under the viewer leaves it about 330 px of height.
    await page.getByRole('button', { name: 'Timeline' }).click();
    await expect(page.getByTestId('timeline-panel')).toBeVisible();
    await page.screenshot({ path: resolve(screenshots, 'video-fit-1280x720.png') });

    const viewerBox = await viewer.evaluate((element: Measurable) => element.getBoundingClientRect());
    const inside = (box: Box) =>
      box.top >= viewerBox.top - 0.5 &&
      box.bottom <= viewerBox.bottom + 0.5 &&
      box.left >= viewerBox.left - 0.5 &&
      box.right <= viewerBox.right + 0.5;
    const videoBox = await player.evaluate((element: Measurable) => element.getBoundingClientRect());
    const badgeBox = await viewer
      .getByText('Video', { exact: true })
      .evaluate((element: Measurable) => element.getBoundingClientRect());
    const framesBox = await viewer
      .getByTestId('video-frame-count')
      .evaluate((element: Measurable) => element.getBoundingClientRect());
    expect(inside(videoBox), `video ${JSON.stringify(videoBox)} in viewer ${JSON.stringify(viewerBox)}`).toBe(true);
    expect(inside(badgeBox), `badge ${JSON.stringify(badgeBox)}`).toBe(true);
    expect(inside(framesBox), `frame line ${JSON.stringify(framesBox)}`).toBe(true);
    // Shown whole means no scrolling is needed to see any of it.
    const scroll = await viewer.evaluate((element: Measurable) => element.scrollHeight - element.clientHeight);
    expect(scroll).toBeLessThanOrEqual(1);
    // Still a usable picture, not shrunk to a stamp: at least 200 px tall here.
    expect(videoBox.bottom - videoBox.top).toBeGreaterThan(200);

    // The browser's controls (which cover the lower face) show only while the pointer is over the video.
    await page.mouse.move(5, 5);
    await expect(player).not.toHaveAttribute('controls');
    await player.hover();
    await expect(player).toHaveAttribute('controls', '');
    await page.screenshot({ path: resolve(screenshots, 'video-fit-hover-1280x720.png') });
    await page.mouse.move(5, 5);
    await expect(player).not.toHaveAttribute('controls');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
