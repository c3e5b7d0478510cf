import { useEffect, useMemo, useState } from 'react';
import type { Asset, InstalledModelView, ScenePatch } from '../../shared/api';
import { EXPRESSION_DETAIL_LAYER_ID, TRANSFER_LAYERS, type LayerMix } from '../../shared/generate';
import { layerParameter, SOURCE_FRAME_PARAMETER } from '../../shared/timeline';
import { useServices } from '../app-services';
import { ParameterKeyButton } from '../timeline/ParameterKeyButton';
import { reloadOpenScene } from '../timeline/scene-loading';
import { TimelineEdits } from '../timeline/timeline-edits';
import { playheadSeconds, useTimelineStore } from '../timeline/timeline-store';
import { reportError } from '../state/notices-store';
import { useTrackSets } from '../tracks/use-track-sets';
import { backendChoices, isStyleBackend, WARP_BACKEND } from './backends';
import { LayerAlphaRow } from './LayerAlphaRow';
import { splitLayerEdit } from './layer-keying';
import { syncLayersOverlay } from './layers-overlay';
import { loadLayersScene, onSceneWritten, sceneSourceFrame, shownLayerMix, useLayersStore } from './layers-store';
import { pickSourceFrame } from './pick-source-frame';
import { retargetToTimelineCommand } from './retarget-to-timeline';
import { changeLayersScene } from './scene-edit';
import { chosenSourceLabel, NO_SOURCE_LABEL, sourceLabel } from './source-label';
import { StyleLayers } from './StyleLayers';
import { useFramePick } from './use-frame-pick';
import './layers.css';

/**
 * The layers panel (issue 9): the portrait's expression source (another photo, or a frame of a
 * driving video with its neutral frame) and one alpha per generator layer, mixing the portrait's
 * own expression (0) with the source's (1). Saved in the portrait's scene (scenes.update); each
 * change is one undo step, a slider drag included. While a slider drags, the live preview renders
 * the dragged alphas (render.update's layerMix) before anything is saved.
 *
 * A layer alpha or the source frame with keys on the timeline (its ◆ keys it) shows its value at the
 * playhead, and moving its slider keys it there (auto-key, one undo step per drag), as the rig's do.
 *
 * The backend (issue 12): the built-in warp or an installed style model (Scene.generator). With a
 * style model the panel shows its per-layer style sliders instead of the warp's; both backends'
 * alphas and the expression source stay in the scene, so switching back loses nothing.
 */
