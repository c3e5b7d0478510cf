import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ExportResult,
  Job,
  RenderRecord,
  RigState,
  succeededResult,
  type Asset,
  type Scene,
} from '../../../src/shared/api';
import { makeKeyframe, sceneStateAt } from '../../../src/shared/timeline';
import { apiErrorOf, importAnalysedAstronaut, startEngine, type Harness } from '../engine/engine-harness';
import { probeMedia } from '../encode/probe-media';

let h: Harness;
let astronaut: Asset;
let scene: Scene;

const exportsDir = () => path.join(h.dataDir, 'exports', scene.projectId);

/** Runs an export to the end and returns its result and record. */
async function exportScene(settings: Record<string, unknown>) {
  const job = Job.parse(await h.call('exports.start', { sceneId: scene.id, settings: settings as never }));
  const done = await h.waitForJob(job.id, 180_000);
  expect(done.error).toBeNull();
  expect(done.state).toBe('succeeded');
  const result = succeededResult(done, 'export')!;
  expect(ExportResult.parse(result)).toEqual(result);
  const record = RenderRecord.parse(
    (await h.call('renders.list', { projectId: scene.projectId })).find((r) => r.id === result.renderId),
  );
  return { job: done, result, record, file: path.join(exportsDir(), record.fileName) };
}

beforeAll(async () => {
  h = await startEngine({ workers: 1, analyzeFacesAfterImport: true });
  astronaut = await importAnalysedAstronaut(h, 'Export');
  scene = await h.call('scenes.create', { projectId: astronaut.projectId, assetId: astronaut.id, name: 'Smile' });
  scene = await h.call('scenes.update', { id: scene.id, patch: { durationSeconds: 1, fps: 25 } });
  // Neutral at 0 s, smile and open jaw at 1 s.
  await h.call('timeline.save', {
    sceneId: scene.id,
    baseRevision: 0,
    tracks: [
      { parameter: 'rig.jawOpen', keyframes: [makeKeyframe(0, 0), makeKeyframe(1, 0.7)] },
      { parameter: 'rig.mouthSmileLeft', keyframes: [makeKeyframe(0, 0), makeKeyframe(1, 0.9)] },
      { parameter: 'rig.mouthSmileRight', keyframes: [makeKeyframe(0, 0), makeKeyframe(1, 0.9)] },
    ],
  });
}, 240_000);
afterAll(async () => {
  await h?.close();
});

