import { ApiError, type Scene, type Track } from '../../../shared/api';
import type { RenderReport } from '../../../shared/generate';
import {
  SOURCE_FRAME_PARAMETER,
  sceneStateAt,
  type SceneFrameState,
  type SceneStatics,
} from '../../../shared/timeline';
import type { EngineContext } from '../api';
import { FacesRepo } from '../face';
import { portraitSource, type GenerateSourceSpec } from '../generate';
import { createSceneMaskWeights, type SceneMaskWeights } from '../masks';
import { sceneExpressionOf, type SceneExpression } from '../transfer';
import { ScenesRepo } from './scenes-repo';

/**
 * Rendering a scene: the one engine path from a scene and an instant to a frame, used by the export
 * job and the CLI. Everything read from the store is read once (prepareScene); each frame is then
 * the shared evaluator (sceneStateAt) plus one generator render in a worker, which keeps the photo
 * prepared between frames. The expression source and layer masks of a scene join the request here.
 */
export interface PreparedScene {
  scene: Scene;
  tracks: Track[];
  statics: SceneStatics;
  /** The portrait as the generator worker prepares it. */
  source: GenerateSourceSpec;
  /** The original photo's size: what 'original' exports and what the generator's 'full' size renders. */
  photo: { width: number; height: number };
  /** The scene's expression source (photo, or video tracks read once), per source frame; null: none. */
  expression: SceneExpression | null;
  /**
   * Whether a video source's frame changes over the scene (a `source.frame` track with more than one
   * value): then frames render without the video frame's mouth donor (decoding each frame alone
   * costs several renders, and the track may run backwards, which the ordered stream `mien
   * retarget` uses cannot serve; docs/generator.md, "Mouth"); a still source frame brings its donor.
   */
  sourceFrameAnimated: boolean;
  /** The scene's painted layer masks as per-landmark weights (read once); undefined: no mask. */
  maskWeights: Promise<SceneMaskWeights | undefined>;
}

export interface SceneFrame {
  /** RGBA, width * height * 4 bytes. */
  rgba: Uint8Array;
  width: number;
  height: number;
  report: RenderReport;
}

/** Reads a scene, its timeline and its portrait's rig and fit; throws an ApiError saying why it cannot be rendered. */
export function prepareScene(
  context: Pick<EngineContext, 'openStore' | 'dataDir' | 'ffmpeg'>,
  sceneId: string,
): PreparedScene {
  const { store } = context.openStore();
  const repo = store.repository(ScenesRepo);
  const scene = repo.get(sceneId);
  const asset = store.assets.get(scene.assetId);
  const chosen = store.repository(FacesRepo).chosenFaceIndex(scene.assetId);
  if (chosen !== scene.faceIndex) {
    // The rig state (the scene's static pose) and its fit belong to the photo's chosen face.
    throw new ApiError(
      'invalid_request',
      `"${scene.name}" animates face ${scene.faceIndex + 1} of ${asset.originalName}, but the photo's rig is on face ${chosen + 1}. Choose face ${scene.faceIndex + 1} for the photo first.`,
    );
  }
  const { spec, rig } = portraitSource(context, scene.assetId);
  const maskWeights = createSceneMaskWeights()(store, sceneId, spec.key, () => spec.landmarks);
  const tracks = repo.timeline(sceneId).tracks;
  const sourceFrameKeys = tracks
    .filter((track) => track.parameter === SOURCE_FRAME_PARAMETER)
    .flatMap((track) => track.keyframes.map((key) => Math.round(key.value)));
  // Awaited by the first frame; a render that never happens must not leave an unhandled rejection.
  maskWeights.catch(() => undefined);
  return {
    scene,
    tracks,
    statics: {
      coefficients: rig.coefficients,
      head: rig.head,
      layerMix: scene.layerMix,
      sourceFrame: scene.expressionSource?.frameIndex ?? null,
    },
    source: spec,
    photo: { width: asset.width, height: asset.height },
    expression: sceneExpressionOf(context, scene.expressionSource),
    sourceFrameAnimated: new Set(sourceFrameKeys).size > 1,
    maskWeights,
  };
}

/** The scene's render inputs at `time` seconds (the shared evaluator; playback computes the same). */
export const sceneStateOf = (prepared: PreparedScene, time: number): SceneFrameState =>
  sceneStateAt(prepared.statics, prepared.tracks, time);

/** Renders one frame of a prepared scene in a generator worker, the whole photo at `size` pixels. */
export async function renderSceneFrame(
  context: Pick<EngineContext, 'pool'>,
  prepared: PreparedScene,
  state: SceneFrameState,
  size: { width: number; height: number },
  signal?: AbortSignal,
): Promise<SceneFrame> {
  const layerVertexWeights = await prepared.maskWeights;
  const output = await context.pool.run(
    'generate.render',
    {
      generatorId: prepared.scene.generator,
      source: prepared.source,
      target: { coefficients: state.coefficients, head: state.head },
      mix: state.layerMix,
      expression: !prepared.expression
        ? null
        : prepared.sourceFrameAnimated
          ? prepared.expression.withoutVideoDonor(state.sourceFrame)
          : await prepared.expression.settled(state.sourceFrame),
      ...(layerVertexWeights ? { layerVertexWeights } : {}),
      size: { kind: 'full' },
      outputSize: size,
      encode: 'raw',
    },
    { signal, priority: 'batch', affinity: prepared.source.key },
  );
  return { rgba: output.bytes, width: output.report.width, height: output.report.height, report: output.report };
}
