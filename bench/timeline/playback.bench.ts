/**
 * Timeline playback through the real web host in Chromium: a 3 s, 30 fps scene of the astronaut
 * (jawOpen keyed 0 -> 0.9 -> 0, smile keyed) played in a loop; per loop, how many of its 90 frames
 * reached the screen, the UI's animation-frame rate, the longest main-thread gap, and how far the
 * playhead was from where real time says it should be (drift; playback drops frames instead).
 * Baseline, same run: the first loop, started 0.5 s after the last edit, before the paused
 * timeline's background render-ahead (0.8 s after a change) has cached anything: what a player
 * without the cache could show at best, since it too shows only what the engine renders in time.
 * Later loops show the cache. A last run waits 10 s paused first (the background render-ahead). Run with the rig panel closed and open (its 3D view shares the UI
 * thread). Run: npx tsx bench/timeline/playback.bench.ts [loops]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { chromium, type Page } from '@playwright/test';
import { BROWSER_VARIABLE, browserLaunchOptions } from '../../tests/e2e/browser';
import { startWebHost } from '../../tests/e2e/web-host';

const root = resolve(import.meta.dirname, '..', '..');
const LOOPS = Number(process.argv[2] ?? 4);

function storeFace(dataDir: string): void {
  const file = resolve(root, 'tests/integration/face/expected/astronaut-landmarks.json');
  const { landmarks } = JSON.parse(readFileSync(file, 'utf8')) as { landmarks: number[] };
  const db = new Database(join(dataDir, 'mien.sqlite'));
  try {
    db.pragma('busy_timeout = 5000');
    const asset = db.prepare("SELECT id FROM assets WHERE kind = 'portrait' LIMIT 1").get() as { id: string };
    db.prepare(
      `INSERT OR IGNORE INTO faces (id, asset_id, frame_index, face_index, detector, bbox_json, score, landmarks, landmark_count, created_at)
       VALUES (?, ?, NULL, 0, 'reference', '{}', 1, ?, 478, ?)`,
    ).run(randomUUID(), asset.id, Buffer.from(Float32Array.from(landmarks).buffer), Date.now());
  } finally {
    db.close();
  }
}

/** Drags a slider's thumb from `from` to `to` (fractions of its travel). */
async function drag(page: Page, testId: string, from: number, to: number): Promise<void> {
  await page.getByTestId(testId).scrollIntoViewIfNeeded();
  const box = (await page.getByTestId(testId).boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + 8 + from * (box.width - 16), y);
  await page.mouse.down();
  await page.mouse.move(box.x + 8 + to * (box.width - 16), y, { steps: 6 });
  await page.mouse.up();
}

