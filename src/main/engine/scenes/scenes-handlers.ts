import { ApiError } from '../../../shared/api';
import type { EngineContext, HandlerMap } from '../api';
import { FacesRepo } from '../face';
import type { ProjectStore } from '../store';
import { ScenesRepo } from './scenes-repo';

type SceneMethods =
  | 'scenes.list'
  | 'scenes.create'
  | 'scenes.update'
  | 'scenes.delete'
  | 'scenes.restore'
  | 'timeline.get'
  | 'timeline.save';

/** A new scene's length and rate: long enough for an expression change and a settle. */
const DEFAULT_SCENE = { durationSeconds: 3, fps: 30 as const, generator: 'warp' };

/** scenes.* and timeline.*: scenes of a project and their keyframed timelines in the project store. */
export function sceneHandlers(context: EngineContext): HandlerMap<SceneMethods> {
  const changed = (projectId: string) => context.events.emit('project.changed', { projectId });
  return {
    'scenes.list': ({ projectId }) => {
      const { store } = context.openStore();
      store.projects.get(projectId);
      return store.repository(ScenesRepo).list(projectId);
    },

    'scenes.create': ({ projectId, assetId, faceIndex, name }) => {
      const { store } = context.openStore();
      const index = checkedFace(store, projectId, assetId, faceIndex);
      const repo = store.repository(ScenesRepo);
      const scene = store.transaction(() => {
        const created = repo.create({
          projectId,
          assetId,
          faceIndex: index,
          name: name ?? repo.nextDefaultName(projectId),
          ...DEFAULT_SCENE,
        });
        store.projects.touch(projectId);
        return created;
      });
      changed(projectId);
      return scene;
    },

    'scenes.update': async ({ id, patch }) => {
      if (patch.generator !== undefined) await checkBackend(context, patch.generator);
      const { store } = context.openStore();
      const repo = store.repository(ScenesRepo);
      if (patch.expressionSource) {
        const source = store.assets.get(patch.expressionSource.assetId);
        if (source.projectId !== repo.get(id).projectId) {
          throw new ApiError('not_found', `There is no asset with id ${source.id} in this project.`);
        }
      }
      const scene = store.transaction(() => {
        const updated = repo.update(id, patch);
        store.projects.touch(updated.projectId);
        return updated;
      });
      changed(scene.projectId);
      return scene;
    },

    'scenes.delete': ({ id }) => {
      const { store } = context.openStore();
      const projectId = store.transaction(() => {
        const owner = store.repository(ScenesRepo).delete(id);
        store.projects.touch(owner);
        return owner;
      });
      store.collectGarbage();
      changed(projectId);
      return { ok: true as const };
    },

    'scenes.restore': async ({ scene: asked, tracks }) => {
      // A style model removed since the deletion must not make the undo fail for good (a failed undo
      // blocks every older step): the scene then comes back on the built-in warp backend.
      const generator = await checkBackend(context, asked.generator).then(
        () => asked.generator,
        () => 'warp',
      );
      const scene = { ...asked, generator };
      const { store } = context.openStore();
      checkedFace(store, scene.projectId, scene.assetId, scene.faceIndex);
      // Deleting the source photo clears a scene's expression source (ON DELETE SET NULL); a deleted scene comes back the same way.
      const source = scene.expressionSource;
      const sourceKept = source !== null && store.assets.find(source.assetId)?.projectId === scene.projectId;
      const restored = store.transaction(() => {
        const put = store
          .repository(ScenesRepo)
          .restore({ ...scene, expressionSource: sourceKept ? source : null }, tracks);
        store.projects.touch(scene.projectId);
        return put;
      });
      changed(scene.projectId);
      return restored;
    },

    'timeline.get': ({ sceneId }) => context.openStore().store.repository(ScenesRepo).timeline(sceneId),

    'timeline.save': ({ sceneId, tracks, baseRevision }) => {
      const { store } = context.openStore();
      return store.transaction(() => {
        const repo = store.repository(ScenesRepo);
        const timeline = repo.saveTimeline(sceneId, tracks, baseRevision);
        store.projects.touch(repo.get(sceneId).projectId);
        return timeline;
      });
    },
  };
}

/**
 * The face a scene of `assetId` animates: `faceIndex`, or the photo's chosen face. Refuses a photo of
 * another project, a video and, once the photo is analysed, a face it does not have.
 */
function checkedFace(store: ProjectStore, projectId: string, assetId: string, faceIndex: number | undefined): number {
  store.projects.get(projectId);
  const asset = store.assets.get(assetId);
  if (asset.projectId !== projectId) {
    throw new ApiError('not_found', `There is no asset with id ${assetId} in this project.`);
  }
  if (asset.kind === 'video') {
    throw new ApiError('invalid_request', `${asset.originalName} is a video; a scene animates a photo.`);
  }
  const faces = store.repository(FacesRepo);
  const analysed = faces.loadImageAnalysis(assetId);
  const index = faceIndex ?? faces.chosenFaceIndex(assetId);
  // Before analysis has run the face cannot be checked; rendering says so if it is still missing then.
  if (analysed?.ok && index >= analysed.faces.length) {
    throw new ApiError(
      'invalid_request',
      `${asset.originalName} has ${analysed.faces.length} face${analysed.faces.length === 1 ? '' : 's'}; there is no face ${index + 1}.`,
    );
  }
  return index;
}

/** A scene's backend is the built-in warp or an installed synthesis model (the layers panel's Backend choice). */
async function checkBackend(context: EngineContext, generator: string): Promise<void> {
  if (generator === 'warp') return;
  const { models } = await (await context.modelManager()).list();
  if (!models.some((model) => model.id === generator && model.role === 'synthesis')) {
    throw new ApiError(
      'invalid_request',
      `There is no installed synthesis model "${generator}"; a scene's backend is "warp" or one of those (mien models list).`,
    );
  }
}
