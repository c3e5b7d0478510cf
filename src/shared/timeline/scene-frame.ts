import type { LayerMix } from '../generate/generator-types';
import { ARKIT_BLENDSHAPE_NAMES, type ArkitBlendshapeName } from '../rig/arkit-names';
import { HEAD_AXES, HEAD_LIMITS_DEG, type HeadRotation } from '../rig/head-rotation';
import { evaluateKeyframes } from './evaluate';
import { frameTime } from './frames';
import { SOURCE_FRAME_PARAMETER, type Track } from './keyframe';

/**
 * What a scene renders at one instant: the one function the timeline's playback and the export
 * job both call, so a frame previewed is the frame exported.
 *
 * A parameter with keys on the timeline takes its track's value; one without takes the static
 * value (the portrait's rig state, the scene's layer mix, its expression source's frame).
 * Values are clamped to what the generator accepts: coefficients to 0..1 (a curve's overshoot
 * shows only away from the bounds), head angles to the rig's limits, layer alphas to 0..1, the
 * source frame to a whole frame >= 0.
 */

export interface SceneStatics {
  coefficients: Readonly<Record<ArkitBlendshapeName, number>>;
  head: Readonly<HeadRotation>;
  layerMix: Readonly<LayerMix>;
  /** The expression source's frame when no `source.frame` track animates it; null: no video source. */
  sourceFrame: number | null;
}

export interface SceneFrameState {
  coefficients: Record<ArkitBlendshapeName, number>;
  head: HeadRotation;
  /** The static mix with every `layer.<id>` track's value applied. */
  layerMix: LayerMix;
  sourceFrame: number | null;
}

const clamp = (value: number, low: number, high: number): number => Math.min(high, Math.max(low, value));

/** The scene's render inputs at `time` seconds. */
export function sceneStateAt(statics: SceneStatics, tracks: readonly Track[], time: number): SceneFrameState {
  const coefficients = {} as Record<ArkitBlendshapeName, number>;
  for (const name of ARKIT_BLENDSHAPE_NAMES) coefficients[name] = clamp(statics.coefficients[name] ?? 0, 0, 1);
  const head: HeadRotation = { ...statics.head };
  const layerMix: LayerMix = { ...statics.layerMix };
  let sourceFrame = statics.sourceFrame;
  for (const track of tracks) {
    const value = evaluateKeyframes(track.keyframes, time);
    if (value === undefined || !Number.isFinite(value)) continue;
    const { parameter } = track;
    if (parameter.startsWith('rig.')) {
      coefficients[parameter.slice(4) as ArkitBlendshapeName] = clamp(value, 0, 1);
    } else if (parameter.startsWith('head.')) {
      head[parameter.slice(5) as keyof HeadRotation] = value;
    } else if (parameter.startsWith('layer.')) {
      layerMix[parameter.slice(6)] = clamp(value, 0, 1);
    } else if (parameter === SOURCE_FRAME_PARAMETER) {
      // Between hold keys the value is whole already; a bezier between frames shows the nearest frame.
      sourceFrame = Math.max(0, Math.round(value));
    }
  }
  for (const axis of HEAD_AXES) head[axis] = clamp(head[axis], -HEAD_LIMITS_DEG[axis], HEAD_LIMITS_DEG[axis]);
  return { coefficients, head, layerMix, sourceFrame };
}

/** The scene's render inputs at frame `frame` of a `fps` timeline (time = frame / fps, never accumulated). */
export function sceneFrameState(
  statics: SceneStatics,
  tracks: readonly Track[],
  frame: number,
  fps: number,
): SceneFrameState {
  return sceneStateAt(statics, tracks, frameTime(frame, fps));
}
