import { ApiError } from '../../../shared/api';
import type { EngineContext, HandlerMap } from '../api';
import { removeExport } from './export-files';
import { RendersRepo } from './renders-repo';

type RenderMethods = 'exports.start' | 'renders.list' | 'renders.reveal' | 'renders.delete';

/** exports.start and renders.*: the export job and the project's finished exports. */
export function rendersHandlers(context: EngineContext): HandlerMap<RenderMethods> {
  return {
    'exports.start': () => {
      throw new ApiError('unavailable', 'Exporting scenes is not built yet.');
    },

    'renders.list': ({ projectId }) => {
      const { store } = context.openStore();
      store.projects.get(projectId);
      return store.repository(RendersRepo).list(projectId);
    },

    'renders.reveal': () => {
      throw new ApiError('unavailable', 'Revealing exports is not built yet.');
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
