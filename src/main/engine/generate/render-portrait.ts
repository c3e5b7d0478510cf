import { createHash } from 'node:crypto';
import { ApiError } from '../../../shared/api';
import type { LayerMix, RenderSize, RenderTarget } from '../../../shared/generate';
import { coefficientsToRecord, clampCoefficients } from '../../../shared/rig';
import type { EngineContext } from '../api';
import { FacesRepo } from '../face';
import { loadOrFitAssetRig, RigStatesRepo } from '../rig';
import type { TaskPriority } from '../workers';
import type { EngineExpression, GenerateRenderOutput, GenerateSourceSpec } from './generate-task';

export interface RenderPortraitOptions {
  /** The rig state to render; default: the asset's current rig (the user's edits, else the fit). */
  target?: RenderTarget;
  mix?: LayerMix;
  /** The expression source the layers mix towards (see expressionTransferOf); absent: none. */
  expression?: EngineExpression | null;
  layerVertexWeights?: Record<string, Float32Array>;
  size: RenderSize;
  encode: 'raw' | 'png';
  generatorId?: string;
  signal?: AbortSignal;
  /** 'interactive' for live preview frames (the pool's reserved lane); default 'batch'. */
  priority?: TaskPriority;
}

/**
 * What the generator worker needs to know about a portrait asset, read from the store on the
 * engine thread: the original photo's path, the chosen face's landmarks and its rig fit. Throws
 * an ApiError naming the reason when the asset cannot be rendered (a video, no face analysis).
 */
export function portraitSource(
  context: Pick<EngineContext, 'openStore'>,
  assetId: string,
): { spec: GenerateSourceSpec; rig: RenderTarget } {
  const { store } = context.openStore();
  const asset = store.assets.get(assetId);
  if (asset.kind === 'video') {
    throw new ApiError('invalid_request', `${asset.originalName} is a video; the generator renders photos.`);
  }
  const outcome = loadOrFitAssetRig(store.repository(FacesRepo), assetId);
  if (!outcome.ok) {
    throw new ApiError('invalid_request', `${asset.originalName} cannot be rendered yet: ${outcome.reason}`);
  }
  const { fit, landmarks, faceIndex } = outcome.value;
  const fitIdentity = createHash('sha256')
    .update(Buffer.from(landmarks.buffer, landmarks.byteOffset, landmarks.byteLength))
    .update(JSON.stringify(fit))
    .digest('hex')
    .slice(0, 16);
  const stored = store.repository(RigStatesRepo).find(assetId);
  const rig: RenderTarget = stored
    ? { coefficients: stored.coefficients, head: stored.head }
    : {
        coefficients: coefficientsToRecord(clampCoefficients(fit.coefficients).coefficients),
        head: { yawDeg: fit.pose.yawDeg, pitchDeg: fit.pose.pitchDeg, rollDeg: fit.pose.rollDeg },
      };
  return {
    spec: {
      key: `${asset.id}:${asset.originalSha256}:${faceIndex}:${fitIdentity}`,
      imagePath: store.blobPath(asset.originalSha256),
      landmarks,
      landmarksImageWidth: asset.workingWidth,
      fit: {
        pose: fit.pose,
        coefficients: fit.coefficients,
        identityModes: fit.identityModes,
        identityDetail: fit.identityDetail,
      },
    },
    rig,
  };
}

/**
 * Renders a portrait asset through the generator worker (the one path for previews, full
 * renders, exports and the CLI). The worker keeps the decoded photo warm, so repeated frames of
 * the same asset only pay for the warp.
 */
export async function renderPortrait(
  context: Pick<EngineContext, 'openStore' | 'pool'>,
  assetId: string,
  options: RenderPortraitOptions,
): Promise<GenerateRenderOutput> {
  const { spec, rig } = portraitSource(context, assetId);
  return context.pool.run(
    'generate.render',
    {
      generatorId: options.generatorId ?? 'warp',
      source: spec,
      target: options.target ?? rig,
      mix: options.mix ?? {},
      expression: options.expression ?? null,
      ...(options.layerVertexWeights ? { layerVertexWeights: options.layerVertexWeights } : {}),
      size: options.size,
      encode: options.encode,
    },
    // The affinity sends the frame to the worker that has this photo prepared, when it is idle.
    { signal: options.signal, priority: options.priority, affinity: spec.key },
  );
}
