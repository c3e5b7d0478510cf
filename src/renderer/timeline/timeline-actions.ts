import type { ParameterId } from '../../shared/timeline';
import { useRigPanelStore } from '../rig/rig-panel-store';
import { withKey } from './auto-key';
import { layerStaticValue } from './layer-rows';
import { allKeyRefs, copySelection, deleteSelected, pasteKeys, type KeyClipboard } from './key-operations';
import { keyPose, replacedStaticsOf } from './key-pose';
import type { TimelineEdits } from './timeline-edits';
import { lastFrame, playheadSeconds, seekFrame, useTimelineStore } from './timeline-store';
import { frameRange } from './time-view';

/**
 * What the timeline's buttons and shortcuts do, in one place so a key and its button cannot drift.
 * Edits go through TimelineEdits (undoable); playhead, selection and view are not undo steps.
 */

/** Copied keys, shared by every scene of every project in this window (paste across scenes). */
let clipboard: KeyClipboard | null = null;

export function hasClipboard(): boolean {
  return clipboard !== null;
}

export function stepFrames(frames: number): void {
  useTimelineStore.setState({ playing: false });
  seekFrame(useTimelineStore.getState().frame + frames);
}

export function goToStart(): void {
  useTimelineStore.setState({ playing: false });
  seekFrame(0);
}

export function goToEnd(): void {
  const { scene } = useTimelineStore.getState();
  useTimelineStore.setState({ playing: false });
  if (scene) seekFrame(lastFrame(scene));
}

/**
 * K: keys at the playhead with the values shown now (key-pose.ts): the tracks picked in the track
 * list; else the whole pose (every animated track and every control away from the photo's own
 * expression, the other poses kept as they were). One undo step.
 */
export function keyAtPlayhead(edits: TimelineEdits): void {
  const state = useTimelineStore.getState();
  const scene = state.scene;
  if (!scene) return;
  const { shown, baseline, values } = useRigPanelStore.getState();
  const { tracks, keyed } = keyPose({
    tracks: state.tracks,
    picked: [...state.focused],
    shown,
    baseline,
    staticValues: values,
    replaced: replacedStaticsOf(scene.id),
    time: playheadSeconds(state),
    layerStatic: (parameter) => layerStaticValue(parameter, scene),
  });
  if (keyed.length > 0) edits.edit(keyed.length === 1 ? 'add key' : 'add keys', tracks);
}

/**
 * The key button of one slider: adds a key at the playhead with the value the slider shows
 * (`shownValue`), or removes the key that is there.
 */
export function toggleKey(edits: TimelineEdits, parameter: ParameterId, label: string, shownValue: () => number): void {
  const state = useTimelineStore.getState();
  if (!state.scene) return;
  const time = playheadSeconds(state);
  const track = state.tracks.find((candidate) => candidate.parameter === parameter);
  const existing = track?.keyframes.find((key) => Math.abs(key.time - time) < 1e-9);
  if (existing) {
    edits.edit(`remove key of ${label}`, deleteSelected(state.tracks, [`${parameter}|${existing.id}`]));
    return;
  }
  edits.edit(`key ${label}`, withKey(state.tracks, parameter, time, shownValue()));
}

export function deleteSelection(edits: TimelineEdits): void {
  const { selection, tracks } = useTimelineStore.getState();
  if (selection.size === 0) return;
  edits.edit(selection.size === 1 ? 'delete key' : 'delete keys', deleteSelected(tracks, selection));
  useTimelineStore.setState({ selection: new Set() });
}

export function copyKeys(): boolean {
  const { selection, tracks } = useTimelineStore.getState();
  const copied = copySelection(tracks, selection);
  if (copied) clipboard = copied;
  return copied !== null;
}

/** Pastes at the playhead (in whichever scene is open now); the pasted keys become the selection. */
export function pasteKeysAtPlayhead(edits: TimelineEdits): void {
  const state = useTimelineStore.getState();
  if (!clipboard || !state.scene) return;
  const { tracks, pasted } = pasteKeys(state.tracks, clipboard, playheadSeconds(state));
  edits.edit(pasted.length === 1 ? 'paste key' : 'paste keys', tracks);
  useTimelineStore.setState({ selection: new Set(pasted) });
}

export function selectAllKeys(): void {
  useTimelineStore.setState({ selection: new Set(allKeyRefs(useTimelineStore.getState().tracks)) });
}

/** F: the whole scene (and any key past its end) across the lanes' width. */
export function frameAll(width: number): void {
  const { scene, tracks } = useTimelineStore.getState();
  if (!scene) return;
  const lastKey = Math.max(0, ...tracks.flatMap((track) => track.keyframes.map((key) => key.time)));
  useTimelineStore.setState({ view: frameRange(0, Math.max(scene.durationSeconds, lastKey), width) });
}
