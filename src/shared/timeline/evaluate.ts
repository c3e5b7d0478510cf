import { cubicBezierEase } from './bezier';
import type { Keyframe, Track } from './keyframe';

/**
 * The one evaluator the preview and the export share. Deterministic (pure arithmetic, no state),
 * exact at keys (a time equal to a key's returns that key's value untouched), clamped outside the
 * keys (before the first: the first value; after the last: the last value).
 */

/** Index of the last key with time <= t, or -1 when t is before the first key. Keys sorted. */
export function keyIndexAt(keyframes: readonly Keyframe[], t: number): number {
  let lo = 0;
  let hi = keyframes.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (keyframes[mid]!.time <= t) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** Value of the segment from `a` to `b` at time t (a.time <= t <= b.time). */
export function evaluateSegment(a: Keyframe, b: Keyframe, t: number): number {
  if (t <= a.time) return a.value;
  if (a.type === 'hold' || !a.connectedRight) return t >= b.time ? b.value : a.value;
  if (t >= b.time) return b.value;
  const x = (t - a.time) / (b.time - a.time);
  const progress = cubicBezierEase(x, a.handles[2], a.handles[3], b.handles[0], b.handles[1]);
  return a.value + (b.value - a.value) * progress;
}

/** A track's value at time t; undefined for a track without keys (the parameter is static). */
export function evaluateKeyframes(keyframes: readonly Keyframe[], t: number): number | undefined {
  if (keyframes.length === 0) return undefined;
  const i = keyIndexAt(keyframes, t);
  if (i < 0) return keyframes[0]!.value;
  const a = keyframes[i]!;
  if (a.time === t || i === keyframes.length - 1) return a.value;
  return evaluateSegment(a, keyframes[i + 1]!, t);
}

export function evaluateTrack(track: Track, t: number): number | undefined {
  return evaluateKeyframes(track.keyframes, t);
}

/**
 * Every keyed parameter's value at time t. Parameters without keys are left out: they are static
 * and keep the value their slider sets.
 */
export function evaluateScene(tracks: readonly Track[], t: number): Record<string, number> {
  const values: Record<string, number> = {};
  for (const track of tracks) {
    const value = evaluateTrack(track, t);
    if (value !== undefined) values[track.parameter] = value;
  }
  return values;
}
