import type { MienClient } from '../../shared/api';
import { toApiError } from '../../shared/api';
import type { Track } from '../../shared/timeline';
import { DebouncedSaver } from '../rig/debounced-saver';
import { onPageEvent } from '../state/page-globals';
import { useTimelineStore } from './timeline-store';

/** Quiet time after an edit before the timeline is saved; a drag costs one save per pause. */
const SAVE_DELAY_MS = 400;

const savers = new Map<string, DebouncedSaver<readonly Track[]>>();
const failures = new Map<string, unknown>();
/** The revision each scene's timeline was last loaded or saved at (timeline.save's baseRevision). */
const revisions = new Map<string, number>();

export function rememberRevision(sceneId: string, revision: number): void {
  revisions.set(sceneId, revision);
}

function saverFor(client: MienClient, sceneId: string): DebouncedSaver<readonly Track[]> {
  let saver = savers.get(sceneId);
  if (saver) return saver;
  saver = new DebouncedSaver<readonly Track[]>(
    async (tracks) => {
      const saved = await client.call('timeline.save', {
        sceneId,
        tracks: [...tracks],
        baseRevision: revisions.get(sceneId) ?? 0,
      });
      revisions.set(sceneId, saved.revision);
    },
    SAVE_DELAY_MS,
    (saveState, error) => {
      if (saveState === 'error') failures.set(sceneId, error);
      else if (saveState === 'saved') failures.delete(sceneId);
      if (useTimelineStore.getState().scene?.id !== sceneId) return;
      useTimelineStore.setState({ saveState, saveError: error ? toApiError(error).message : null });
    },
  );
  savers.set(sceneId, saver);
  return saver;
}

/**
 * Writes a scene's tracks: into the panel at once when that scene is open (keys of the selection
 * that no longer exist leave it), and to the engine after the debounce.
 */
export function writeTracks(client: MienClient, sceneId: string, tracks: readonly Track[]): void {
  const state = useTimelineStore.getState();
  if (state.scene?.id === sceneId) {
    const live = new Set(tracks.flatMap((track) => track.keyframes.map((key) => `${track.parameter}|${key.id}`)));
    const selection = [...state.selection].filter((ref) => live.has(ref));
    useTimelineStore.setState({
      tracks: [...tracks],
      ...(selection.length !== state.selection.size ? { selection: new Set(selection) } : {}),
    });
  }
  saverFor(client, sceneId).schedule(tracks);
}

/** Sends a scene's waiting save now; rejects with the engine's error when it failed (undo waits on this). */
export async function settleTimelineSave(sceneId: string): Promise<void> {
  const saver = savers.get(sceneId);
  if (!saver) return;
  await saver.flush();
  if (saver.state === 'error') throw failures.get(sceneId) ?? new Error('the timeline could not be saved');
}

/** Waits for every scheduled save (before opening another scene's stored timeline). */
export async function flushTimelineSave(sceneId: string): Promise<void> {
  await savers.get(sceneId)?.flush();
}

/** A deleted scene: its saver and revision go, so nothing is ever sent for it again. */
export function forgetSceneSaves(sceneId: string): void {
  savers.delete(sceneId);
  failures.delete(sceneId);
  revisions.delete(sceneId);
}

// A reload or a closing window would drop an edit still inside the debounce.
const sendWaiting = () => {
  for (const saver of savers.values()) saver.flushBeforeUnload();
};
onPageEvent('beforeunload', sendWaiting);
onPageEvent('pagehide', sendWaiting);
