/**
 * The export benchmark (issue 10): a scene of the astronaut, 10 s at 30 fps, 512x512, with natural
 * keyed motion and idle motion on its timeline. In the same run, per format (MP4, GIF):
 *   - the whole export job (exports.start: generator workers render, frames piped into ffmpeg);
 *   - render alone: the same frames through the same generator path (engine.renderPortrait with the
 *     scene's state at each frame, three frames in flight like the job), kept in memory;
 *   - ffmpeg alone: those rendered frames encoded from a raw file with the job's exact arguments.
 * Ratios: export / ffmpeg alone (goal <= 1.5x) and seconds of video per second of export (goal >= 5x).
 *
 *   npx tsx bench/export/export.bench.ts [SECONDS=10] [PRESET=medium]
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { animateThroughStates, bakeToTracks, type RigValues } from '../../src/shared/animate';
import { Job, RigState, succeededResult, type ExportSettings, type Scene, type Timeline } from '../../src/shared/api';
import { ARKIT_BLENDSHAPE_NAMES, BUILT_IN_PRESETS } from '../../src/shared/rig';
import { exportFramePlan, exportFrameTime, sceneStateAt } from '../../src/shared/timeline';
import { createEngine } from '../../src/main/engine/engine';
import { ffmpegArgs, type EncodeOptions } from '../../src/main/engine/media/encode';
import { findFfmpeg } from '../../src/main/engine/media/ffmpeg';

const run = promisify(execFile);
const seconds = Number(process.argv[2] ?? 10);
const preset = (process.argv[3] ?? 'medium') as ExportSettings['preset'];
const fps = 30;
const portrait = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../tests/fixtures/astronaut.png');
const ffmpeg = findFfmpeg().path!;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-export-bench-'));
const engine = await createEngine({ dataDir, host: 'cli' });
const call = <T>(method: string, params: unknown) => engine.handle(method, params) as Promise<T>;

async function waitForJob(id: string): Promise<Job> {
  for (;;) {
    const job = Job.parse(await call('jobs.get', { id }));
    if (['succeeded', 'failed', 'cancelled', 'interrupted'].includes(job.state)) return job;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

try {
  const project = await call<{ id: string }>('projects.create', { name: 'Export bench' });
  const imported = Job.parse(
    await call('assets.importBytes', {
      projectId: project.id,
      fileName: 'astronaut.png',
      bytes: fs.readFileSync(portrait),
    }),
  );
  const assetId = (await waitForJob(imported.id)).result!.assetId as string;
  while ((await call<Job[]>('jobs.list', { projectId: project.id, activeOnly: true })).length > 0) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const rig = RigState.parse(await call('rig.get', { assetId }));
  const state = (name: string): RigValues => {
    const values: RigValues = {
      'head.yawDeg': rig.head.yawDeg,
      'head.pitchDeg': rig.head.pitchDeg,
      'head.rollDeg': rig.head.rollDeg,
    };
    const coefficients = BUILT_IN_PRESETS.find((p) => p.id === name)!.coefficients;
    for (const shape of ARKIT_BLENDSHAPE_NAMES) values[`rig.${shape}`] = coefficients[shape] ?? 0;
    return values;
  };
  const names = ['neutral', 'smile', 'surprise', 'neutral', 'grin'];
  const frames = animateThroughStates(
    names.map((name, i) => ({ time: (i * seconds) / names.length, values: state(name) })),
    { fps, duration: seconds, idle: 1, seed: 1 },
  );
  const tracks = bakeToTracks(frames);
  let scene = await call<Scene>('scenes.create', { projectId: project.id, assetId, name: 'Bench' });
  scene = await call<Scene>('scenes.update', { id: scene.id, patch: { durationSeconds: seconds, fps } });
  const timeline = await call<Timeline>('timeline.save', { sceneId: scene.id, tracks, baseRevision: 0 });

  // Render alone: the job's render path and pipelining, frames kept in memory.
  const statics = { coefficients: rig.coefficients, head: rig.head, layerMix: scene.layerMix, sourceFrame: null };
  const plan = exportFramePlan(seconds, fps, {});
  const renderOne = (index: number) => {
    const at = sceneStateAt(statics, timeline.tracks, exportFrameTime(plan, index));
    return engine.renderPortrait(assetId, {
      target: { coefficients: at.coefficients, head: at.head },
      mix: at.layerMix,
      size: { kind: 'full' },
      encode: 'raw',
    });
  };
  await renderOne(0); // the photo prepared in a worker, as the export's first frame finds it after the previews
  let start = performance.now();
  const rendered: Uint8Array[] = [];
  const inFlight: Array<ReturnType<typeof renderOne>> = [];
  let next = 0;
  while (rendered.length < plan.count) {
    while (inFlight.length < 3 && next < plan.count) inFlight.push(renderOne(next++));
    rendered.push((await inFlight.shift()!).bytes);
  }
  const renderAloneMs = performance.now() - start;
  const rawFile = path.join(dataDir, 'frames.rgba');
  fs.writeFileSync(rawFile, Buffer.concat(rendered));
  const side = Math.round(Math.sqrt(rendered[0]!.length / 4));

  console.log(
    `Export ${plan.count} frames ${side}x${side} at ${fps} fps (${seconds} s), x264 preset ${preset}, ${os.availableParallelism()} cores, load ${os.loadavg()[0]!.toFixed(1)}`,
  );
  console.log(
    `Render alone (generator workers, 3 in flight): ${renderAloneMs.toFixed(0)} ms, ${((seconds * 1000) / renderAloneMs).toFixed(1)}x real time`,
  );
  console.log(
    '| format | export job ms | worker render ms (sum) | waiting on ffmpeg ms | ffmpeg alone ms | export / ffmpeg alone | x real time | bytes |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const format of ['mp4', 'gif'] as const) {
    start = performance.now();
    const job = Job.parse(await call('exports.start', { sceneId: scene.id, settings: { format, preset } }));
    const done = await waitForJob(job.id);
    const totalMs = performance.now() - start;
    const result = succeededResult(done, 'export');
    if (!result) throw new Error(`export ${format} ${done.state}: ${done.error?.message}`);

    const options: EncodeOptions = {
      format,
      width: side,
      height: side,
      fps,
      outPath: '',
      preset,
      crf: format === 'mp4' ? 18 : undefined,
    };
    const alone = path.join(dataDir, `alone.${format}`);
    const args = ffmpegArgs(options, alone).map((a) => (a === 'pipe:0' ? rawFile : a));
    start = performance.now();
    await run(ffmpeg, args);
    const aloneMs = performance.now() - start;
    console.log(
      `| ${format} | ${totalMs.toFixed(0)} | ${result.renderMs.toFixed(0)} | ${result.encodeWaitMs.toFixed(0)} | ${aloneMs.toFixed(0)} | ${(totalMs / aloneMs).toFixed(2)}x | ${((seconds * 1000) / totalMs).toFixed(1)} | ${result.byteSize} |`,
    );
  }
} finally {
  await engine.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
