import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { ApiError, type Asset } from '../../../shared/api';
import type { EventBus } from '../event-bus';
import type { JobSpec } from '../jobs';
import { discardStaging, rethrowDiskFull, stagingDirFor, type ProjectStore, type StagedFile } from '../store';
import type { FfmpegLocation } from './ffmpeg';
import { restoreAssetFiles } from './import-photo-job';
import { findVideoTools, posterFrame, probeVideoFile, withDecodedLength, type VideoProbe } from './video-probe';
import type { VideoContainer } from './video-sniff';

export interface VideoImportLimits {
  maxImportBytes: number;
  /** Longest accepted clip: tracking costs about 10 ms and 6 KB of landmarks per frame. */
  maxDurationSeconds: number;
  maxFrames: number;
  /** Long side of the poster thumbnail (the viewer shows it, so larger than a photo's strip thumbnail). */
  thumbnailSide: number;
}

export const DEFAULT_VIDEO_LIMITS: Omit<VideoImportLimits, 'maxImportBytes'> = {
  maxDurationSeconds: 300,
  maxFrames: 18_000,
  thumbnailSide: 512,
};

export interface ImportVideoRequest {
  projectId: string;
  fileName: string;
  bytes: Uint8Array;
  container: VideoContainer;
  /** Re-import: the asset whose missing files these bytes restore (they must be its original). */
  replaces?: Asset;
}

