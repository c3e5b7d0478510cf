import { randomUUID } from 'node:crypto';
import { ApiError, type Asset, type AssetKind } from '../../../shared/api';
import type { EventBus } from '../event-bus';
import type { JobSpec } from '../jobs';
import { discardStaging, stagingDirFor, type ProjectStore } from '../store';
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
    title: `Import ${request.fileName}`,
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
      const files = [staged.original, staged.working, staged.thumbnail].filter(
        (file, index, all) => all.findIndex((other) => other.sha256 === file.sha256) === index,
      );
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
