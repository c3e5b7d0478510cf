import fs from 'node:fs';
import path from 'node:path';
import { ApiError, type RenderRecord } from '../../../shared/api';
import type { EngineContext, HandlerMap } from '../api';
import { exportJob, planExport } from './export-job';
import { projectExportsDir, removeExport, removeStalePartialExports } from './export-files';
import { RendersRepo } from './renders-repo';
import { ScenesRepo } from './scenes-repo';

type RenderMethods = 'exports.start' | 'renders.list' | 'renders.reveal' | 'renders.delete';

/** The export's file (or PNG sequence folder) on disk. */
export const exportPathOf = (dataDir: string, render: Pick<RenderRecord, 'projectId' | 'fileName'>): string =>
  path.join(projectExportsDir(dataDir, render.projectId), render.fileName);

/** Where the web host serves an export's file (behind its token, like /media). */
export const exportDownloadUrl = (renderId: string): string => `/exports/${renderId}`;

/** exports.start and renders.*: the export job and the project's finished exports. */
export function rendersHandlers(context: EngineContext): HandlerMap<RenderMethods> {
  return {
    'exports.start': ({ sceneId, settings }) => {
      const { scheduler } = context.openStore();
      if (!context.ffmpeg.path) throw new ApiError('unavailable', context.ffmpeg.message);
      const { generator } = context.openStore().store.repository(ScenesRepo).get(sceneId);
      if (generator !== 'warp') {
        // Scene renders (export, timeline, preview) go through the warp's general pool; the style
        // backend renders only the Style transfer dialog's previews and `mien transfer` (docs/stylegan.md).
        throw new ApiError(
          'unavailable',
          `This scene's backend is the style model "${generator}", which cannot render a scene's frames yet: choose "Built-in warp" in the layers panel to export it (its style alphas stay in the scene).`,
        );
      }
      const plan = planExport(context, sceneId, settings);
      removeStalePartialExports(context.dataDir, plan.prepared.scene.projectId, (jobId) => {
        const state = scheduler.find(jobId)?.state;
        return state === 'queued' || state === 'running';
      });
      return scheduler.submit(exportJob(context, plan));
    },

    'renders.list': ({ projectId }) => {
      const { store } = context.openStore();
      store.projects.get(projectId);
      return store.repository(RendersRepo).list(projectId);
    },

    'renders.reveal': ({ id }) => {
      const render = context.openStore().store.repository(RendersRepo).get(id);
      const file = exportPathOf(context.dataDir, render);
      if (!fs.existsSync(file)) {
        throw new ApiError(
          'file_missing',
          `${render.fileName} is no longer in ${path.dirname(file)}; export it again.`,
        );
      }
      if (context.revealFile) {
        context.revealFile(file);
        return { url: null };
      }
      if (context.host === 'web') {
        if (render.format === 'png') {
          throw new ApiError(
            'unavailable',
            `A PNG sequence is a folder of ${render.frameCount} files, which a browser cannot download as one; it is at ${file}.`,
          );
        }
        return { url: exportDownloadUrl(render.id) };
      }
      throw new ApiError('unavailable', `This host cannot show files; the export is at ${file}.`);
    },

    'renders.delete': ({ id }) => {
      const { store } = context.openStore();
      const repo = store.repository(RendersRepo);
      const render = repo.get(id);
      store.transaction(() => {
        repo.delete(id);
        store.projects.touch(render.projectId);
      });
      removeExport(context.dataDir, render.projectId, render.fileName);
      context.events.emit('project.changed', { projectId: render.projectId });
      return { ok: true as const };
    },
  };
}

/** A finished export's file, or a PNG sequence's folder, while it is still there (the web host serves only files). */
export function resolveExportFile(
  context: Pick<EngineContext, 'openStore' | 'dataDir'>,
  renderId: string,
): { path: string; mime: string; fileName: string } | null {
  let render: RenderRecord;
  try {
    render = context.openStore().store.repository(RendersRepo).get(renderId);
  } catch {
    return null;
  }
  const file = exportPathOf(context.dataDir, render);
  const mime = { mp4: 'video/mp4', webm: 'video/webm', gif: 'image/gif', png: 'image/png' }[render.format];
  return fs.existsSync(file) ? { path: file, mime, fileName: render.fileName } : null;
}
