import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Asset, Job, type Frame, type RenderSessionInfo, type Scene } from '../../../src/shared/api';
import type { OrtFaceModels } from '../../../src/main/engine/face/ort-face-models';
import { probeVideo, readVideoFrames } from '../../../src/main/engine/face/video-frames';
import { writeSyntheticDriver } from '../../../tools/transfer/synthetic-driver';
import { astronautPath, loadModels } from '../face/face-fixtures';
import { importAnalysedAstronaut, startEngine, type Harness } from '../engine/engine-harness';

/**
 * A video frame as expression source brings its own mouth interior (issue 9): a driving video of
 * the astronaut opening her mouth, everything between her rendered inner lips painted green, is
 * imported and tracked; with an open-mouth frame as the scene's source, the portrait's opened gap
 * shows green (the frame's interior) where the built-in interior has none.
 */
const FRAMES = 16;
const OPEN_FRAME = 12;
const GREEN = [30, 200, 40] as const;
/** Shut for four frames, opening to jawOpen 0.8 by frame 10, then held. */
const jawOpen = (f: number) => 0.8 * Math.min(1, Math.max(0, (f - 3) / 7));
const ONLY_MOUTH = { head: 0, brows: 0, eyes: 0, nose: 0, mouth: 1 };

/** Green well above red and blue: the marked interior (colour-matched and resampled, it is paler at the photo's size). */
const isGreen = (data: ArrayLike<number>, i: number) => data[i + 1]! > Math.max(data[i]!, data[i + 2]!) + 30;
const greenPixels = (data: ArrayLike<number>, channels: number): number => {
  let count = 0;
  for (let i = 0; i < data.length; i += channels) if (isGreen(data, i)) count++;
  return count;
};

