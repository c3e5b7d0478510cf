import { keyIndexAt } from './evaluate';
import { makeKeyframe, sortKeyframes, type Keyframe } from './keyframe';

/**
 * Pure key edits for the timeline panel and auto-key; each returns a new sorted list and leaves
 * the input alone, so the panel can keep the old list for undo.
 */

/**
 * Sets the value at `time`: replaces the value of a key already there (keeping its id, handles and
 * type) or inserts a key with the neighbouring segment's shape (linear handles). Auto-key calls this
 * when a slider moves with the playhead on a keyed parameter.
 */
export function setKey(keyframes: readonly Keyframe[], time: number, value: number, id?: string): Keyframe[] {
  if (!Number.isFinite(time) || time < 0) throw new Error(`A key time must be a finite number >= 0 (got ${time}).`);
  if (!Number.isFinite(value)) throw new Error(`A key value must be a finite number (got ${value}).`);
  const i = keyIndexAt(keyframes, time);
  if (i >= 0 && keyframes[i]!.time === time) {
    return keyframes.map((k, index) => (index === i ? { ...k, value, handles: [...k.handles] } : k));
  }
  const key = makeKeyframe(time, value, id === undefined ? {} : { id });
  return [...keyframes.slice(0, i + 1), key, ...keyframes.slice(i + 1)];
}

export function deleteKeys(keyframes: readonly Keyframe[], ids: ReadonlySet<string>): Keyframe[] {
  return keyframes.filter((k) => !ids.has(k.id));
}

/**
 * Moves the chosen keys by `dt` seconds (a multi-drag). Throws rather than silently merging when a
 * moved key would land on another key's time or before 0; callers snap `dt` to whole frames.
 */
export function moveKeys(keyframes: readonly Keyframe[], ids: ReadonlySet<string>, dt: number): Keyframe[] {
  const moved = keyframes.map((k) =>
    ids.has(k.id) ? { ...k, time: k.time + dt, handles: [...k.handles] as Keyframe['handles'] } : k,
  );
  const early = moved.find((k) => k.time < 0);
  if (early) throw new Error(`Key ${early.id} would move before 0 s.`);
  return sortKeyframes(moved);
}
