import { create } from 'zustand';
import type { ClampedValue, MienClient, RigPreset, RigState } from '../../shared/api';
import { toApiError } from '../../shared/api';
import { clampHeadRotation } from '../../shared/rig';
import { DebouncedSaver, type SaveState } from './debounced-saver';
import {
  applyOverlay,
  sameOverlay,
  zeroValues,
  type AnimatedValues,
  type ClampNotes,
  type RigValues,
} from './rig-values';

/** Milliseconds of quiet before an edit is written to the engine; the viewport does not wait for it. */
const SAVE_DELAY_MS = 300;
const OPEN_KEY = 'mien.rigPanel.open';

interface RigPanelState {
  /** The dock is expanded (remembered across reloads). */
  open: boolean;
  /** Left/right twins move together. */
  linked: boolean;
  view: '3d' | 'photo';
  projectId: string | null;
  assetId: string | null;
  /** What rig.get returned for the open asset; null while loading. */
  rig: RigState | null;
  loadError: string | null;
  /** Values reset returns to: the photo's fitted expression and head, or rest. */
  baseline: RigValues;
  /** The portrait's static rig state (what rig.setCoefficients stores). */
  values: RigValues;
  /**
   * Animated values at the timeline's playhead (parameters with a track), or null without an open
   * scene. They override `values` in what the panel, the 3D view and the preview show.
   */
  overlay: AnimatedValues | null;
  /** What is on screen: `values` with the overlay applied (the same object as `values` without one). */
  shown: RigValues;
  notes: ClampNotes;
  saveState: SaveState;
  saveError: string | null;
  presets: RigPreset[];
  setOpen(open: boolean): void;
  setLinked(linked: boolean): void;
  setView(view: '3d' | 'photo'): void;
  /** Local edit: the viewport and sliders follow at once; the engine gets it through the saver. */
  setLocal(values: RigValues, notes?: ClampNotes): void;
  /** The timeline's values at the playhead (null: no animation); see `overlay`. */
  setOverlay(overlay: AnimatedValues | null): void;
}

const readOpen = (): boolean => {
  try {
    return window.localStorage.getItem(OPEN_KEY) === '1';
  } catch {
    return false;
  }
};

export const useRigPanelStore = create<RigPanelState>()((set) => ({
  open: readOpen(),
  linked: true,
  view: '3d',
  projectId: null,
  assetId: null,
  rig: null,
  loadError: null,
  baseline: zeroValues(),
  values: zeroValues(),
  overlay: null,
  shown: zeroValues(),
  notes: {},
  saveState: 'saved',
  saveError: null,
  presets: [],
  setOpen: (open) => {
    try {
      window.localStorage.setItem(OPEN_KEY, open ? '1' : '0');
    } catch {
      // Private windows may refuse storage; the panel then just forgets.
    }
    set({ open });
  },
  setLinked: (linked) => set({ linked }),
  setView: (view) => set({ view }),
  setLocal: (values, notes) =>
    set((state) => ({ values, shown: applyOverlay(values, state.overlay), ...(notes ? { notes } : {}) })),
  setOverlay: (overlay) =>
    set((state) =>
      sameOverlay(state.overlay, overlay) ? {} : { overlay, shown: applyOverlay(state.values, overlay) },
    ),
}));

/** Notes of values the engine clamped (another client may send what this UI never would). */
function mergeEngineClamps(notes: ClampNotes, clamped: readonly ClampedValue[]): ClampNotes {
  if (clamped.length === 0) return notes;
  const next = { ...notes };
  for (const { name, given, used } of clamped) next[name] = { given, used };
  return next;
}

const savers = new Map<string, DebouncedSaver<RigValues>>();
/** The failure of each asset's latest save, until a save succeeds (see settleRigSave). */
const saveFailures = new Map<string, unknown>();

