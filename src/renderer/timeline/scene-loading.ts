import { toApiError, type MienClient } from '../../shared/api';
import type { Scene } from '../../shared/api/scenes';
import type { Track } from '../../shared/timeline';
import { readMaskPng, sceneMasksWritten, writeMask } from '../masks/mask-writes';
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

/** Adds a scene to the portrait (the engine names it "Scene N") and opens it. Undoable through addSceneCommand. */
export async function addScene(client: MienClient, projectId: string, assetId: string): Promise<Scene> {
  const scene = await client.call('scenes.create', { projectId, assetId });
  const state = useTimelineStore.getState();
  if (state.assetId !== assetId) return scene;
  useTimelineStore.setState({ scenes: [...(state.scenes ?? []), scene] });
  await openScene(client, scene);
  return scene;
}

/** A deleted scene as the engine had it: what scenes.restore and masks.set need to put it back exactly. */
export interface SceneSnapshot {
  scene: Scene;
  tracks: Track[];
  /** Its painted layer masks, as the stored PNGs. */
  masks: { layer: string; png: Uint8Array }[];
}

/** The scene's record, keys and masks as the engine has them (after the waiting saves). */
async function snapshotOf(client: MienClient, scene: Scene): Promise<SceneSnapshot> {
  await Promise.all([flushTimelineSave(scene.id), sceneMasksWritten(scene.id)]);
  const [listed, timeline, masks] = await Promise.all([
    client.call('scenes.list', { projectId: scene.projectId }),
    client.call('timeline.get', { sceneId: scene.id }),
    client.call('masks.list', { sceneId: scene.id }),
  ]);
  return {
    scene: listed.find((candidate) => candidate.id === scene.id) ?? scene,
    tracks: timeline.tracks,
    masks: await Promise.all(masks.map(async (mask) => ({ layer: mask.layer, png: await readMaskPng(client, mask) }))),
  };
}

/**
 * Deletes a scene of the portrait and returns its snapshot (undo restores it: deleteSceneCommand).
 * Its waiting timeline and mask saves are sent first, so the snapshot has every key and stroke and
 * no save arrives after the deletion; the scene, its keys and its masks are read back from the
 * engine (the layers panel writes the mix). Nothing is deleted unless the snapshot was read. When
 * it was the open scene, the next one opens, else the one before, else none (the panel then offers
 * a new scene). Its undo steps stay: they are reachable again once it is restored.
 * Exports of it stay in the project with no scene (renders.scene_id ON DELETE SET NULL).
 */
export async function removeScene(client: MienClient, scene: Scene): Promise<SceneSnapshot> {
  const snapshot = await snapshotOf(client, scene);
  await client.call('scenes.delete', { id: scene.id });
  forgetSceneSaves(scene.id);
  const state = useTimelineStore.getState();
  if (state.assetId !== scene.assetId) return snapshot;
  const scenes = state.scenes ?? [];
  const next = sceneAfterDeletion(scenes, scene.id, state.scene?.id ?? null);
  const remaining = scenes.filter((candidate) => candidate.id !== scene.id);
  if (state.scene?.id !== scene.id) {
    useTimelineStore.setState({ scenes: remaining });
    return snapshot;
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
  return snapshot;
}

/**
 * Puts a deleted scene back (scenes.restore: same id, name, place, settings and keys; then its
 * masks) and shows it: the scene menu lists it where it was and it opens. With another portrait open
 * it becomes the scene that portrait opens with. A mask that cannot be stored deletes the scene
 * again, so a failed undo leaves things as they were and can be tried again.
 */
export async function restoreScene(client: MienClient, snapshot: SceneSnapshot): Promise<Scene> {
  const { scene, tracks } = snapshot;
  const restored = await client.call('scenes.restore', { scene, tracks });
  try {
    for (const mask of snapshot.masks) await writeMask(client, restored.id, mask.layer, mask.png);
  } catch (error) {
    await client.call('scenes.delete', { id: restored.id }).catch(() => undefined);
    throw error;
  }
  rememberRevision(restored.id, 0);
  rememberScene(restored.assetId, restored.id);
  if (useTimelineStore.getState().assetId !== restored.assetId) return restored;
  const listed = await client.call('scenes.list', { projectId: restored.projectId });
  if (useTimelineStore.getState().assetId !== restored.assetId) return restored;
  useTimelineStore.setState({ scenes: listed.filter((candidate) => candidate.assetId === restored.assetId) });
  await openScene(client, restored);
  return restored;
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
