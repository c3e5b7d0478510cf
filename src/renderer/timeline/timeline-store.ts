import { create } from 'zustand';
import type { Scene } from '../../shared/api/scenes';
import { frameTime, sceneFrameTotal, type ParameterId, type Track } from '../../shared/timeline';
import type { SaveState } from '../rig/debounced-saver';
import { readStored, writeStored } from '../state/page-globals';
import type { ReplacedStatics } from './key-pose';
import type { TimelineGroupId } from './parameters';

export { keyRefId, parseKeyRef, type KeyRef } from './key-refs';
import type { TimeView } from './time-view';
export type { TimeView } from './time-view';

const OPEN_KEY = 'mien.timeline.open';

export type TimelineMode = 'dope' | 'curves';

interface TimelineState {
  /** The dock is expanded (remembered across reloads). */
  open: boolean;
  projectId: string | null;
  assetId: string | null;
  /** The portrait's scenes, once listed. */
  scenes: Scene[] | null;
  scene: Scene | null;
  /** The open scene's tracks as the user sees them (saved after a debounce). */
  tracks: Track[];
  loadError: string | null;
  saveState: SaveState;
  saveError: string | null;
  /** The playhead, a whole frame of the scene. */
  frame: number;
  playing: boolean;
  selection: ReadonlySet<string>;
  view: TimeView;
  collapsed: ReadonlySet<TimelineGroupId>;
  /** Tracks picked in the track list (the curve editor shows these). */
  focused: ReadonlySet<ParameterId>;
  mode: TimelineMode;
  /** Drags snap to frames always, and to other keys and the playhead when this is on. */
  snapToKeys: boolean;
  /**
   * What rig controls without keys showed at a scene's keys before an edit at another time changed
   * their static value (this session only): K holds them there when it keys them (key-pose.ts).
   */
  replacedStatics: ReplacedStatics | null;
  setOpen(open: boolean): void;
}

const readOpen = (): boolean => readStored(OPEN_KEY) === '1';

export const useTimelineStore = create<TimelineState>()((set) => ({
  open: readOpen(),
  projectId: null,
  assetId: null,
  scenes: null,
  scene: null,
  tracks: [],
  loadError: null,
  saveState: 'saved',
  saveError: null,
  frame: 0,
  playing: false,
  selection: new Set(),
  view: { startSeconds: 0, pxPerSecond: 160 },
  collapsed: new Set(),
  focused: new Set(),
  mode: 'dope',
  snapToKeys: true,
  replacedStatics: null,
  setOpen: (open) => {
    writeStored(OPEN_KEY, open ? '1' : '0');
    set(open ? { open } : { open, playing: false });
  },
}));

/** The playhead's time in seconds (frame / fps of the open scene). */
export function playheadSeconds(state: Pick<TimelineState, 'frame' | 'scene'>): number {
  return state.scene ? frameTime(state.frame, state.scene.fps) : 0;
}

/** The scene's last frame: a 3 s scene at 30 fps has frames 0..89, as the export renders them. */
export function lastFrame(scene: Scene): number {
  return sceneFrameTotal(scene.durationSeconds, scene.fps) - 1;
}

/** Moves the playhead to a frame, kept within the scene. */
export function seekFrame(frame: number): void {
  const { scene } = useTimelineStore.getState();
  if (!scene) return;
  const clamped = Math.min(lastFrame(scene), Math.max(0, Math.round(frame)));
  if (clamped !== useTimelineStore.getState().frame) useTimelineStore.setState({ frame: clamped });
}

export function trackOf(tracks: readonly Track[], parameter: ParameterId): Track | undefined {
  return tracks.find((track) => track.parameter === parameter);
}
