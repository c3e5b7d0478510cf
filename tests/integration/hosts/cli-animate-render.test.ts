import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMien, type CliRun } from './cli-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/main/engine/engine';
import { probeMedia } from '../encode/probe-media';
import { linearMotionModel } from '../models/linear-motion-model';

const root = join(import.meta.dirname, '../../..');
const astronautPath = join(root, 'tests/fixtures/astronaut.png');

const mien = (...args: string[]): Promise<CliRun> => runMien(args);

describe('mien animate and mien render (in-process, real engine, ffprobe)', () => {
  let workDir: string;
  beforeAll(() => {
    workDir = mkdtempSync(join(tmpdir(), 'mien-animate-test-'));
  });
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));
  /** `mien animate` of the astronaut to `name` in the work folder with `flags`: the file and the run. */
  const animateTo = async (name: string, ...flags: string[]): Promise<{ out: string; result: CliRun }> => {
    const out = join(workDir, name);
    return { out, result: await mien('animate', astronautPath, '--out', out, ...flags) };
  };

  it('animate makes a GIF through keyed states with idle motion, at the frames asked for', async () => {
    const { out, result } = await animateTo(
      'astronaut.gif',
      '--keys',
      '0:neutral,0.6:smile,1.2:surprise',
      '--duration',
      '1.6',
      '--idle',
      '0.5',
      '--size',
      '256',
      '--json',
    );
    expect(result.code, result.err).toBe(0);
    const summary = JSON.parse(result.out) as { frameCount: number; tracks: number; keys: number };
    // 1.6 s at 25 fps (the GIF default: exact frame delays).
    expect(summary.frameCount).toBe(40);
    expect(summary.tracks).toBeGreaterThanOrEqual(55);
    const info = await probeMedia(out);
    expect(info).toMatchObject({ codec_name: 'gif', width: 256, height: 256, frames: 40 });
    expect(info.duration).toBeCloseTo(1.6, 2);
  }, 240_000);

  it("animate clamps --fps to GIF's limit with a note instead of failing in the engine", async () => {
    const { out, result } = await animateTo(
      'fast.gif',
      '--preset',
      'smile',
      '--duration',
      '0.2',
      '--size',
      '64',
      '--fps',
      '80',
      '--json',
    );
    expect(result.code, result.err).toBe(0);
    expect(result.err).toContain('note: --fps 80 is out of range; used 50');
    // 0.2 s at 50 fps.
    const info = await probeMedia(out);
    expect(info).toMatchObject({ codec_name: 'gif', width: 64, frames: 10 });
    expect(info.duration).toBeCloseTo(0.2, 2);
  }, 240_000);

  it('render exports a scene of a project as MP4', async () => {
    const dataDir = join(workDir, 'data');
    const created = await mien('--data-dir', dataDir, '--json', 'projects', 'create', 'Film');
    expect(created.code, created.err).toBe(0);
    const projectId = (JSON.parse(created.out) as { id: string }).id;
    const imported = await mien('--data-dir', dataDir, '--json', 'import', projectId, astronautPath);
    expect(imported.code, imported.err).toBe(0);
    // A scene with a jaw key: made through the engine in the same data folder.
    const engine = await createEngine({ dataDir, host: 'cli', workers: 1 });
    try {
      const [asset] = (await engine.handle('assets.list', { projectId })) as Array<{ id: string }>;
      const scene = (await engine.handle('scenes.create', { projectId, assetId: asset!.id, name: 'Talk' })) as {
        id: string;
      };
      await engine.handle('scenes.update', { id: scene.id, patch: { durationSeconds: 2, fps: 24 } });
      const key = (id: string, time: number, value: number) => ({
        id,
        time,
        value,
        handles: [0, 0, 1, 1],
        connectedRight: true,
        type: 'bezier',
      });
      await engine.handle('timeline.save', {
        sceneId: scene.id,
        baseRevision: 0,
        tracks: [{ parameter: 'rig.jawOpen', keyframes: [key('a', 0, 0), key('b', 1, 0.6), key('c', 2, 0)] }],
      });
      // A 60 fps scene: faster than a GIF plays.
      const fast = (await engine.handle('scenes.create', { projectId, assetId: asset!.id, name: 'Fast' })) as {
        id: string;
      };
      await engine.handle('scenes.update', { id: fast.id, patch: { durationSeconds: 1, fps: 60 } });
    } finally {
      await engine.close();
    }
    const out = join(workDir, 'talk.mp4');
    const rendered = await mien(
      '--data-dir',
      dataDir,
      'render',
      'Film',
      '--scene',
      'Talk',
      '--out',
      out,
      '--range',
      '6:42',
    );
    expect(rendered.code, rendered.err).toBe(0);
    expect(rendered.out).toContain('512x512, 36 frames');
    const info = await probeMedia(out);
    expect(info).toMatchObject({ codec_name: 'h264', pix_fmt: 'yuv420p', width: 512, height: 512, frames: 36 });
    expect(info.duration).toBeCloseTo(1.5, 2);
    expect(statSync(out).size).toBeGreaterThan(1000);

    // Scene names are unique ignoring case and surrounding spaces, and are found the same way.
    const loose = join(workDir, 'talk-loose.gif');
    const looseName = await mien(
      '--data-dir',
      dataDir,
      'render',
      'Film',
      '--scene',
      ' tALK ',
      '--out',
      loose,
      '--range',
      '0:2',
    );
    expect(looseName.code, looseName.err).toBe(0);
    expect(looseName.out).toContain(`${loose}: 512x512, 2 frames`);

    // Without --fps a GIF of a 60 fps scene plays at a GIF's limit, with the note an explicit --fps gets.
    const fastGif = join(workDir, 'fast-scene.gif');
    const fast = await mien(
      '--data-dir',
      dataDir,
      'render',
      'Film',
      '--scene',
      'Fast',
      '--out',
      fastGif,
      '--size',
      '64',
      '--range',
      '0:12',
    );
    expect(fast.code, fast.err).toBe(0);
    expect(fast.err).toContain("note: the scene's fps 60 is out of range; used 50");
    // Scene frames 0 to 12 at 60 fps are 0.2 s: 10 frames at 50 fps.
    const fastInfo = await probeMedia(fastGif);
    expect(fastInfo).toMatchObject({ codec_name: 'gif', width: 64, frames: 10 });
    expect(fastInfo.duration).toBeCloseTo(0.2, 2);

    const missing = await mien('--data-dir', dataDir, 'render', 'Film', '--scene', 'Nope', '--out', out);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/Film has no scene named "Nope"; its scenes: "Talk"/);
  }, 240_000);

  it('animate moves between the states with an installed motion model', async () => {
    const dataDir = join(workDir, 'motion-data');
    const model = join(workDir, 'linear-motion.onnx');
    writeFileSync(model, linearMotionModel(4));
    writeFileSync(
      join(workDir, 'linear-motion.mien.json'),
      JSON.stringify({ role: 'motion', window: 4, fps: 25, licence: 'test model, public domain' }),
    );
    const installed = await mien('--data-dir', dataDir, 'models', 'install', model);
    expect(installed.code, installed.err).toBe(0);
    const out = join(workDir, 'predicted.gif');
    const result = await mien(
      '--data-dir',
      dataDir,
      'animate',
      astronautPath,
      '--out',
      out,
      '--keys',
      '0:neutral,0.8:surprise',
      '--motion-model',
      'linear-motion',
      '--size',
      '128',
      '--json',
    );
    expect(result.code, result.err).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ motionModel: 'linear-motion', frameCount: 45 });
    expect(await probeMedia(out)).toMatchObject({ codec_name: 'gif', width: 128, height: 128, frames: 45 });

    const wrongRate = await mien(
      '--data-dir',
      dataDir,
      'animate',
      astronautPath,
      '--out',
      out,
      '--motion-model',
      'linear-motion',
      '--fps',
      '30',
    );
    expect(wrongRate.code).toBe(2);
    expect(wrongRate.err).toMatch(/predicts at 25 fps; pass --fps 25/);
    const noDataDir = await mien('animate', astronautPath, '--out', out, '--motion-model', 'linear-motion');
    expect(noDataDir.code).toBe(2);
    expect(noDataDir.err).toMatch(/--motion-model needs --data-dir/);
  }, 240_000);

  it('refuses bad flags with exit code 2 before importing anything', async () => {
    const badKeys = await mien('animate', astronautPath, '--out', join(workDir, 'x.gif'), '--keys', '0:grinning');
    expect(badKeys.code).toBe(2);
    expect(badKeys.err).toMatch(/"grinning" is not one of photo, neutral, smile/);
    const badOut = await mien('animate', astronautPath, '--out', join(workDir, 'x.avi'));
    expect(badOut.code).toBe(2);
    // animate has no --format: the message names the extension of --out, the thing to change.
    expect(badOut.err).toContain(
      '--out must end in .mp4, .gif or .webm, or have no extension for a folder of PNG frames',
    );
    expect(badOut.err).not.toContain('--format');
    const badFormat = await mien('render', 'P', '--scene', 'S', '--out', join(workDir, 'x.avi'), '--format', 'avi');
    expect(badFormat.err).toContain('--format must be mp4, gif, webm or png');
    // --out in a folder that does not exist, or a folder where a file goes: refused before any work.
    const missingFolder = join(workDir, 'missing');
    for (const args of [
      ['animate', astronautPath, '--out', join(missingFolder, 'x.gif')],
      ['animate', astronautPath, '--out', join(missingFolder, 'frames')],
      ['render', 'P', '--scene', 'S', '--out', join(missingFolder, 'x.mp4')],
    ]) {
      const refused = await mien(...args);
      expect(refused.code, args.join(' ')).toBe(2);
      expect(refused.err).toContain(`the folder ${missingFolder} does not exist`);
      expect(refused.err).not.toContain('import:');
    }
    mkdirSync(join(workDir, 'folder.mp4'));
    const folder = await mien('animate', astronautPath, '--out', join(workDir, 'folder.mp4'));
    expect(folder.code).toBe(2);
    expect(folder.err).toContain('is a folder; name a file in it');
    const badRange = await mien('render', 'P', '--scene', 'S', '--out', join(workDir, 'x.mp4'), '--range', '5:2');
    expect(badRange.code).toBe(2);
    expect(badRange.err).toMatch(/--range takes START:END frames/);
  });
});
