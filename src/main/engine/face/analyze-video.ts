import type { FaceModels } from './face-models';
import { FaceTracker, type FaceTrackerOptions } from './tracker';
import type { VideoAnalysis, VideoFrameFaces } from './types';
import { probeVideo, readVideoFrames } from './video-frames';

export interface AnalyzeVideoOptions extends FaceTrackerOptions {
  signal?: AbortSignal;
  /** Called after each frame; `total` is estimated from the container and may be off by a frame or two. */
  onProgress?: (done: number, total: number | null) => void;
  ffmpegPath?: string;
}

/** Decodes `file` with ffmpeg and tracks the main face through every frame. */
export async function analyzeVideo(
  models: FaceModels,
  file: string,
  options: AnalyzeVideoOptions = {},
): Promise<VideoAnalysis> {
  const info = await probeVideo(file, options.ffmpegPath);
  const tracker = new FaceTracker(models, options);
  const frames: VideoFrameFaces[] = [];
  let framesWithFace = 0;
  for await (const frame of readVideoFrames(file, info, options.signal, options.ffmpegPath)) {
    if (options.signal?.aborted) break;
    const result = await tracker.track({ data: frame.rgba, width: info.width, height: info.height }, frame.timeMs);
    if (result.landmarks) framesWithFace++;
    const rounded = (landmarks: ArrayLike<number> | null) =>
      landmarks ? Array.from(landmarks, (v) => Math.round(v * 100) / 100) : null;
    frames.push({
      index: frame.index,
      timeMs: frame.timeMs,
      landmarks: rounded(result.landmarks),
      rawLandmarks: rounded(result.landmarks ? result.rawLandmarks : null),
      presence: result.presence,
      detected: result.detected,
      expressions: result.expressions,
    });
    options.onProgress?.(frames.length, info.frameCountEstimate);
  }
  if (options.signal?.aborted) throw Object.assign(new Error('Cancelled'), { name: 'AbortError' });
  return {
    width: info.width,
    height: info.height,
    fps: info.fps,
    frames,
    counters: {
      frames: frames.length,
      detectionsRun: tracker.detectionsRun,
      framesWithFace,
      trackingLosses: tracker.trackingLosses,
    },
  };
}
