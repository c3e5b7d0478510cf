import { MAX_SCENE_SECONDS } from '../../shared/api/scenes';
import { sceneFrameTotal } from '../../shared/timeline';

/** What the import does with motion that runs past the scene's last frame. */
export type OverflowChoice = 'extend' | 'trim';

export interface MotionFit {
  /** The scene frames the motion covers from the playhead: startFrame .. endFrame. */
  startFrame: number;
  endFrame: number;
  /** The scene's last frame as it is now. */
  lastFrame: number;
  fits: boolean;
  /** The motion's own length in seconds (its first to its last sample). */
  motionSeconds: number;
  /**
   * The length the scene needs for the motion's last frame, rounded up to a tenth of a second (a
   * length the duration field shows as typed; at most a few frames of the last pose held).
   */
  extendedSeconds: number;
  /** The last frame the scene lengthened to extendedSeconds has (endFrame, unless the scene's maximum length cuts the motion). */
  extendedLastFrame: number;
}

/**
 * Where a track set lands in the scene when imported at `startFrame`: the motion is resampled at the
 * scene's rate (resampleChannel), so it covers the scene frames from the start to the first frame at
 * or after its last sample. A 78-frame, 25 fps capture (3.08 s) from frame 0 of a 3 s, 30 fps scene
 * covers frames 0..93 and the scene's last frame is 89: it does not fit, and 3.2 s would hold it.
 */
export function motionFit(
  scene: { durationSeconds: number; fps: number },
  startFrame: number,
  set: { frameCount: number; fps: number },
): MotionFit {
  const motionSeconds = Math.max(0, set.frameCount - 1) / set.fps;
  const endFrame = startFrame + Math.ceil(motionSeconds * scene.fps - 1e-6);
  const lastFrame = sceneFrameTotal(scene.durationSeconds, scene.fps) - 1;
  // The scene's frames are 0 .. round(duration x fps) - 1, so endFrame needs endFrame + 1 of them.
  const needed = Math.ceil(((endFrame + 1) / scene.fps) * 10 - 1e-6) / 10;
  const extendedSeconds = Math.min(MAX_SCENE_SECONDS, needed);
  return {
    startFrame,
    endFrame,
    lastFrame,
    fits: endFrame <= lastFrame,
    motionSeconds,
    extendedSeconds,
    // A scene at its maximum length cannot hold more: keys stop at its last frame.
    extendedLastFrame: Math.min(endFrame, sceneFrameTotal(extendedSeconds, scene.fps) - 1),
  };
}

/**
 * A channel sampled at `fromFps` read at the scene's frames (linear between samples, the last sample
 * held after the end), so imported keys land on the scene's frames: `frames` values, value i at
 * i / toFps seconds from the channel's start. At the same rate it is the channel itself.
 */
export function resampleChannel(
  values: ArrayLike<number>,
  fromFps: number,
  toFps: number,
  frames: number,
): Float32Array {
  const out = new Float32Array(frames);
  const lastSample = values.length - 1;
  for (let i = 0; i < frames; i++) {
    const position = (i * fromFps) / toFps;
    const below = Math.min(lastSample, Math.floor(position + 1e-9));
    const above = Math.min(lastSample, below + 1);
    const fraction = Math.min(1, Math.max(0, position - below));
    out[i] = values[below]! + (values[above]! - values[below]!) * fraction;
  }
  return out;
}