describe('mouth interior from a video frame used as expression source', () => {
  let h: Harness;
  let models: OrtFaceModels;
  let dir: string;
  let portrait: Asset;
  let video: Asset;
  let videoPath: string;
  let scene: Scene;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-video-donor-'));
    models = await loadModels();
    videoPath = path.join(dir, 'open-mouth.mp4');
    await writeSyntheticDriver(models, astronautPath, videoPath, {
      frames: FRAMES,
      fps: 25,
      jawOpen,
      markInterior: GREEN,
    });
    h = await startEngine({ analyzeFacesAfterImport: true });
    portrait = await importAnalysedAstronaut(h, 'Video donor');
    const job = Job.parse(
      await h.call('assets.importBytes', {
        projectId: portrait.projectId,
        kind: 'expression',
        fileName: 'open-mouth.mp4',
        bytes: fs.readFileSync(videoPath),
      }),
    );
    expect((await h.waitForJob(job.id, 60_000)).state).toBe('succeeded');
    video = Asset.parse(
      (await h.call('assets.list', { projectId: portrait.projectId })).find((a) => a.kind === 'video'),
    );
    const deadline = Date.now() + 90_000;
    while ((await h.call('tracks.list', { projectId: portrait.projectId })).length === 0) {
      if (Date.now() > deadline) throw new Error('the video was not tracked in time');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    scene = await h.call('scenes.create', { projectId: portrait.projectId, assetId: portrait.id });
    await h.call('scenes.update', {
      id: scene.id,
      patch: {
        expressionSource: { assetId: video.id, frameIndex: OPEN_FRAME, neutralFrameIndex: 0 },
        layerMix: ONLY_MOUTH,
      },
    });
  }, 240_000);
  afterAll(async () => {
    await h?.close();
    await models?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a live preview shows the painted interior until the frame is prepared, then the frame’s own (green) interior', async () => {
    const rig = await h.call('rig.get', { assetId: portrait.id });
    const session = (await h.engine.handle(
      'render.openSession',
      { assetId: portrait.id, sceneId: scene.id },
      { connectionId: 'window:video-donor' },
    )) as RenderSessionInfo;
    const frames: Frame[] = [];
    const stop = h.engine.openStream(session.sessionId, (frame) => void frames.push(frame));
    const render = async (stateId: string, quality: 'preview' | 'full', extra: object = {}) => {
      const started = performance.now();
      await h.engine.handle(
        'render.update',
        { sessionId: session.sessionId, stateId, quality, coefficients: rig.coefficients, head: rig.head, ...extra },
        { connectionId: 'window:video-donor' },
      );
      const ms = performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 30));
      return { frame: frames.find((frame) => frame.header.render?.stateId === stateId)!, ms };
    };
    const first = await render('first', 'preview');
    const settled = await render('settled', 'full');
    const again = await render('again', 'preview');
    const off = await render('off', 'preview', { layerMix: { ...ONLY_MOUTH, mouth: 0 } });
    const green = (frame: Frame) => greenPixels(frame.data, 4);
    if (process.env.MIEN_DUMP) {
      for (const [name, f] of Object.entries({ first, settled, again, off })) {
        await sharp(Buffer.from(f.frame.data), {
          raw: { width: f.frame.header.width, height: f.frame.header.height, channels: 4 },
        })
          .png()
          .toFile(path.join(process.env.MIEN_DUMP, `${name}.png`));
      }
    }
    console.info(
      `video donor: green pixels first preview ${green(first.frame)} (${first.ms.toFixed(0)} ms), settled full ` +
        `${green(settled.frame)} (${settled.ms.toFixed(0)} ms, donor prepared), next preview ${green(again.frame)} ` +
        `(${again.ms.toFixed(0)} ms), mouth layer at 0 ${green(off.frame)}`,
    );
    // The first preview never waits for ffmpeg: the painted interior, no green.
    expect(green(first.frame)).toBe(0);
    expect(green(off.frame)).toBe(0);
    // The full frame is the photo's own resolution (a 247 px face region): the gap holds a few hundred green pixels.
    expect(green(settled.frame)).toBeGreaterThan(150);
    // Once prepared, preview frames take the donor too (512 px: about four times as many pixels).
    expect(green(again.frame)).toBeGreaterThan(600);
    // Against the painted interior of the same state, over the box around the green gap: far apart.
    const { width } = again.frame.header;
    const box = [Infinity, Infinity, -Infinity, -Infinity];
    for (let i = 0; i < again.frame.data.length; i += 4) {
      if (!isGreen(again.frame.data, i)) continue;
      const x = (i / 4) % width;
      const y = Math.floor(i / 4 / width);
      box[0] = Math.min(box[0]!, x);
      box[1] = Math.min(box[1]!, y);
      box[2] = Math.max(box[2]!, x + 1);
      box[3] = Math.max(box[3]!, y + 1);
    }
    let sum = 0;
    let count = 0;
    for (let y = box[1]!; y < box[3]!; y++) {
      for (let x = box[0]!; x < box[2]!; x++) {
        for (let c = 0; c < 3; c++)
          sum += Math.abs(again.frame.data[(y * width + x) * 4 + c]! - first.frame.data[(y * width + x) * 4 + c]!);
        count += 3;
      }
    }
    console.info(`mouth box ${box.join(',')}: mean |donor - painted| ${(sum / count).toFixed(1)} grey levels`);
    expect(sum / count).toBeGreaterThan(25);

    stop();
  }, 60_000);

  it('the cached frame is the tracked frame: the PNG equals frame 12 as the tracker decoded it', async () => {
    const cacheDir = path.join(h.dataDir, 'cache', 'video-frames');
    const cached = fs.readdirSync(cacheDir).filter((name) => name.endsWith(`-${OPEN_FRAME}.png`));
    expect(cached).toHaveLength(1);
    const png = await sharp(path.join(cacheDir, cached[0]!)).ensureAlpha().raw().toBuffer();
    const info = await probeVideo(videoPath);
    let tracked: Uint8Array | null = null;
    let before: Uint8Array | null = null;
    for await (const frame of readVideoFrames(videoPath, info)) {
      if (frame.index === OPEN_FRAME - 6) before = frame.rgba;
      if (frame.index === OPEN_FRAME) {
        tracked = frame.rgba;
        break;
      }
    }
    const meanDifference = (a: Uint8Array, b: Uint8Array) => {
      let sum = 0;
      for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
      return sum / a.length;
    };
    expect(meanDifference(png, tracked!)).toBeLessThan(0.01);
    // An earlier frame (the jaw half open) differs: the comparison can tell frames apart.
    expect(meanDifference(png, before!)).toBeGreaterThan(0.05);
  });

  it('mien retarget takes every open-mouth frame’s own interior (streamed, cropped donors); --painted-mouth does not', async () => {
    const greenPerFrame = async (mouthFromDriver: boolean) => {
      const outPath = path.join(dir, `retarget-${mouthFromDriver}.mp4`);
      const result = await h.engine.retargetVideo({
        portraitAssetId: portrait.id,
        driverAssetId: video.id,
        outPath,
        mode: 'relative',
        includePose: false,
        neutralFrameIndex: 0,
        layerMix: ONLY_MOUTH,
        mouthFromDriver,
      });
      const counts: number[] = [];
      for await (const frame of readVideoFrames(outPath, await probeVideo(outPath)))
        counts.push(greenPixels(frame.rgba, 4));
      return { counts, donorFrames: result.donorFrames };
    };
    const withDonors = await greenPerFrame(true);
    const painted = await greenPerFrame(false);
    console.info(
      `retarget green pixels per frame: own mouth ${withDonors.counts.join(' ')} (${withDonors.donorFrames} donor frames); ` +
        `painted ${painted.counts.join(' ')}`,
    );
    expect(withDonors.counts).toHaveLength(FRAMES);
    expect(painted.donorFrames).toBe(0);
    expect(Math.max(...painted.counts)).toBe(0);
    // Frames 10-15 hold the jaw fully open (relative to frame 0): the gap is the driver's green.
    for (let f = 10; f < FRAMES; f++) expect(withDonors.counts[f], `frame ${f}`).toBeGreaterThan(100);
  }, 120_000);

  it('the scene export takes the donor; its mouth resembles the source frame’s interior', async () => {
    const exportGreen = async () => {
      const job = Job.parse(
        await h.call('exports.start', { sceneId: scene.id, settings: { format: 'png', size: 'original' } }),
      );
      const done = await h.waitForJob(job.id, 120_000);
      expect(done.error).toBeNull();
      const record = (await h.call('renders.list', { projectId: portrait.projectId }))[0]!;
      const folder = path.join(h.dataDir, 'exports', portrait.projectId, record.fileName);
      return greenPixels(await sharp(path.join(folder, 'frame_00000.png')).removeAlpha().raw().toBuffer(), 3);
    };
    await h.call('scenes.update', { id: scene.id, patch: { durationSeconds: 0.04, fps: 25 } });
    const withDonor = await exportGreen();
    // A source frame animated over the scene (frame 12 at the start, 15 a second later): no donor per frame.
    const key = (id: string, time: number, value: number) => ({
      id,
      time,
      value,
      handles: [0, 0, 1, 1] as [number, number, number, number],
      connectedRight: true,
      type: 'hold' as const,
    });
    const saved = await h.call('timeline.save', {
      sceneId: scene.id,
      baseRevision: 0,
      tracks: [{ parameter: 'source.frame', keyframes: [key('a', 0, OPEN_FRAME), key('b', 1, OPEN_FRAME + 3)] }],
    });
    const animated = await exportGreen();
    await h.call('timeline.save', { sceneId: scene.id, baseRevision: saved.revision, tracks: [] });
    await h.call('scenes.update', { id: scene.id, patch: { layerMix: { ...ONLY_MOUTH, mouth: 0 } } });
    const off = await exportGreen();
    console.info(
      `scene export: green pixels with the donor ${withDonor}, source frame animated ${animated}, mouth layer at 0 ${off}`,
    );
    expect(withDonor).toBeGreaterThan(150);
    expect(animated).toBe(0);
    expect(off).toBe(0);
  }, 120_000);
});
