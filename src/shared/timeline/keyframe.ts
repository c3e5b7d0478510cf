import { ARKIT_BLENDSHAPE_NAMES, type ArkitBlendshapeName } from '../rig/arkit-names';

/**
 * Keyframes in the shape Theatre.js uses, so its curve maths and editor conventions carry over.
 *
 * A segment runs from key `a` to the next key `b`. When `a.type` is 'bezier' and `a.connectedRight`
 * is true, its progress is eased by the normalised cubic bezier (0,0) (a.rx, a.ry) (b.lx, b.ly) (1,1):
 * x is the fraction of the segment's time, y the fraction of the value change. x handles stay in
 * [0, 1] (the curve must be a function of time); y handles may leave [0, 1], which is how a curve
 * overshoots (the 'back' preset). A 'hold' key keeps its value until the next key (a step), and a key
 * with connectedRight false holds too (Theatre's way of breaking a track into separate runs).
 */
export type KeyframeType = 'bezier' | 'hold';

/** [left handle x, left handle y, right handle x, right handle y], each normalised to its segment. */
export type KeyframeHandles = [lx: number, ly: number, rx: number, ry: number];

export interface Keyframe {
  id: string;
  /** Seconds from the scene's start. */
  time: number;
  value: number;
  handles: KeyframeHandles;
  connectedRight: boolean;
  type: KeyframeType;
}

/** One animated parameter: its keys sorted by time, at most one key per time. */
export interface Track {
  parameter: ParameterId;
  keyframes: Keyframe[];
}

/**
 * Animatable parameters, named like the coefficient track channels (docs/tracks.md):
 * 'rig.<arkitName>' (0..1), 'head.yawDeg' / 'head.pitchDeg' / 'head.rollDeg' (degrees),
 * 'layer.<layerId>' (a generator layer's alpha, 0..1) and 'source.frame' (the expression source's
 * frame index, stepped with hold keys).
 */
export type ParameterId =
  `rig.${ArkitBlendshapeName}` | 'head.yawDeg' | 'head.pitchDeg' | 'head.rollDeg' | `layer.${string}` | 'source.frame';

export const HEAD_PARAMETERS = ['head.yawDeg', 'head.pitchDeg', 'head.rollDeg'] as const;
export const SOURCE_FRAME_PARAMETER = 'source.frame' as const;

export const rigParameter = (name: ArkitBlendshapeName): ParameterId => `rig.${name}`;
export const layerParameter = (layerId: string): ParameterId => `layer.${layerId}`;

const rigNames = new Set<string>(ARKIT_BLENDSHAPE_NAMES);

export function isParameterId(value: string): value is ParameterId {
  if (value.startsWith('rig.')) return rigNames.has(value.slice(4));
  if (value.startsWith('layer.')) return value.length > 'layer.'.length;
  return value === SOURCE_FRAME_PARAMETER || (HEAD_PARAMETERS as readonly string[]).includes(value);
}

/**
 * A new key's handles: linear when both neighbours keep theirs. The left handle is the segment
 * before's second control point, the right handle the segment after's first, so the segment between
 * two new keys reads cubic-bezier(1/3, 1/3, 2/3, 2/3), the linear preset. ([0, 0, 1, 1] put the
 * control points at the opposite corners: still y = x, but read as cubic-bezier(1, 1, 0, 0).)
 */
export const LINEAR_HANDLES: Readonly<KeyframeHandles> = [2 / 3, 2 / 3, 1 / 3, 1 / 3];

let nextId = 0;
/** A key id unique within this process; callers that persist keys may pass their own. */
export function newKeyframeId(): string {
  nextId += 1;
  return `k${Date.now().toString(36)}${nextId.toString(36)}`;
}

export function makeKeyframe(
  time: number,
  value: number,
  partial: Partial<Omit<Keyframe, 'time' | 'value'>> = {},
): Keyframe {
  return {
    id: partial.id ?? newKeyframeId(),
    time,
    value,
    handles: partial.handles ? [...partial.handles] : [...LINEAR_HANDLES],
    connectedRight: partial.connectedRight ?? true,
    type: partial.type ?? 'bezier',
  };
}

/** Keys sorted by time; throws on two keys at the same time or a non-finite number. */
export function sortKeyframes(keyframes: readonly Keyframe[]): Keyframe[] {
  const sorted = [...keyframes].sort((a, b) => a.time - b.time);
  for (let i = 0; i < sorted.length; i++) {
    const k = sorted[i]!;
    if (!Number.isFinite(k.time) || !Number.isFinite(k.value)) {
      throw new Error(`Keyframe ${k.id} has a non-finite time or value (${k.time}, ${k.value}).`);
    }
    if (i > 0 && sorted[i - 1]!.time === k.time) {
      throw new Error(`Two keyframes (${sorted[i - 1]!.id}, ${k.id}) share time ${k.time}.`);
    }
  }
  return sorted;
}