describe('export job (ffprobe checks)', () => {
  it('exports H.264 MP4 in yuv420p with the exact frames and duration', async () => {
    const { result, record, file } = await exportScene({ format: 'mp4', size: 512, preset: 'veryfast' });
    expect(record).toMatchObject({ format: 'mp4', width: 512, height: 512, frameCount: 25, fileName: 'Smile.mp4' });
    expect(record.byteSize).toBe(fs.statSync(file).size);
    expect(result.renderMs).toBeGreaterThan(0);
    const info = await probeMedia(file);
    expect(info).toMatchObject({ codec_name: 'h264', pix_fmt: 'yuv420p', width: 512, height: 512, frames: 25 });
    expect(info.duration).toBeCloseTo(1, 2);
  }, 180_000);

  it('exports a GIF at another size and frame rate', async () => {
    const { record, file } = await exportScene({ format: 'gif', size: { longSide: 200 }, fps: 10 });
    expect(record).toMatchObject({ width: 200, height: 200, frameCount: 10 });
    const info = await probeMedia(file);
    expect(info).toMatchObject({ codec_name: 'gif', width: 200, height: 200, frames: 10 });
    expect(info.duration).toBeCloseTo(1, 2);
  }, 180_000);

  it('exports a range as VP9 WebM with even sides', async () => {
    const { job, record, file } = await exportScene({
      format: 'webm',
      size: { longSide: 161 },
      range: { startFrame: 5, endFrame: 20 },
    });
    expect(record).toMatchObject({ width: 160, height: 160, frameCount: 15, fileName: 'Smile.webm' });
    // The job names the format as the export menu does (EXPORT_FORMAT_NAMES), not "WEBM".
    expect(job.title).toBe('Export Smile (WebM)');
    const info = await probeMedia(file);
    expect(info).toMatchObject({ codec_name: 'vp9', pix_fmt: 'yuv420p', width: 160, height: 160, frames: 15 });
    expect(info.duration).toBeCloseTo(0.6, 2);
  }, 180_000);

  it('exports a PNG sequence whose frames follow the timeline: the mouth moves, the background stays', async () => {
    const { record, file } = await exportScene({ format: 'png', size: { longSide: 128 }, fps: 5 });
    expect(record).toMatchObject({ width: 128, height: 128, frameCount: 5, fileName: 'Smile frames' });
    const names = fs.readdirSync(file).sort();
    expect(names).toEqual([
      'frame_00000.png',
      'frame_00001.png',
      'frame_00002.png',
      'frame_00003.png',
      'frame_00004.png',
    ]);
    expect(await probeMedia(path.join(file, names[0]!))).toMatchObject({
      codec_name: 'png',
      pix_fmt: 'rgba',
      width: 128,
      height: 128,
    });
    const pixels = await Promise.all(
      [names[0]!, names[4]!].map((name) => sharp(path.join(file, name)).raw().toBuffer()),
    );
    // Mean absolute difference over a region of the 128x128 frame.
    const difference = (x0: number, y0: number, x1: number, y1: number) => {
      let sum = 0;
      let count = 0;
      for (let y = y0; y < y1; y++)
        for (let x = x0; x < x1; x++)
          for (let c = 0; c < 3; c++) {
            const i = (y * 128 + x) * 4 + c;
            sum += Math.abs(pixels[0]![i]! - pixels[1]![i]!);
            count++;
          }
      return sum / count;
    };
    const corner = difference(0, 0, 16, 16);
    const face = difference(32, 32, 96, 96);
    expect(corner).toBeLessThan(0.5);
    expect(face).toBeGreaterThan(2);

    // A smaller export is the full-size render of the same state (the one evaluator, the same
    // generator path as a preview or full render), scaled down in the worker.
    const rig = RigState.parse(await h.call('rig.get', { assetId: astronaut.id }));
    const timeline = await h.call('timeline.get', { sceneId: scene.id });
    const first = sceneStateAt(
      { coefficients: rig.coefficients, head: rig.head, layerMix: scene.layerMix, sourceFrame: null },
      timeline.tracks,
      0,
    );
    const full = await h.engine.renderPortrait(astronaut.id, {
      target: { coefficients: first.coefficients, head: first.head },
      size: { kind: 'full' },
      encode: 'raw',
    });
    const scaled = await sharp(full.bytes, { raw: { width: 512, height: 512, channels: 4 } })
      .resize(128, 128, { kernel: 'lanczos3' })
      .raw()
      .toBuffer();
    let sum = 0;
    for (let i = 0; i < scaled.length; i++) if (i % 4 !== 3) sum += Math.abs(scaled[i]! - pixels[0]![i]!);
    expect(sum / ((scaled.length * 3) / 4)).toBeLessThan(0.5);
  }, 180_000);

  it('names a second export of the scene apart, reveals and deletes exports', async () => {
    const { record, file } = await exportScene({ format: 'gif', size: { longSide: 64 }, fps: 5 });
    expect(record.fileName).toBe('Smile (2).gif');
    const reveal = await apiErrorOf(h.call('renders.reveal', { id: record.id }));
    expect(reveal.code).toBe('unavailable');
    expect(reveal.message).toContain(file);
    await h.call('renders.delete', { id: record.id });
    expect(fs.existsSync(file)).toBe(false);
    expect((await h.call('renders.list', { projectId: scene.projectId })).map((r) => r.fileName)).not.toContain(
      'Smile (2).gif',
    );
  }, 180_000);

  it('refuses what it cannot export before starting', async () => {
    const fast = await apiErrorOf(h.call('exports.start', { sceneId: scene.id, settings: { format: 'gif', fps: 60 } }));
    expect(fast.code).toBe('invalid_request');
    expect(fast.message).toMatch(/GIF plays at most 50 fps/);
    const range = await apiErrorOf(
      h.call('exports.start', {
        sceneId: scene.id,
        settings: { format: 'mp4', range: { startFrame: 0, endFrame: 26 } },
      }),
    );
    expect(range.code).toBe('invalid_request');
    expect(range.message).toMatch(/outside the scene's frames 0:25/);
    const crf = await apiErrorOf(h.call('exports.start', { sceneId: scene.id, settings: { format: 'mp4', crf: 60 } }));
    expect(crf.message).toMatch(/crf must be 0–51 for mp4/);
    const size = await apiErrorOf(
      h.call('exports.start', { sceneId: scene.id, settings: { format: 'mp4', size: 128 as 512 } }),
    );
    expect(size.message).toMatch(/the size must be 'original', 1080, 720, 512 or \{ longSide/);
  });

  it('removes partial files a killed engine left when the project exports again', async () => {
    fs.mkdirSync(exportsDir(), { recursive: true });
    const stale = path.join(exportsDir(), '.partial-0b5e7a52-dead-4bad-9ead-000000000000.mp4');
    fs.writeFileSync(stale, 'half a file');
    await exportScene({ format: 'gif', size: { longSide: 32 }, fps: 5 });
    expect(fs.existsSync(stale)).toBe(false);
  }, 180_000);

  it('keeps an export whose scene is deleted while it runs (the record then names no scene)', async () => {
    const brief = await h.call('scenes.create', { projectId: scene.projectId, assetId: astronaut.id, name: 'Brief' });
    const job = await h.call('exports.start', {
      sceneId: brief.id,
      settings: { format: 'gif', size: { longSide: 32 }, fps: 10 },
    });
    await h.call('scenes.delete', { id: brief.id });
    const done = await h.waitForJob(job.id, 120_000);
    expect(done.state).toBe('succeeded');
    const record = (await h.call('renders.list', { projectId: scene.projectId })).find(
      (r) => r.id === succeededResult(done, 'export')!.renderId,
    );
    expect(record).toMatchObject({ sceneId: null, fileName: 'Brief.gif', frameCount: 30 });
  }, 180_000);

  it('keeps a finished export when its scene is renamed and then deleted (renders.scene_id ON DELETE SET NULL)', async () => {
    const kept = await h.call('scenes.create', { projectId: scene.projectId, assetId: astronaut.id, name: 'Kept' });
    const job = await h.call('exports.start', {
      sceneId: kept.id,
      settings: { format: 'gif', size: { longSide: 32 }, fps: 5 },
    });
    const done = await h.waitForJob(job.id, 120_000);
    expect(done.state).toBe('succeeded');
    const renderId = succeededResult(done, 'export')!.renderId;
    const recordOf = async () =>
      (await h.call('renders.list', { projectId: scene.projectId })).find((r) => r.id === renderId);
    expect(await recordOf()).toMatchObject({ sceneId: kept.id, fileName: 'Kept.gif', frameCount: 15 });

    await h.call('scenes.update', { id: kept.id, patch: { name: 'Kept renamed' } });
    expect(await recordOf()).toMatchObject({ sceneId: kept.id, fileName: 'Kept.gif' });
    await h.call('scenes.delete', { id: kept.id });
    expect(await recordOf()).toMatchObject({ sceneId: null, fileName: 'Kept.gif', frameCount: 15 });
    expect(fs.existsSync(path.join(exportsDir(), 'Kept.gif'))).toBe(true);
    // Still revealed (here: its path) and deletable like any export.
    expect((await apiErrorOf(h.call('renders.reveal', { id: renderId }))).message).toContain('Kept.gif');
    await h.call('renders.delete', { id: renderId });
    expect(fs.existsSync(path.join(exportsDir(), 'Kept.gif'))).toBe(false);
  }, 180_000);

  it('cancels an export and leaves no partial file and no record', async () => {
    const before = (await h.call('renders.list', { projectId: scene.projectId })).length;
    const long = await h.call('scenes.create', { projectId: scene.projectId, assetId: astronaut.id, name: 'Long' });
    await h.call('scenes.update', { id: long.id, patch: { durationSeconds: 60, fps: 30 } });
    const job = await h.call('exports.start', { sceneId: long.id, settings: { format: 'mp4', size: 512 } });
    const deadline = Date.now() + 60_000;
    while ((await h.call('jobs.get', { id: job.id })).progress.fraction < 0.01 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await h.call('jobs.cancel', { id: job.id });
    const done = await h.waitForJob(job.id);
    expect(done.state).toBe('cancelled');
    expect(
      fs.readdirSync(exportsDir()).filter((name) => name.startsWith('.partial') || name.startsWith('Long')),
    ).toEqual([]);
    expect((await h.call('renders.list', { projectId: scene.projectId })).length).toBe(before);
  }, 120_000);

  it('removes the exports folder with the project', async () => {
    expect(fs.readdirSync(exportsDir()).length).toBeGreaterThan(0);
    await h.call('projects.delete', { id: scene.projectId });
    expect(fs.existsSync(exportsDir())).toBe(false);
  });
});
