import { ApiError, type Asset, type Job } from '../../../shared/api';
import type { EngineContext } from '../api';
import { startVideoTracking } from '../tracks';
import { sniffFormat } from './sniff-format';
import { DEFAULT_VIDEO_LIMITS, importVideoJob } from './video-import-job';
import { sniffVideoContainer } from './video-sniff';

/**
 * assets.importBytes' video branch: bytes that start like a video container (by content, never by
 * extension) become an import-video job, which queues face tracking and then the rig fit. Returns
 * null for anything else (the photo importer takes it). Asking for kind 'video' with bytes that
 * are not a video is refused here with what the bytes look like.
 */
export function submitVideoImportIfVideo(
  context: EngineContext,
  request: { projectId: string; kind: string; fileName: string; bytes: Uint8Array; replaces?: Asset },
): Job | null {
  const container = sniffVideoContainer(request.bytes);
  if (!container) {
    if (request.kind !== 'video') return null;
    const sniffed = sniffFormat(request.bytes);
    const looksLike = sniffed.kind === 'other' ? sniffed.looksLike : 'an image';
    throw new ApiError(
      'unsupported_format',
      `${request.fileName} is not a video Mien can import (it looks like ${looksLike}). Use MP4, MOV, WebM or MKV.`,
    );
  }
  const { store, scheduler } = context.openStore();
  return scheduler.submit(
    importVideoJob(
      {
        store,
        events: context.events,
        ffmpeg: context.ffmpeg,
        limits: { ...DEFAULT_VIDEO_LIMITS, maxImportBytes: context.limits.maxImportBytes },
        afterImport: (asset) => startVideoTracking(context, asset),
      },
      {
        projectId: request.projectId,
        fileName: request.fileName,
        bytes: request.bytes,
        container,
        replaces: request.replaces,
      },
    ),
  );
}