async function openScene(page: Page, url: string, dataDir: string, name: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: 'New project' }).click();
  const form = page.getByRole('form', { name: 'New project' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Name').press('Enter');
  await page.getByRole('article', { name }).getByRole('button', { name: 'Open', exact: true }).click();
  await page.getByTestId('import-input').setInputFiles(resolve(root, 'tests/fixtures/astronaut.png'));
  await page.getByTestId('asset-thumbnail').waitFor({ timeout: 60_000 });
  storeFace(dataDir);
  for (const toggle of ['Rig panel', 'Timeline']) {
    const button = page.getByRole('button', { name: toggle, exact: true });
    if ((await button.getAttribute('aria-pressed')) !== 'true') await button.click();
  }
  await page.getByTestId('rig-fit-status').filter({ hasText: 'Fitted to face 1' }).waitFor({ timeout: 60_000 });
  await page.getByTestId('key-button-jawOpen').click();
  await page.getByTestId('key-button-mouthSmileLeft').click();
  await page.getByTestId('dope-sheet').click({ position: { x: 5, y: 5 } });
  for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await drag(page, 'rig-slider-jawOpen', 0, 0.9);
  await drag(page, 'rig-slider-mouthSmileLeft', 0, 0.9);
  await page.keyboard.press('End');
  await drag(page, 'rig-slider-jawOpen', 0.9, 0);
  await page.getByTestId('timeline-key').nth(4).waitFor();
  await page.keyboard.press('Home');
}

interface Loop {
  shown: number;
  /** Frames in the portrait's frame cache at the loop's end. */
  cached: number;
  uiFps: number;
  longestGapMs: number;
  maxDriftFrames: number;
}

/**
 * One 3 s loop measured inside the page: a string, because tsx would add helpers to a function
 * that the page does not have.
 */
const ONE_LOOP = `() => new Promise((done) => {
  const canvas = document.querySelector('[data-testid="live-preview"]');
  const timecode = document.querySelector('[data-testid="timeline-timecode"] .tl-timecode__frame');
  const frameNow = () => Number((/^(\\d+)/.exec(timecode.textContent || '') || [0, 0])[1]);
  const seen = new Set();
  const start = performance.now();
  const firstFrame = frameNow();
  let ticks = 0, last = start, longest = 0, drift = 0;
  const tick = (now) => {
    ticks++;
    longest = Math.max(longest, now - last);
    last = now;
    if (!canvas.hidden && canvas.dataset.stateId) seen.add(canvas.dataset.stateId);
    const expected = (firstFrame + Math.floor(((now - start) / 1000) * 30)) % 90;
    const off = Math.abs(frameNow() - expected);
    drift = Math.max(drift, Math.min(off, 90 - off));
    if (now - start < 3000) requestAnimationFrame(tick);
    else done({ shown: seen.size, uiFps: ticks / 3, longestGapMs: longest, maxDriftFrames: drift, cached: Number(canvas.dataset.cachedFrames || 0) });
  };
  requestAnimationFrame(tick);
})`;

/** Plays LOOPS loops of the 3 s scene and measures each, from inside the page. */
async function measure(page: Page): Promise<Loop[]> {
  await page.getByTestId('timeline-play').click();
  const loops: Loop[] = [];
  for (let loop = 0; loop < LOOPS; loop++) {
    loops.push((await page.evaluate(`(${ONE_LOOP})()`)) as Loop);
  }
  await page.getByTestId('timeline-play').click();
  return loops;
}

async function main(): Promise<void> {
  const { buildIfStale } = (await import(pathToFileURL(join(root, 'scripts/lib/build-if-stale.mjs')).href)) as {
    buildIfStale(): void;
  };
  const { resolveBrowser } = (await import(pathToFileURL(join(root, 'scripts/lib/browser.mjs')).href)) as {
    resolveBrowser(): Promise<unknown>;
  };
  process.env[BROWSER_VARIABLE] = JSON.stringify(await resolveBrowser());
  buildIfStale();
  const dataDir = mkdtempSync(join(tmpdir(), 'mien-playback-'));
  const host = await startWebHost(dataDir);
  const browser = await chromium.launch(browserLaunchOptions());
  try {
    const results: Array<[string, Loop[]]> = [];
    for (const rigOpen of [false, true]) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
      await openScene(page, host.url, dataDir, `Playback ${rigOpen ? 'rig' : 'plain'}`);
      if (!rigOpen) await page.getByRole('button', { name: 'Rig panel', exact: true }).click();
      await page.waitForTimeout(500);
      results.push([rigOpen ? 'rig panel open (3D view)' : 'rig panel closed', await measure(page)]);
      await page.close();
    }
    {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      await openScene(page, host.url, dataDir, 'Playback warm');
      await page.getByRole('button', { name: 'Rig panel', exact: true }).click();
      await page.waitForTimeout(10_000);
      results.push(['rig panel closed, 10 s paused first', await measure(page)]);
      await page.close();
    }
    console.log(
      `timeline playback, 3 s at 30 fps (90 frames) per loop, 1280x720, ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}`,
    );
    for (const [label, loops] of results) {
      console.log(`  ${label}`);
      loops.forEach((loop, index) => {
        const tag = index === 0 ? 'loop 1' : `loop ${index + 1}`;
        console.log(
          `    ${tag.padEnd(8)} frames shown ${String(loop.shown).padStart(2)}/90` +
            ` (${(loop.shown / Math.max(1, loops[0]!.shown) || 0).toFixed(1)}x loop 1), UI ${loop.uiFps.toFixed(0)} fps,` +
            ` longest gap ${loop.longestGapMs.toFixed(0)} ms, playhead drift ${loop.maxDriftFrames} frames, ${loop.cached} cached`,
        );
      });
    }
  } finally {
    await browser.close();
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
