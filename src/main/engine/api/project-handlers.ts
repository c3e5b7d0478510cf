import { ApiError } from '../../../shared/api';
import { importPhotoJob, submitVideoImportIfVideo } from '../media';
import { removeProjectExports } from '../scenes';
import type { EngineContext } from './engine-context';
import type { HandlerMap } from './handler-types';

type ProjectMethods =
  | 'projects.list'
  | 'projects.get'
  | 'projects.create'
  | 'projects.rename'
  | 'projects.duplicate'
  | 'projects.delete'
  | 'assets.list'
  | 'assets.importBytes'
  | 'assets.delete';

export function projectHandlers(context: EngineContext): HandlerMap<ProjectMethods> {
  const { events } = context;
  const announce = (projectId: string) => {
    events.emit('project.changed', { projectId });
    events.emit('projects.changed', {});
  };
  return {
    'projects.list': () => context.openStore().store.projects.list(),
    'projects.get': ({ id }) => context.openStore().store.projects.get(id),
    'projects.create': ({ name }) => {
      const project = context.openStore().store.projects.create(name);
      events.emit('projects.changed', {});
      return project;
    },
    'projects.rename': ({ id, name }) => {
      const project = context.openStore().store.projects.rename(id, name);
      announce(id);
      return project;
    },
    'projects.duplicate': ({ id }) => {
      const { store } = context.openStore();
      store.projects.get(id);
      store.requireProjectFiles(id);
      const project = store.projects.duplicate(id);
      events.emit('projects.changed', {});
      return project;
    },
    'projects.delete': async ({ id }) => {
      const { store, scheduler } = context.openStore();
      store.projects.get(id);
      // Stop the project's jobs first, so none of them writes into a project that is gone.
      const active = scheduler.list({ projectId: id, activeOnly: true });
      await Promise.all(active.map((job) => scheduler.cancel(job.id)));
      store.projects.delete(id);
      store.collectGarbage();
      removeProjectExports(context.dataDir, id);
      announce(id);
      return { ok: true as const };
    },
    'assets.list': ({ projectId }) => {
      const { store } = context.openStore();
      store.projects.get(projectId);
      return store.assets
        .list(projectId)
        .map((asset) => ({ ...asset, fileMissing: store.missingFileOf(asset) !== null }));
    },
    'assets.importBytes': ({ projectId, kind, fileName, bytes, replacesAssetId }) => {
      const { store, scheduler } = context.openStore();
      store.projects.get(projectId);
      const replaces = replacesAssetId ? store.assets.get(replacesAssetId) : undefined;
      if (replaces && replaces.projectId !== projectId) {
        throw new ApiError('not_found', `There is no asset with id ${replacesAssetId} in this project.`);
      }
      const video = submitVideoImportIfVideo(context, { projectId, kind, fileName, bytes, replaces });
      if (video) return video;
      const spec = importPhotoJob(
        { store, pool: context.pool, events, limits: context.limits },
        { projectId, kind: replaces?.kind ?? kind, fileName, bytes, replaces },
      );
      return scheduler.submit(spec);
    },
    'assets.delete': ({ id }) => {
      const { store } = context.openStore();
      const asset = store.assets.get(id);
      store.transaction(() => {
        store.assets.delete(id);
        store.projects.touch(asset.projectId);
      });
      store.collectGarbage();
      announce(asset.projectId);
      return { ok: true as const };
    },
  };
}