const HASH_CHUNK = 4 * 1024 * 1024;
const megabytes = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Hashes and writes the original without blocking the engine thread: the hash advances in 4 MB
 * steps with a turn of the event loop between them, and the write goes through libuv's pool
 * (blob-files' stageBlob is synchronous, made for worker threads).
 */
async function stageOriginal(
  stagingDir: string,
  bytes: Uint8Array,
  mime: string,
  signal: AbortSignal,
): Promise<StagedFile> {
  const hash = createHash('sha256');
  for (let offset = 0; offset < bytes.byteLength; offset += HASH_CHUNK) {
    hash.update(bytes.subarray(offset, offset + HASH_CHUNK));
    signal.throwIfAborted();
    await yieldToLoop();
  }
  const sha256 = hash.digest('hex');
  const tempPath = path.join(stagingDir, `${sha256}.${randomUUID().slice(0, 8)}.tmp`);
  try {
    await fs.promises.mkdir(stagingDir, { recursive: true });
    const handle = await fs.promises.open(tempPath, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    await fs.promises.rm(tempPath, { force: true });
    rethrowDiskFull(error, stagingDir);
  }
  return { sha256, byteSize: bytes.byteLength, tempPath, mime };
}

/** Refuses a clip longer than the limits, saying how long it is and what the limit is. */
export function checkVideoLimits(probe: VideoProbe, fileName: string, limits: VideoImportLimits): void {
  const seconds = probe.durationMs / 1000;
  if (seconds > limits.maxDurationSeconds || probe.frameCount > limits.maxFrames) {
    throw new ApiError(
      'invalid_request',
      `${fileName} is ${seconds.toFixed(1)} s long (${probe.frameCount} frames); Mien imports driving videos up to ` +
        `${limits.maxDurationSeconds} s and ${limits.maxFrames} frames. Trim it and import the part you need.`,
      { durationMs: probe.durationMs, frameCount: probe.frameCount, maxDurationSeconds: limits.maxDurationSeconds },
    );
  }
}

/**
 * The import-video job: stores the original byte for byte (it is also the working copy every
 * later stage decodes), probes size, rate and frame count with ffprobe, makes a poster thumbnail
 * with ffmpeg, and records blobs and asset in one transaction. `afterImport` then queues face
 * tracking; its job id is part of the result ({ assetId, trackingJobId }).
 */
export function importVideoJob(
  deps: {
    store: ProjectStore;
    events: EventBus;
    ffmpeg: FfmpegLocation;
    limits: VideoImportLimits;
    afterImport?: (asset: Asset) => string | null;
  },
  request: ImportVideoRequest,
): JobSpec<'import-video'> {
  const { store, events, limits } = deps;
  const { fileName, bytes } = request;
  return {
    kind: 'import-video',
    projectId: request.projectId,
    priority: 'interactive',
    title: `${request.replaces ? 'Re-import' : 'Import'} ${fileName}`,
    assetId: request.replaces?.id ?? null,
    hasPreview: false,
    async run(context) {
      if (bytes.byteLength > limits.maxImportBytes) {
        throw new ApiError(
          'invalid_request',
          `${fileName} is ${megabytes(bytes.byteLength)}; Mien imports videos up to ${megabytes(limits.maxImportBytes)}.`,
        );
      }
      const found = findVideoTools(deps.ffmpeg);
      if (!found.ok) throw new ApiError('unavailable', found.message);
      const { tools } = found;
      const stagingDir = stagingDirFor(store.blobsDir, context.jobId);
      context.onAbandon(() => discardStaging(stagingDir));

      context.progress(0.05, 'Saving original');
      const original = await stageOriginal(stagingDir, bytes, request.container.mime, context.signal);
      context.progress(0.4, 'Reading video');
      const claimed = await probeVideoFile(tools, original.tempPath, fileName, context.signal);
      // What the container claims is checked first (cheap); then every frame is decoded once so
      // the asset records the frames that exist, not what the index of a file cut short announces.
      checkVideoLimits(claimed, fileName, limits);
      context.progress(0.45, 'Counting frames');
      const probe = await withDecodedLength(tools, original.tempPath, fileName, claimed, context.signal);

      context.progress(0.6, 'Making thumbnail');
      // A frame a little way in: first frames are often black or a fade-in.
      const posterAt = Math.min(1, (probe.durationMs / 1000) * 0.1);
      const png = await posterFrame(tools, original.tempPath, fileName, posterAt, limits.thumbnailSide, context.signal);
      const webp = await sharp(png).webp({ quality: 80 }).toBuffer();
      const thumbnailSha = createHash('sha256').update(webp).digest('hex');
      const thumbnailPath = path.join(stagingDir, `${thumbnailSha}.thumb.tmp`);
      await fs.promises.writeFile(thumbnailPath, webp).catch((error: unknown) => rethrowDiskFull(error, stagingDir));
      const thumbnail: StagedFile = {
        sha256: thumbnailSha,
        byteSize: webp.byteLength,
        tempPath: thumbnailPath,
        mime: 'image/webp',
      };
      context.signal.throwIfAborted();

      context.progress(0.95, 'Adding to project');
      if (!store.projects.find(request.projectId)) {
        throw new ApiError('not_found', `The project was deleted while ${fileName} was being imported.`);
      }
      if (request.replaces) {
        // The original is the working copy of a video; its tracks stay valid, so nothing is queued.
        const assetId = restoreAssetFiles(store, request.replaces, fileName, original.sha256, [original, thumbnail], {
          workingSha256: original.sha256,
          thumbnailSha256: thumbnail.sha256,
        });
        discardStaging(stagingDir);
        events.emit('project.changed', { projectId: request.projectId });
        return {
          assetId,
          trackingJobId: null,
          width: probe.width,
          height: probe.height,
          fps: probe.fps,
          frameCount: probe.frameCount,
          durationMs: probe.durationMs,
          codec: probe.codec,
        };
      }
      const asset: Asset = {
        id: randomUUID(),
        projectId: request.projectId,
        kind: 'video',
        originalName: fileName,
        mime: request.container.mime,
        byteSize: bytes.byteLength,
        originalSha256: original.sha256,
        workingSha256: original.sha256,
        thumbnailSha256: thumbnail.sha256,
        width: probe.width,
        height: probe.height,
        workingWidth: probe.width,
        workingHeight: probe.height,
        createdAt: Date.now(),
        durationMs: probe.durationMs,
        fps: probe.fps,
        frameCount: probe.frameCount,
      };
      store.commitFiles([original, thumbnail], () => {
        store.assets.insert(asset);
        store.projects.touch(request.projectId);
      });
      discardStaging(stagingDir);
      events.emit('project.changed', { projectId: request.projectId });
      events.emit('projects.changed', {});
      const trackingJobId = deps.afterImport?.(asset) ?? null;
      return {
        assetId: asset.id,
        trackingJobId,
        width: probe.width,
        height: probe.height,
        fps: probe.fps,
        frameCount: probe.frameCount,
        durationMs: probe.durationMs,
        codec: probe.codec,
      };
    },
  };
}
