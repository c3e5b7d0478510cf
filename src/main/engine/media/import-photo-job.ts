import { randomUUID } from 'node:crypto';
import { ApiError, type Asset, type AssetKind } from '../../../shared/api';
import type { EventBus } from '../event-bus';
import type { JobSpec } from '../jobs';
import { discardStaging, stagingDirFor, type ProjectStore, type StagedFile } from '../store';
import type { EngineTasks, WorkerPool } from '../workers';

export interface ImportLimits {
  maxImportBytes: number;
  maxImportPixels: number;
  maxWorkingSide: number;
  thumbnailSide: number;
}

export interface ImportPhotoRequest {
  projectId: string;
  kind: AssetKind;
  fileName: string;
  bytes: Uint8Array;
  /** Re-import: the asset whose missing files these bytes restore (they must be its original). */
  replaces?: Asset;
}

/**
 * The bytes' buffer moves to the worker without a copy when the view covers all of it (a 200 MB
 * copy would stall the UI-facing thread); a view into a larger or shared buffer is copied.
 * The engine owns the bytes of an import request from here on.
 */
const transferableBuffer = (bytes: Uint8Array): ArrayBuffer[] => {
  const buffer = bytes.buffer;
  const wholeBuffer = bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength;
  return buffer instanceof ArrayBuffer && wholeBuffer && bytes.byteLength > 64 * 1024 ? [buffer] : [];
};

/**
 * The import-photo job: the worker decodes, checks and stages the files; this thread then moves
 * them into the blob store and records blobs, asset and project change in one transaction.
 */
export function importPhotoJob(
  deps: { store: ProjectStore; pool: WorkerPool<EngineTasks>; events: EventBus; limits: ImportLimits },
  request: ImportPhotoRequest,
): JobSpec<'import-photo'> {
  const { store, pool, events, limits } = deps;
  return {
    kind: 'import-photo',
    projectId: request.projectId,
    priority: 'interactive',
    title: `${request.replaces ? 'Re-import' : 'Import'} ${request.fileName}`,
    assetId: request.replaces?.id ?? null,
    hasPreview: true,
    async run(context) {
      const stagingDir = stagingDirFor(store.blobsDir, context.jobId);
      context.onAbandon(() => discardStaging(stagingDir));
      const staged = await pool.run(
        'import-photo',
        {
          bytes: request.bytes,
          fileName: request.fileName,
          stagingDir,
          maxBytes: limits.maxImportBytes,
          maxPixels: limits.maxImportPixels,
          maxWorkingSide: limits.maxWorkingSide,
          thumbnailSide: limits.thumbnailSide,
        },
        {
          signal: context.signal,
          transfer: transferableBuffer(request.bytes),
          onEvent: (event) => {
            if (event.type === 'progress') context.progress(event.fraction, event.stage);
            else context.publishFrame(event);
          },
        },
      );
      context.signal.throwIfAborted();
      context.progress(0.97, 'Adding to project');
      if (!store.projects.find(request.projectId)) {
        throw new ApiError('not_found', `The project was deleted while ${request.fileName} was being imported.`);
      }
      const files = [staged.original, staged.working, staged.thumbnail].filter(
        (file, index, all) => all.findIndex((other) => other.sha256 === file.sha256) === index,
      );
      if (request.replaces) {
        const assetId = restoreAssetFiles(store, request.replaces, request.fileName, staged.original.sha256, files, {
          workingSha256: staged.working.sha256,
          thumbnailSha256: staged.thumbnail.sha256,
        });
        discardStaging(stagingDir);
        events.emit('project.changed', { projectId: request.projectId });
        return { assetId };
      }
      const asset: Asset = {
        id: randomUUID(),
        projectId: request.projectId,
        kind: request.kind,
        originalName: request.fileName,
        mime: staged.mime,
        byteSize: staged.original.byteSize,
        originalSha256: staged.original.sha256,
        workingSha256: staged.working.sha256,
        thumbnailSha256: staged.thumbnail.sha256,
        width: staged.width,
        height: staged.height,
        workingWidth: staged.workingWidth,
        workingHeight: staged.workingHeight,
        createdAt: Date.now(),
      };
      store.commitFiles(files, () => {
        store.assets.insert(asset);
        store.projects.touch(request.projectId);
      });
      discardStaging(stagingDir);
      events.emit('project.changed', { projectId: request.projectId });
      events.emit('projects.changed', {});
      return { assetId: asset.id };
    },
  };
}

/**
 * Re-import of an asset whose files are missing: the bytes must be the asset's original (same
 * sha256), else 'conflict'. Content-addressed storage then puts every missing file back under its
 * name, and the row points at the working copy and thumbnail this import made. Returns the asset id.
 */
export function restoreAssetFiles(
  store: ProjectStore,
  asset: Asset,
  fileName: string,
  originalSha256: string,
  files: readonly StagedFile[],
  derived: { workingSha256: string; thumbnailSha256: string },
): string {
  if (originalSha256 !== asset.originalSha256) {
    const noun = asset.kind === 'video' ? 'video' : 'photo';
    throw new ApiError(
      'conflict',
      `${fileName} is not the file ${asset.originalName} was imported from (its content differs), so it cannot ` +
        `stand in for the missing ${noun}. Import it as a new ${noun} instead.`,
    );
  }
  store.commitFiles(files, () => {
    store.assets.replaceDerivedFiles(asset.id, derived.workingSha256, derived.thumbnailSha256);
    store.projects.touch(asset.projectId);
  });
  return asset.id;
}
