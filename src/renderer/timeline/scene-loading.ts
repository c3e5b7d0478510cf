import { toApiError, type MienClient } from '../../shared/api';
import type { Scene } from '../../shared/api/scenes';
import type { History } from '../../shared/history';
import { readStored, writeStored } from '../state/page-globals';
import { sceneAfterDeletion } from './scene-names';
import { flushTimelineSave, forgetSceneSaves, rememberRevision } from './timeline-saving';
import { lastFrame, useTimelineStore } from './timeline-store';

const LAST_SCENE_KEY = 'mien.timeline.scene.';

/** Storage refused: the first scene opens next time. */
const rememberScene = (assetId: string, sceneId: string): void => writeStored(LAST_SCENE_KEY + assetId, sceneId);

const rememberedScene = (assetId: string): string | null => readStored(LAST_SCENE_KEY + assetId);

/**
 * Opens the portrait's scene in the timeline: the one last opened on this portrait, else its first,
 * else a new one ("Scene N"): a portrait always has a scene to animate.
 */
export async function loadPortraitScenes(client: MienClient, projectId: string, assetId: string): Promise<void> {
  const previous = useTimelineStore.getState().scene;
  if (previous) void flushTimelineSave(previous.id);
  useTimelineStore.setState({
    projectId,
    assetId,
    scenes: null,
    scene: null,
    tracks: [],
    selection: new Set(),
    loadError: null,
    playing: false,
  });
  try {
    const all = await client.call('scenes.list', { projectId });
    if (useTimelineStore.getState().assetId !== assetId) return;
    let scenes = all.filter((scene) => scene.assetId === assetId);
    if (scenes.length === 0) {
      // The engine names it ("Scene N", unique in the project) and picks the photo's chosen face.
      scenes = [await client.call('scenes.create', { projectId, assetId })];
      if (useTimelineStore.getState().assetId !== assetId) return;
    }
    const remembered = rememberedScene(assetId);
    const scene = scenes.find((candidate) => candidate.id === remembered) ?? scenes[0]!;
    useTimelineStore.setState({ scenes });
    await openScene(client, scene);
  } catch (error) {
    if (useTimelineStore.getState().assetId !== assetId) return;
    useTimelineStore.setState({ loadError: toApiError(error).message });
  }
}

/** Shows one scene and its stored timeline (waiting for its own unsaved edits first). */
export async function openScene(client: MienClient, scene: Scene): Promise<void> {
  const previous = useTimelineStore.getState().scene;
  if (previous && previous.id !== scene.id) void flushTimelineSave(previous.id);
  await flushTimelineSave(scene.id);
  const timeline = await client.call('timeline.get', { sceneId: scene.id });
  if (useTimelineStore.getState().assetId !== scene.assetId) return;
  rememberRevision(scene.id, timeline.revision);
  rememberScene(scene.assetId, scene.id);
  const frame = Math.min(useTimelineStore.getState().frame, lastFrame(scene));
  useTimelineStore.setState({
    scene,
    tracks: timeline.tracks,
    frame,
    selection: new Set(),
    focused: new Set(),
    saveState: 'saved',
    saveError: null,
    loadError: null,
    playing: false,
  });
}

/** Adds a scene to the portrait ("Scene N") and opens it. */
export async function createScene(client: MienClient): Promise<Scene | null> {
  const { projectId, assetId } = useTimelineStore.getState();
  if (!projectId || !assetId) return null;
  const scene = await client.call('scenes.create', { projectId, assetId });
  useTimelineStore.setState({ scenes: [...(useTimelineStore.getState().scenes ?? []), scene] });
  await openScene(client, scene);
  return scene;
}

/**
 * Deletes a scene of the portrait (asked first by the caller: it cannot be undone, the engine keeps
 * no copy). Its waiting timeline save is sent first so no save arrives after it; its undo steps are
 * dropped (they would patch a scene that is gone). When it was the open scene, the next one opens,
 * else the one before, else none (the panel then offers a new scene). Exports of it stay in the
 * project: their record's scene becomes null (renders.scene_id ON DELETE SET NULL).
 */
export async function deleteScene(client: MienClient, history: History, scene: Scene): Promise<void> {
  await flushTimelineSave(scene.id);
  await client.call('scenes.delete', { id: scene.id });
  forgetSceneSaves(scene.id);
  history.dropScope(scene.id);
  const state = useTimelineStore.getState();
  if (state.assetId !== scene.assetId) return;
  const scenes = state.scenes ?? [];
  const next = sceneAfterDeletion(scenes, scene.id, state.scene?.id ?? null);
  const remaining = scenes.filter((candidate) => candidate.id !== scene.id);
  if (state.scene?.id !== scene.id) {
    useTimelineStore.setState({ scenes: remaining });
    return;
  }
  useTimelineStore.setState({
    scenes: remaining,
    scene: null,
    tracks: [],
    selection: new Set(),
    focused: new Set(),
    frame: 0,
    playing: false,
    saveState: 'saved',
    saveError: null,
  });
  if (next) await openScene(client, next);
}

/**
 * Shows the engine's copy of the open scene again after another panel changed it (the layers
 * panel's mix or retargeting writes the scene and its timeline): the timeline's tracks, revision and
 * length follow, so its next save does not collide with that write. Other scenes are left alone.
 */
export async function reloadOpenScene(client: MienClient, scene: Scene): Promise<void> {
  const open = useTimelineStore.getState().scene;
  if (open?.id !== scene.id) return;
  const scenes = useTimelineStore.getState().scenes;
  useTimelineStore.setState({ scenes: scenes?.map((each) => (each.id === scene.id ? scene : each)) ?? null });
  await openScene(client, scene);
}
