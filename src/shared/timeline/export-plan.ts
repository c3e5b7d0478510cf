import type { ExportFormat, ExportSize } from '../api/scenes';

/**
 * What an export renders, worked out before any frame is: its pixel size and its frames. Shared by
 * the export job and the export dialog (which shows the size and frame count it will get).
 */

/** Video codecs in yuv420p need even sides. */
const needsEvenSides = (format: ExportFormat): boolean => format === 'mp4' || format === 'webm';

/**
 * The output size for a photo of `width` x `height`: its own size ('original') or scaled so its long
 * side is the one asked for, keeping the aspect ratio; even sides for mp4 and webm (rounded down,
 * never below 2).
 */
export function exportDimensions(
  width: number,
  height: number,
  size: ExportSize,
  format: ExportFormat,
): { width: number; height: number } {
  const longSide = size === 'original' ? Math.max(width, height) : typeof size === 'number' ? size : size.longSide;
  const scale = longSide / Math.max(width, height);
  let w = Math.max(1, Math.round(width * scale));
  let h = Math.max(1, Math.round(height * scale));
  if (needsEvenSides(format)) {
    w = Math.max(2, w - (w % 2));
    h = Math.max(2, h - (h % 2));
  }
  return { width: w, height: h };
}

export interface ExportFramePlan {
  /** Output frames per second. */
  fps: number;
  /** Output frames; the file lasts count / fps seconds. */
  count: number;
  /** Scene time (seconds) of the first output frame. */
  startTime: number;
}

/** The frames of a scene `durationSeconds` long at `sceneFps`: frames 0 .. round(duration * fps) − 1 (a 3 s clip at 30 fps is 90 frames). */
export const sceneFrameTotal = (durationSeconds: number, sceneFps: number): number =>
  Math.max(1, Math.round(durationSeconds * sceneFps));

/**
 * The output frames of an export: a range of the scene's own frames [startFrame, endFrame) at the
 * scene's rate, played at `fps` (default: the scene's). Output frame i shows scene time
 * startTime + i / fps, computed from the integer i (never accumulated).
 */
export function exportFramePlan(
  durationSeconds: number,
  sceneFps: number,
  options: { fps?: number; range?: { startFrame: number; endFrame: number } },
): ExportFramePlan {
  const total = sceneFrameTotal(durationSeconds, sceneFps);
  const range = options.range ?? { startFrame: 0, endFrame: total };
  if (range.endFrame > total || range.startFrame >= range.endFrame) {
    throw new RangeError(
      `The range ${range.startFrame}:${range.endFrame} is outside the scene's frames 0:${total} (${durationSeconds} s at ${sceneFps} fps).`,
    );
  }
  const fps = options.fps ?? sceneFps;
  const seconds = (range.endFrame - range.startFrame) / sceneFps;
  return { fps, count: Math.max(1, Math.round(seconds * fps)), startTime: range.startFrame / sceneFps };
}

/** Scene time of output frame `index`. */
export const exportFrameTime = (plan: ExportFramePlan, index: number): number => plan.startTime + index / plan.fps;
