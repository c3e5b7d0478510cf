import { create } from 'zustand';
import { toApiError, type MienClient, type Scene, type ScenePatch } from '../../shared/api';
import type { LayerMix } from '../../shared/generate';
import type { LayersOverlay } from './layer-keying';

/**
 * The layers panel's state for the active portrait: the scene that holds its expression source and
 * layer alphas (the scene the timeline shows, else the portrait's first; one is created when the user first picks a source), and
 * the alphas or source frame shown while a slider drags, before they are saved.
 */
interface LayersState {
  assetId: string | null;
  scene: Scene | null;
  error: string | null;
  /** Alphas on screen during a drag (the preview renders them); null: the scene's. */
  draftMix: LayerMix | null;
  /** The expression video's frame during a drag; null: the scene's. */
  draftFrame: number | null;
  /** The timeline's keyed alphas and source frame at the playhead (layers-overlay.ts); null: none open. */
  overlay: LayersOverlay | null;
}

export const useLayersStore = create<LayersState>()(() => ({
  assetId: null,
  scene: null,
  error: null,
  draftMix: null,
  draftFrame: null,
  overlay: null,
}));

/** The overlay when it is the shown scene's. */
const overlayOf = (state: Pick<LayersState, 'scene' | 'overlay'>): LayersOverlay | null =>
  state.scene && state.overlay?.sceneId === state.scene.id ? state.overlay : null;

/** The alphas shown: the drag's draft, else the scene's static mix with the timeline's keyed alphas at the playhead. */
export function shownLayerMix(state: Pick<LayersState, 'scene' | 'overlay' | 'draftMix'>): LayerMix {
  if (state.draftMix) return state.draftMix;
  return { ...(state.scene?.layerMix ?? {}), ...(overlayOf(state)?.layerMix ?? {}) };
}

/** The source frame the scene holds: the keyed frame at the playhead, else the scene's (no drag's draft). */
export function sceneSourceFrame(state: Pick<LayersState, 'scene' | 'overlay'>): number | null {
  return overlayOf(state)?.sourceFrame ?? state.scene?.expressionSource?.frameIndex ?? null;
}

/** The source frame shown: the drag's draft, else the frame the scene holds. */
export function shownSourceFrame(state: Pick<LayersState, 'scene' | 'overlay' | 'draftFrame'>): number | null {
  return state.draftFrame ?? sceneSourceFrame(state);
}

/**
 * Whether `videoId` is the portrait's expression source (a video: it has a frame). Another frame
 * control of that video (the tracks panel's slider) then shows and picks the same frame.
 */
export function isExpressionSourceVideo(
  state: Pick<LayersState, 'assetId' | 'scene'>,
  portraitId: string | null,
  videoId: string | null,
): boolean {
  const source = state.scene?.expressionSource;
  return (
    videoId !== null &&
    portraitId !== null &&
    state.assetId === portraitId &&
    source?.assetId === videoId &&
    source.frameIndex !== null
  );
}

/** Reads the portrait's scene (the first one of it in the project), or none yet. */
export async function loadLayersScene(
  client: MienClient,
  projectId: string,
  assetId: string,
  /** The scene the timeline shows, so both panels (and masks) edit one scene. */
  preferredSceneId?: string,
): Promise<void> {
  useLayersStore.setState({ assetId, scene: null, error: null, draftMix: null, draftFrame: null });
  try {
    const scenes = await client.call('scenes.list', { projectId });
    if (useLayersStore.getState().assetId !== assetId) return;
    const shown = scenes.find((scene) => scene.id === preferredSceneId && scene.assetId === assetId);
    useLayersStore.setState({ scene: shown ?? scenes.find((scene) => scene.assetId === assetId) ?? null });
  } catch (error) {
    useLayersStore.setState({ error: toApiError(error).message });
  }
}

/** The portrait's scene, created on first use. */
export async function ensureLayersScene(client: MienClient, projectId: string, assetId: string): Promise<Scene> {
  const current = useLayersStore.getState();
  if (current.assetId === assetId && current.scene) return current.scene;
  const scene = await client.call('scenes.create', { projectId, assetId });
  if (useLayersStore.getState().assetId === assetId) useLayersStore.setState({ scene });
  return scene;
}

/** Saves a change of the scene and shows the saved scene. */
export async function writeScenePatch(client: MienClient, sceneId: string, patch: ScenePatch): Promise<void> {
  const scene = await client.call('scenes.update', { id: sceneId, patch });
  const state = useLayersStore.getState();
  if (state.scene?.id === sceneId) {
    useLayersStore.setState({ scene, draftMix: null, draftFrame: draftFrameAfterSave(state, scene) });
  }
  // The timeline may show the same scene: its copy (and, after a retarget, its tracks) follow.
  await sceneWritten?.(client, scene);
}

/**
 * The draft frame left once `saved` is on screen: none, unless the frame slider has moved on since
 * the pick being saved (fast arrow keys, a drag resumed) in the same video. Then the newer draft
 * stays: dropping it would show the older saved frame, and the next key would step from there.
 */
function draftFrameAfterSave(before: Pick<LayersState, 'scene' | 'draftFrame'>, saved: Scene): number | null {
  const draft = before.draftFrame;
  const source = saved.expressionSource;
  if (draft === null || !source || source.frameIndex === null || source.frameIndex === draft) return null;
  return before.scene?.expressionSource?.assetId === source.assetId ? draft : null;
}

type SceneWrittenListener = (client: MienClient, scene: Scene) => Promise<void>;
let sceneWritten: SceneWrittenListener | null = null;

/** Who shows the scene elsewhere (the timeline) hears of each write; returns the unsubscribe. */
export function onSceneWritten(listener: SceneWrittenListener): () => void {
  sceneWritten = listener;
  return () => {
    if (sceneWritten === listener) sceneWritten = null;
  };
}

/**
 * What the preview renders now: the draft while dragging, else the timeline's keyed alphas and
 * frame at the playhead over the saved scene, else (nothing given) the saved scene.
 */
export function layersPreviewInputs(
  assetId: string,
  state: LayersState = useLayersStore.getState(),
): { sceneId: string; layerMix?: LayerMix; sourceFrame?: number } | null {
  const { assetId: shown, scene, draftMix, draftFrame } = state;
  if (shown !== assetId || !scene || !scene.expressionSource) return null;
  const overlay = overlayOf(state);
  const keyedMix = overlay !== null && Object.keys(overlay.layerMix).length > 0;
  const frame = draftFrame ?? overlay?.sourceFrame ?? null;
  return {
    sceneId: scene.id,
    ...(draftMix || keyedMix ? { layerMix: shownLayerMix(state) } : {}),
    ...(frame !== null ? { sourceFrame: frame } : {}),
  };
}
