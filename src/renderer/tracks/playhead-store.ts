import { create } from 'zustand';

/**
 * Where a video is, shared by everything that shows or moves time: the <video> element (playing,
 * its own controls) and any frame control (the tracks panel's frame slider now, the timeline
 * later). Each side writes here and follows what the other wrote, so they stay linked both ways
 * without knowing about each other.
 */
interface PlayheadState {
  /** The video the time belongs to; null before one is shown. */
  assetId: string | null;
  seconds: number;
  /** 'media': the video reported its time (play, its controls); 'control': a control asked to seek. */
  origin: 'media' | 'control';
  /** A control asks the video to go to `seconds`. */
  seek(assetId: string, seconds: number): void;
  /** The video reports where it is. */
  report(assetId: string, seconds: number): void;
}

export const usePlayheadStore = create<PlayheadState>()((set) => ({
  assetId: null,
  seconds: 0,
  origin: 'media',
  seek: (assetId, seconds) => set({ assetId, seconds: Math.max(0, seconds), origin: 'control' }),
  report: (assetId, seconds) => set({ assetId, seconds, origin: 'media' }),
}));

/** The frame shown at `seconds` (the same rounding as the tracked-mesh overlay). */
export function frameAt(seconds: number, fps: number, frameCount: number): number {
  return Math.min(frameCount - 1, Math.max(0, Math.round(seconds * fps)));
}

/** The time that shows frame `frame`. */
export function timeOfFrame(frame: number, fps: number): number {
  return frame / fps;
}
