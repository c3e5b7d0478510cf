/**
 * Frame-accurate time. A frame's time is always computed as frame / fps from the integer frame
 * (never accumulated as t += 1 / fps, which drifts), and a time maps back to its frame by rounding
 * with a tolerance far below half a frame, so frameAt(frameTime(n)) === n for every n.
 */

export const SCENE_FPS = [24, 25, 30, 60] as const;
export type SceneFps = (typeof SCENE_FPS)[number];

export function isSceneFps(value: number): value is SceneFps {
  return (SCENE_FPS as readonly number[]).includes(value);
}

export function frameTime(frame: number, fps: number): number {
  return frame / fps;
}

/** The frame shown at time t: the last frame that started at or before t (within 1e-6 of a frame). */
export function frameAt(time: number, fps: number): number {
  const exact = time * fps;
  const nearest = Math.round(exact);
  return Math.abs(exact - nearest) < 1e-6 ? nearest : Math.floor(exact);
}

/** The nearest frame boundary's time (snapping keys and the playhead). */
export function snapToFrame(time: number, fps: number): number {
  return Math.round(time * fps) / fps;
}

/** Frames in a scene of `duration` seconds: frame 0 up to and including the frame at the end. */
export function frameCount(duration: number, fps: number): number {
  return frameAt(duration, fps) + 1;
}

/** Frames an export of [start, end) renders, as integers (the end frame excluded). */
export function frameRange(start: number, end: number, fps: number): { first: number; count: number } {
  const first = Math.max(0, Math.ceil(start * fps - 1e-6));
  const last = Math.ceil(end * fps - 1e-6);
  return { first, count: Math.max(0, last - first) };
}

/** "HH:MM:SS:FF" timecode of a frame. */
export function timecode(frame: number, fps: number): string {
  const ff = frame % fps;
  const totalSeconds = Math.floor(frame / fps);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(totalSeconds / 3600))}:${pad(Math.floor(totalSeconds / 60) % 60)}:${pad(totalSeconds % 60)}:${pad(ff)}`;
}