export function LayersPanel({
  projectId,
  portrait,
  assets,
}: {
  projectId: string;
  portrait: Asset;
  assets: readonly Asset[];
}) {
  const services = useServices();
  const { client, history } = services;
  const trackSets = useTrackSets(projectId).sets ?? [];
  const scene = useLayersStore((state) => (state.assetId === portrait.id ? state.scene : null));
  const draftMix = useLayersStore((state) => state.draftMix);
  const overlay = useLayersStore((state) => state.overlay);
  // A new object per call: computed here, not in the store selector (which must return stable values).
  const shownMix = useMemo(() => shownLayerMix({ scene, overlay, draftMix }), [scene, overlay, draftMix]);
  // Not the drag's draft: the frame slider compares its draft with this to know whether the drag's
  // end changes anything.
  const sceneFrame = useLayersStore(sceneSourceFrame);
  const error = useLayersStore((state) => state.error);
  const edits = useMemo(() => new TimelineEdits(client, history), [client, history]);
  const [dragFrom, setDragFrom] = useState<LayerMix | null>(null);
  const [models, setModels] = useState<InstalledModelView[]>([]);

  useEffect(() => {
    let current = true;
    client
      .call('models.list', {})
      .then((listed) => current && setModels(listed.models))
      .catch((caught: unknown) => current && reportError('Could not list the installed models', caught));
    return () => {
      current = false;
    };
  }, [client]);

  useEffect(() => {
    void loadLayersScene(client, projectId, portrait.id, useTimelineStore.getState().scene?.id);
  }, [client, projectId, portrait.id]);
  useEffect(() => onSceneWritten(reloadOpenScene), []);
  useEffect(() => syncLayersOverlay(), []);

  // Another scene opened in the timeline (or the timeline made the portrait's first scene after this
  // panel looked): the layers (and their masks) are that scene's, so each layer's Mask button works
  // as soon as the portrait has a scene, expression source or not. When the timeline deleted this
  // panel's scene and opened none, the panel has none either (the next edit creates one).
  const timelineScene = useTimelineStore((state) => state.scene);
  const timelineScenes = useTimelineStore((state) => (state.assetId === portrait.id ? state.scenes : null));
  const shownSceneId = scene?.id;
  useEffect(() => {
    const layers = useLayersStore.getState();
    if (layers.assetId !== portrait.id) return;
    if (timelineScene?.assetId === portrait.id) {
      if (layers.scene?.id !== timelineScene.id) {
        useLayersStore.setState({ scene: timelineScene, draftMix: null, draftFrame: null });
      }
      return;
    }
    const deleted = layers.scene && timelineScenes && !timelineScenes.some((each) => each.id === layers.scene!.id);
    if (deleted) useLayersStore.setState({ scene: null, draftMix: null, draftFrame: null });
  }, [timelineScene, timelineScenes, portrait.id, shownSceneId]);

  const source = scene?.expressionSource ?? null;
  const sources = assets.filter((asset) => asset.id !== portrait.id);
  const sourceAsset = source ? assets.find((asset) => asset.id === source.assetId) : undefined;
  const frames =
    sourceAsset?.kind === 'video'
      ? (trackSets.find((set) => set.source.assetId === sourceAsset.id)?.frameCount ?? 0)
      : 0;
  const savedMix = scene?.layerMix ?? {};
  const alphaOf = (mix: LayerMix, id: string) => mix[id] ?? TRANSFER_LAYERS.find((l) => l.id === id)!.defaultAlpha;

  const backend = scene?.generator ?? WARP_BACKEND;
  const choices = backendChoices(models, backend);

  /** One undo step from the scene's current fields to `to`. */
  const change = (label: string, to: ScenePatch, from?: ScenePatch) =>
    changeLayersScene(services, { projectId, assetId: portrait.id }, label, to, from);

  const pickSource = (assetId: string) => {
    const picked = assets.find((asset) => asset.id === assetId);
    void change('choose the expression source', {
      expressionSource: picked
        ? { assetId: picked.id, frameIndex: picked.kind === 'video' ? 0 : null, neutralFrameIndex: null }
        : null,
    });
  };

  /** The open timeline scene's tracks and playhead time, when it is this panel's scene (auto-key applies). */
  const animationOfScene = () => {
    const timeline = useTimelineStore.getState();
    if (!scene || timeline.scene?.id !== scene.id) return null;
    return { tracks: timeline.tracks, time: playheadSeconds(timeline) };
  };

  const dragAlpha = (id: string, value: number) => {
    if (!dragFrom) setDragFrom(shownMix);
    useLayersStore.setState({ draftMix: { ...shownMix, [id]: value } });
  };
  /** A drag's end: keys for animated layers (one timeline step), the static mix for the others. */
  const endDrag = (label: string) => {
    const draft = useLayersStore.getState().draftMix;
    const from = dragFrom ?? shownMix;
    setDragFrom(null);
    if (!draft || JSON.stringify(draft) === JSON.stringify(from)) return;
    const animation = animationOfScene();
    const split = splitLayerEdit(savedMix, from, draft, animation?.tracks ?? [], animation?.time ?? 0);
    if (split.tracksTo) {
      // The keys show at once (the overlay follows the tracks), so the draft can go.
      edits.edit(label, split.tracksTo);
      useLayersStore.setState({ draftMix: null });
    }
    if (split.staticTo) void change(label, { layerMix: split.staticTo }, { layerMix: savedMix });
  };
  const pickFrame = (frameIndex: number) => pickSourceFrame(services, { projectId, assetId: portrait.id }, frameIndex);

  return (
    <section className="layers-panel" aria-label="Layers">
      <div className="panel-header">
        <h2 className="panel-header__title">Layers</h2>
      </div>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      <label className="layers-panel__field">
        <span>Backend</span>
        <select
          aria-label="Backend"
          value={backend}
          onChange={(event) => {
            const picked = choices.find((choice) => choice.id === event.target.value);
            if (picked) void change(`use ${picked.label}`, { generator: picked.id });
          }}
        >
          {choices.map((choice) => (
            <option key={choice.id} value={choice.id} disabled={choice.missing}>
              {choice.label}
            </option>
          ))}
        </select>
      </label>
      <label className="layers-panel__field">
        <span>Expression from</span>
        <select
          aria-label="Expression source"
          value={source?.assetId ?? ''}
          // A long file name is cut short with an ellipsis in a narrow sidebar: the tooltip has it whole.
          title={chosenSourceLabel(source, assets)}
          onChange={(event) => pickSource(event.target.value)}
        >
          <option value="">{NO_SOURCE_LABEL}</option>
          {source && !sourceAsset && (
            // The scene still names a source whose file was deleted: shown as chosen, not pickable.
            <option value={source.assetId} disabled>
              {chosenSourceLabel(source, assets)}
            </option>
          )}
          {sources.map((asset) => (
            <option key={asset.id} value={asset.id}>
              {sourceLabel(asset)}
            </option>
          ))}
        </select>
      </label>
      {source && sourceAsset?.kind === 'video' && (
        <VideoFrames
          frameCount={frames}
          frame={sceneFrame ?? 0}
          neutral={source.neutralFrameIndex}
          onFrame={pickFrame}
          onNeutral={(neutralFrameIndex) =>
            void change('pick the neutral frame', { expressionSource: { ...source, neutralFrameIndex } })
          }
        />
      )}
      {!isStyleBackend(backend) && source && sourceAsset?.kind === 'video' && scene && frames > 0 && (
        <button
          type="button"
          className="button button--small layers-panel__retarget"
          onClick={() => {
            retargetToTimelineCommand(client, { projectId, assetId: portrait.id, scene })
              .then((command) => history.execute(command))
              .catch((caught: unknown) => reportError('Could not retarget the video', caught));
          }}
        >
          Retarget the whole video onto the timeline
        </button>
      )}
      {!source && !isStyleBackend(backend) && (
        <p className="panel-hint">Choose a photo or a video to take the expression from; then mix it per layer.</p>
      )}
      {isStyleBackend(backend) && (
        <StyleLayers
          key={backend}
          projectId={projectId}
          synthesisId={backend}
          installed={!choices.find((choice) => choice.id === backend)?.missing}
        />
      )}
      <ul className="layers-panel__layers" hidden={isStyleBackend(backend)}>
        {TRANSFER_LAYERS.map((layer) => {
          const alpha = alphaOf(shownMix, layer.id);
          // The detail layer reads the source photo's pixels; a video's frames are not decoded per frame.
          const needsPhoto = layer.id === EXPRESSION_DETAIL_LAYER_ID && sourceAsset?.kind === 'video';
          return (
            <LayerAlphaRow
              key={layer.id}
              layer={
                needsPhoto ? { ...layer, controls: `${layer.controls} Needs a photo as the expression source.` } : layer
              }
              alpha={alpha}
              step={0.01}
              disabled={!source || needsPhoto}
              sceneId={scene?.id}
              keyButton={
                <ParameterKeyButton
                  parameter={layerParameter(layer.id)}
                  label={layer.name}
                  shownValue={() => alphaOf(shownLayerMix(useLayersStore.getState()), layer.id)}
                  testId={`layer-key-button-${layer.id}`}
                  disabled={!source || needsPhoto}
                />
              }
              onDrag={(value) => dragAlpha(layer.id, value)}
              onEnd={() =>
                endDrag(
                  `set ${layer.name} to ${Math.round(alphaOf(shownLayerMix(useLayersStore.getState()), layer.id) * 100)}%`,
                )
              }
            />
          );
        })}
      </ul>
    </section>
  );
}

