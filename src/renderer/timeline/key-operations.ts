import {
  applyEasing,
  makeKeyframe,
  sortKeyframes,
  type EasingPreset,
  type Keyframe,
  type ParameterId,
  type Track,
} from '../../shared/timeline';
import { parseKeyRef } from './key-refs';

/**
 * Pure operations on the selected keys (a selection is a set of "parameter|keyId" refs); each
 * returns a new track list and leaves its inputs alone, so the old list is the undo state.
 */

export function selectionByTrack(selection: Iterable<string>): Map<ParameterId, Set<string>> {
  const byTrack = new Map<ParameterId, Set<string>>();
  for (const refId of selection) {
    const { parameter, id } = parseKeyRef(refId);
    let ids = byTrack.get(parameter);
    if (!ids) byTrack.set(parameter, (ids = new Set()));
    ids.add(id);
  }
  return byTrack;
}

/** Removes the selected keys; a track left without keys goes (its parameter is static again). */
export function deleteSelected(tracks: readonly Track[], selection: Iterable<string>): Track[] {
  const byTrack = selectionByTrack(selection);
  return tracks
    .map((track) => {
      const ids = byTrack.get(track.parameter);
      return ids ? { parameter: track.parameter, keyframes: track.keyframes.filter((key) => !ids.has(key.id)) } : track;
    })
    .filter((track) => track.keyframes.length > 0);
}

/**
 * Moves the selected keys by `dt` seconds (a multi-drag; callers snap dt). Returns null when a
 * moved key would land before 0 s or on another key's time: the drag then stays where it was.
 */
export function moveSelected(tracks: readonly Track[], selection: Iterable<string>, dt: number): Track[] | null {
  const byTrack = selectionByTrack(selection);
  const next: Track[] = [];
  for (const track of tracks) {
    const ids = byTrack.get(track.parameter);
    if (!ids) {
      next.push(track);
      continue;
    }
    const moved = track.keyframes.map((key) => (ids.has(key.id) ? { ...key, time: roundTime(key.time + dt) } : key));
    if (moved.some((key) => key.time < 0)) return null;
    try {
      next.push({ parameter: track.parameter, keyframes: sortKeyframes(moved) });
    } catch {
      return null;
    }
  }
  return next;
}

/** Times are kept to the microsecond so frame-snapped drags land exactly on frame / fps. */
const roundTime = (time: number): number => Math.round(time * 1e6) / 1e6;

/** Copied keys: per parameter, keys with times relative to the earliest copied key. */
export interface KeyClipboard {
  tracks: Array<{ parameter: ParameterId; keyframes: Keyframe[] }>;
}

export function copySelection(tracks: readonly Track[], selection: Iterable<string>): KeyClipboard | null {
  const byTrack = selectionByTrack(selection);
  const picked = tracks
    .map((track) => ({
      parameter: track.parameter,
      keyframes: track.keyframes.filter((key) => byTrack.get(track.parameter)?.has(key.id)),
    }))
    .filter((track) => track.keyframes.length > 0);
  if (picked.length === 0) return null;
  const start = Math.min(...picked.map((track) => track.keyframes[0]!.time));
  return {
    tracks: picked.map((track) => ({
      parameter: track.parameter,
      keyframes: track.keyframes.map((key) => ({
        ...key,
        time: roundTime(key.time - start),
        handles: [...key.handles],
      })),
    })),
  };
}

/**
 * Pastes copied keys with the earliest at `time` (any scene: keys carry their parameter); a pasted
 * key replaces a key at the same time. Returns the tracks and the refs of the pasted keys.
 */
export function pasteKeys(
  tracks: readonly Track[],
  clipboard: KeyClipboard,
  time: number,
): { tracks: Track[]; pasted: string[] } {
  const next = [...tracks];
  const pasted: string[] = [];
  for (const copied of clipboard.tracks) {
    const index = next.findIndex((track) => track.parameter === copied.parameter);
    const existing = index >= 0 ? next[index]!.keyframes : [];
    const incoming = copied.keyframes.map((key) =>
      makeKeyframe(roundTime(key.time + time), key.value, {
        handles: key.handles,
        type: key.type,
        connectedRight: key.connectedRight,
      }),
    );
    const times = new Set(incoming.map((key) => key.time));
    const keyframes = sortKeyframes([...existing.filter((key) => !times.has(key.time)), ...incoming]);
    for (const key of incoming) pasted.push(`${copied.parameter}|${key.id}`);
    if (index >= 0) next[index] = { parameter: copied.parameter, keyframes };
    else next.push({ parameter: copied.parameter, keyframes });
  }
  return { tracks: next, pasted };
}

/**
 * Applies an easing preset to the segments that start at the selected keys (a key with no key
 * after it has no segment and is left alone). Elastic adds keys.
 */
export function easeSelected(tracks: readonly Track[], selection: Iterable<string>, preset: EasingPreset): Track[] {
  const byTrack = selectionByTrack(selection);
  return tracks.map((track) => {
    const ids = byTrack.get(track.parameter);
    if (!ids) return track;
    let keyframes = track.keyframes;
    // From the last key back: elastic inserts keys after the segment's start, shifting later indices.
    for (let index = keyframes.length - 2; index >= 0; index--) {
      if (ids.has(keyframes[index]!.id)) keyframes = applyEasing(keyframes, index, preset);
    }
    return keyframes === track.keyframes ? track : { parameter: track.parameter, keyframes };
  });
}

/** Replaces one key's handles (the easing editor's handle drag). */
export function setHandles(
  tracks: readonly Track[],
  parameter: ParameterId,
  keyId: string,
  handles: Keyframe['handles'],
): Track[] {
  return tracks.map((track) =>
    track.parameter !== parameter
      ? track
      : {
          parameter,
          keyframes: track.keyframes.map((key) =>
            key.id === keyId ? { ...key, handles: [...handles] as Keyframe['handles'], type: 'bezier' } : key,
          ),
        },
  );
}

/** Sets one key's value (the curve editor's vertical drag). */
export function setKeyValue(tracks: readonly Track[], parameter: ParameterId, keyId: string, value: number): Track[] {
  return tracks.map((track) =>
    track.parameter !== parameter
      ? track
      : { parameter, keyframes: track.keyframes.map((key) => (key.id === keyId ? { ...key, value } : key)) },
  );
}

/** Every key of the tracks as refs (select all). */
export function allKeyRefs(tracks: readonly Track[]): string[] {
  return tracks.flatMap((track) => track.keyframes.map((key) => `${track.parameter}|${key.id}`));
}

/** The selected keys that start a segment (the easing editor edits the first of them). */
export function firstSelectedSegment(
  tracks: readonly Track[],
  selection: ReadonlySet<string>,
): { parameter: ParameterId; from: Keyframe; to: Keyframe } | null {
  for (const track of tracks) {
    for (let index = 0; index < track.keyframes.length - 1; index++) {
      const key = track.keyframes[index]!;
      if (selection.has(`${track.parameter}|${key.id}`)) {
        return { parameter: track.parameter, from: key, to: track.keyframes[index + 1]! };
      }
    }
  }
  return null;
}
