import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ApiError, type ExportSettings, type Scene } from '../../../shared/api';
import {
  EXPORT_FORMAT_NAMES,
  exportDimensions,
  exportFramePlan,
  exportFrameTime,
  type ExportFramePlan,
} from '../../../shared/timeline';
import type { EngineContext } from '../api';
import { untilAborted, type JobSpec } from '../jobs';
import { startEncoder, validateEncodeOptions } from '../media';
import { partialExportName, projectExportsDir } from './export-files';
import { RendersRepo } from './renders-repo';
import { ScenesRepo } from './scenes-repo';
import {
  prepareScene,
  renderSceneFrame,
  sceneStateOf,
  type PreparedScene,
  type SceneFrame,
} from './render-scene-frame';

/** Frames rendering ahead of the encoder: enough to keep every worker busy while ffmpeg takes the previous one. */
const FRAMES_IN_FLIGHT = 3;
/** The jobs drawer gets a preview about twice a second at 30 fps. */
const PREVIEW_EVERY_FRAMES = 15;

/** Everything an export will do, checked before it is queued so a bad request fails at once with a clear reason. */
export interface ExportPlan {
  prepared: PreparedScene;
  settings: ExportSettings;
  frames: ExportFramePlan;
  width: number;
  height: number;
}

export function planExport(
  context: Pick<EngineContext, 'openStore' | 'dataDir' | 'ffmpeg'>,
  sceneId: string,
  settings: ExportSettings,
): ExportPlan {
  const prepared = prepareScene(context, sceneId);
  const { scene } = prepared;
  let frames: ExportFramePlan;
  try {
    frames = exportFramePlan(scene.durationSeconds, scene.fps, settings);
  } catch (error) {
    throw new ApiError('invalid_request', (error as Error).message);
  }
  const { width, height } = exportDimensions(
    prepared.photo.width,
    prepared.photo.height,
    settings.size,
    settings.format,
  );
  try {
    validateEncodeOptions({ ...encodeSettings(settings), width, height, fps: frames.fps, outPath: 'check' });
  } catch (error) {
    throw new ApiError('invalid_request', (error as Error).message);
  }
  return { prepared, settings, frames, width, height };
}

const encodeSettings = (settings: ExportSettings) => ({
  format: settings.format,
  crf: settings.format === 'mp4' || settings.format === 'webm' ? settings.crf : undefined,
  preset: settings.preset,
  loop: settings.loop,
  dither: settings.dither,
});