function VideoFrames({
  frameCount,
  frame,
  neutral,
  onFrame,
  onNeutral,
}: {
  frameCount: number;
  frame: number;
  neutral: number | null;
  onFrame(frame: number): void;
  onNeutral(frame: number | null): void;
}) {
  // The store's draft, not one of this slider's own: the tracks panel's slider of the same video
  // drags it too, and each slider shows the other's drag.
  const draft = useLayersStore((state) => state.draftFrame);
  const { moved, commit, commitWhenKeysStop } = useFramePick(() => {
    const picked = useLayersStore.getState().draftFrame;
    if (picked !== null) onFrame(picked);
  });
  if (frameCount === 0) return <p className="panel-hint">The video's face tracking has not finished yet.</p>;
  const last = frameCount - 1;
  const shown = draft ?? frame;
  return (
    <div className="layers-panel__video">
      <label className="layers-panel__field">
        <span className="layers-panel__frame-label">
          <ParameterKeyButton
            parameter={SOURCE_FRAME_PARAMETER}
            label="the expression frame"
            shownValue={() => useLayersStore.getState().draftFrame ?? frame}
            testId="layer-key-button-source-frame"
          />
          {/* Counted from 0 like the tracks panel and the timeline's frame counter (frame / last frame). */}
          Frame {shown} / {last}
        </span>
        <input
          type="range"
          min={0}
          max={last}
          step={1}
          value={shown}
          aria-label="Expression frame"
          onChange={(event) => {
            moved();
            useLayersStore.setState({ draftFrame: Number(event.target.value) });
          }}
          onPointerUp={commit}
          onKeyUp={commitWhenKeysStop}
          onBlur={commit}
        />
      </label>
      <label className="layers-panel__field">
        <span>Neutral frame</span>
        <select
          aria-label="Neutral frame"
          value={neutral === null ? 'auto' : 'frame'}
          onChange={(event) => onNeutral(event.target.value === 'auto' ? null : shown)}
        >
          <option value="auto">The most neutral (automatic)</option>
          {/* Counted from 0 like the frame slider above it. */}
          <option value="frame">
            Frame {neutral ?? shown}
            {neutral === null ? ' (the one shown)' : ''}
          </option>
        </select>
      </label>
    </div>
  );
}