/** One saver per asset, so an undo of an edit on another photo still reaches that photo's rig. */
function saverFor(client: MienClient, assetId: string): DebouncedSaver<RigValues> {
  let saver = savers.get(assetId);
  if (saver) return saver;
  saver = new DebouncedSaver<RigValues>(
    async (values) => {
      const result = await client.call('rig.setCoefficients', {
        assetId,
        coefficients: values.coefficients,
        head: values.head,
      });
      const state = useRigPanelStore.getState();
      if (state.assetId === assetId && result.clamped.length > 0) {
        useRigPanelStore.setState({ notes: mergeEngineClamps(state.notes, result.clamped) });
      }
    },
    SAVE_DELAY_MS,
    (saveState, error) => {
      if (saveState === 'error') saveFailures.set(assetId, error);
      else if (saveState === 'saved') saveFailures.delete(assetId);
      if (useRigPanelStore.getState().assetId !== assetId) return;
      useRigPanelStore.setState({ saveState, saveError: error ? toApiError(error).message : null });
    },
  );
  savers.set(assetId, saver);
  return saver;
}

/**
 * Writes an asset's rig values: into the panel at once when that asset is open (dropping clamp
 * notes the values no longer show), and to the engine after the debounce.
 */
export function writeRigValues(client: MienClient, assetId: string, values: RigValues): void {
  const state = useRigPanelStore.getState();
  if (state.assetId === assetId) {
    const notes: Record<string, { given: number; used: number }> = {};
    for (const [name, note] of Object.entries(state.notes)) {
      const current =
        name in values.head ? values.head[name as keyof RigValues['head']] : values.coefficients[name as never];
      if (current === note.used) notes[name] = note;
    }
    useRigPanelStore.setState({ values, shown: applyOverlay(values, state.overlay), notes });
  }
  saverFor(client, assetId).schedule(values);
}

/** Waits until every scheduled save has reached the engine. */
export async function flushRigSaves(): Promise<void> {
  await Promise.all([...savers.values()].map((saver) => saver.flush()));
}

/**
 * Sends an asset's waiting rig values now and resolves once the engine has them; rejects with the
 * engine's error when that save failed. Undo and redo wait on this, so a failed save fails them.
 */
export async function settleRigSave(assetId: string): Promise<void> {
  const saver = savers.get(assetId);
  if (!saver) return;
  await saver.flush();
  if (saver.state === 'error') throw saveFailures.get(assetId) ?? new Error('the rig could not be saved');
}

// A reload or a closing window would drop an edit still inside the debounce: send it before the page goes.
if (typeof window !== 'undefined') {
  const sendWaitingSaves = () => {
    for (const saver of savers.values()) saver.flushBeforeUnload();
  };
  window.addEventListener('beforeunload', sendWaitingSaves);
  window.addEventListener('pagehide', sendWaitingSaves);
}

const valuesOf = (rig: RigState): RigValues => ({ coefficients: rig.coefficients, head: rig.head });

/** Opens an asset's rig in the panel: its stored values, its baseline and the project's presets. */
export async function loadRigAsset(client: MienClient, projectId: string, assetId: string): Promise<void> {
  const previous = useRigPanelStore.getState().assetId;
  if (previous && previous !== assetId) void savers.get(previous)?.flush();
  useRigPanelStore.setState({
    projectId,
    assetId,
    rig: null,
    loadError: null,
    notes: {},
    saveState: savers.get(assetId)?.state ?? 'saved',
    saveError: null,
  });
  try {
    // Edits still on their way would otherwise be overwritten by the older stored state.
    await savers.get(assetId)?.flush();
    const [rig, presets] = await Promise.all([
      client.call('rig.get', { assetId }),
      client.call('presets.list', { projectId }),
    ]);
    if (useRigPanelStore.getState().assetId !== assetId) return;
    const baseline = rig.fit
      ? {
          coefficients: rig.fit.coefficients,
          head: clampHeadRotation({
            yawDeg: rig.fit.pose.yawDeg,
            pitchDeg: rig.fit.pose.pitchDeg,
            rollDeg: rig.fit.pose.rollDeg,
          }).head,
        }
      : zeroValues();
    const view = rig.fit ? useRigPanelStore.getState().view : '3d';
    const values = valuesOf(rig);
    const shown = applyOverlay(values, useRigPanelStore.getState().overlay);
    useRigPanelStore.setState({ rig, presets, baseline, values, shown, view });
  } catch (error) {
    if (useRigPanelStore.getState().assetId !== assetId) return;
    useRigPanelStore.setState({ loadError: toApiError(error).message });
  }
}

export async function reloadPresets(client: MienClient, projectId: string): Promise<void> {
  const presets = await client.call('presets.list', { projectId });
  if (useRigPanelStore.getState().projectId === projectId) useRigPanelStore.setState({ presets });
}