/** A file name from the scene's name that is safe on every system and not yet used in the project's exports. */
export function exportFileName(
  scene: Scene,
  format: ExportSettings['format'],
  taken: ReadonlySet<string>,
  dir: string,
): string {
  const base =
    scene.name
      .normalize('NFKC')
      .replace(/[\\/:*?"<>|]/g, '_')
      .replace(/\p{Cc}/gu, '_')
      .replace(/^[.\s]+|[.\s]+$/g, '')
      .slice(0, 100) || 'scene';
  const extension = format === 'png' ? '' : `.${format}`;
  const suffix = format === 'png' ? ' frames' : '';
  for (let n = 1; ; n++) {
    const name = `${base}${suffix}${n === 1 ? '' : ` (${n})`}${extension}`;
    if (!taken.has(name) && !fs.existsSync(path.join(dir, name))) return name;
  }
}

/**
 * The export job: renders every output frame through the generator (workers, photo kept warm),
 * pipes the raw RGBA frames into ffmpeg (never an image file in between), and records the file in
 * the project's renders. The output is written under a partial name and renamed when ffmpeg has
 * finished, so a file with the final name is always complete; cancelling or failing removes it.
 */
export function exportJob(
  context: Pick<EngineContext, 'openStore' | 'pool' | 'dataDir' | 'events' | 'ffmpeg'>,
  plan: ExportPlan,
): JobSpec<'export'> {
  const { prepared, settings, frames, width, height } = plan;
  const { scene } = prepared;
  return {
    kind: 'export',
    projectId: scene.projectId,
    assetId: scene.assetId,
    priority: 'batch',
    title: `Export ${scene.name} (${EXPORT_FORMAT_NAMES[settings.format]})`,
    hasPreview: true,
    async run(job) {
      const { store } = context.openStore();
      const started = performance.now();
      const dir = projectExportsDir(context.dataDir, scene.projectId);
      fs.mkdirSync(dir, { recursive: true });
      const extension = settings.format === 'png' ? '' : `.${settings.format}`;
      const partialPath = path.join(dir, partialExportName(job.jobId, extension));
      job.onAbandon(() => fs.rmSync(partialPath, { recursive: true, force: true }));
      // A failed frame must stop ffmpeg too (it would wait on its input forever): the encoder watches both.
      const stopEncoder = new AbortController();
      const encoder = startEncoder({
        ...encodeSettings(settings),
        width,
        height,
        fps: frames.fps,
        outPath: partialPath,
        signal: AbortSignal.any([job.signal, stopEncoder.signal]),
        ffmpegPath: context.ffmpeg.path ?? undefined,
      });

      let renderMs = 0;
      let encodeWaitMs = 0;
      const render = (index: number): Promise<SceneFrame> =>
        renderSceneFrame(
          context,
          prepared,
          sceneStateOf(prepared, exportFrameTime(frames, index)),
          { width, height },
          job.signal,
        );
      const inFlight: Array<Promise<SceneFrame>> = [];
      let next = 0;
      const refill = () => {
        // Once cancelled, no frame more is handed to the workers.
        while (inFlight.length < FRAMES_IN_FLIGHT && next < frames.count && !job.signal.aborted) {
          const pending = render(next++);
          pending.catch(() => {}); // awaited in order below; a failure surfaces there
          inFlight.push(pending);
        }
      };
      let finalPath: string | null = null;
      try {
        refill();
        for (let index = 0; index < frames.count; index++) {
          // A cancel ends the wait at once: a frame already in a worker cannot be interrupted (its
          // render is one synchronous call), so it finishes in the background and is dropped.
          const frame = await untilAborted(inFlight.shift()!, job.signal);
          refill();
          renderMs += frame.report.renderMs;
          if (index % PREVIEW_EVERY_FRAMES === 0) {
            job.publishFrame({ width, height, format: 'rgba', data: frame.rgba.slice() });
          }
          const writeStarted = performance.now();
          await encoder.write(frame.rgba);
          encodeWaitMs += performance.now() - writeStarted;
          job.progress((0.98 * (index + 1)) / frames.count, `Frame ${index + 1} of ${frames.count}`);
        }
        job.progress(0.98, 'Finishing the file');
        const finishStarted = performance.now();
        const result = await encoder.finish();
        encodeWaitMs += performance.now() - finishStarted;
        job.signal.throwIfAborted();
        // Named only now, so two exports of one scene finishing together cannot pick the same name.
        const repo = store.repository(RendersRepo);
        const fileName = exportFileName(scene, settings.format, repo.fileNames(scene.projectId), dir);
        finalPath = path.join(dir, fileName);
        fs.renameSync(partialPath, finalPath);
        const record = store.transaction(() => {
          const inserted = repo.insert({
            id: randomUUID(),
            jobId: job.jobId,
            projectId: scene.projectId,
            // The export is kept when its scene was deleted meanwhile (the row's scene is then unknown).
            sceneId: store.repository(ScenesRepo).exists(scene.id) ? scene.id : null,
            format: settings.format,
            settings,
            fileName,
            byteSize: result.bytes,
            width: result.width,
            height: result.height,
            frameCount: result.frames,
          });
          store.projects.touch(scene.projectId);
          return inserted;
        });
        context.events.emit('project.changed', { projectId: scene.projectId });
        return {
          renderId: record.id,
          sceneId: scene.id,
          fileName,
          width: record.width,
          height: record.height,
          frameCount: record.frameCount,
          byteSize: record.byteSize,
          elapsedMs: performance.now() - started,
          renderMs,
          encodeWaitMs,
        };
      } catch (error) {
        stopEncoder.abort();
        // Resolves once ffmpeg is gone and its partial output removed.
        await encoder.finish().catch(() => undefined);
        // Recording the export failed after the file got its name: it must not stay without its row.
        if (finalPath) fs.rmSync(finalPath, { recursive: true, force: true });
        throw error;
      }
    },
  };
}
