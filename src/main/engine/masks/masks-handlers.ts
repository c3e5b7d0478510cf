import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { MaskInfo } from '../../../shared/api';
import type { EngineContext, HandlerMap } from '../api';
import { ScenesRepo } from '../scenes';
import { discardStaging, rethrowDiskFull, stagingDirFor, type ProjectStore } from '../store';
import { validateMaskPng } from './mask-png';
import { MasksRepo } from './masks-repo';

type MaskMethods = 'masks.list' | 'masks.get' | 'masks.set' | 'masks.clear';

/** Writes the PNG into a staging folder through libuv's pool (fsynced), so the engine thread never waits on the disk. */
async function stageMaskFile(store: ProjectStore, png: Uint8Array, sha256: string) {
  const stagingDir = stagingDirFor(store.blobsDir, `mask-${randomUUID()}`);
  const tempPath = path.join(stagingDir, `${sha256}.tmp`);
  try {
    await fs.mkdir(stagingDir, { recursive: true });
    const handle = await fs.open(tempPath, 'wx');
    try {
      await handle.writeFile(png);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    discardStaging(stagingDir);
    rethrowDiskFull(error, stagingDir);
  }
  return { stagingDir, file: { sha256, byteSize: png.byteLength, tempPath, mime: 'image/png' } };
}

/** masks.*: painted per-layer masks of scenes, stored as grey PNG blobs (docs/generator.md, "Masks"). */
export function masksHandlers(context: EngineContext): HandlerMap<MaskMethods> {
  const announce = (projectId: string, sceneId: string, layer: string, mask: MaskInfo | null) => {
    context.events.emit('mask.changed', { projectId, sceneId, layer, mask });
    context.events.emit('project.changed', { projectId });
  };
  /** The scene's project; not_found when there is no such scene. */
  const projectOfScene = (store: ProjectStore, sceneId: string) => store.repository(ScenesRepo).get(sceneId).projectId;
  return {
    'masks.list': ({ sceneId }) => {
      const { store } = context.openStore();
      projectOfScene(store, sceneId);
      return store.repository(MasksRepo).list(sceneId);
    },

    'masks.get': ({ sceneId, layer }) => {
      const { store } = context.openStore();
      projectOfScene(store, sceneId);
      return { mask: store.repository(MasksRepo).get(sceneId, layer) };
    },

    'masks.set': async ({ sceneId, layer, png }) => {
      projectOfScene(context.openStore().store, sceneId);
      await validateMaskPng(png);
      const sha256 = createHash('sha256').update(png).digest('hex');
      // The store may have been reset while the PNG was checked: take it again.
      const { store } = context.openStore();
      const staged = await stageMaskFile(store, png, sha256);
      try {
        // The scene may have been deleted while the PNG was written.
        const projectId = projectOfScene(store, sceneId);
        const mask = store.commitFiles([staged.file], () =>
          store.repository(MasksRepo).set(projectId, sceneId, layer, sha256),
        );
        store.collectGarbage(); // the mask it replaced, unless something else still names it
        announce(projectId, sceneId, layer, mask);
        return mask;
      } finally {
        discardStaging(staged.stagingDir);
      }
    },

    'masks.clear': ({ sceneId, layer }) => {
      const { store } = context.openStore();
      const projectId = projectOfScene(store, sceneId);
      const removed = store.repository(MasksRepo).clear(projectId, sceneId, layer);
      if (removed) {
        store.collectGarbage();
        announce(projectId, sceneId, layer, null);
      }
      return { removed };
    },
  };
}
