import type { LayerMix } from '../../shared/generate';
import {
  layerParameter,
  sceneStateAt,
  SOURCE_FRAME_PARAMETER,
  type ParameterId,
  type Track,
} from '../../shared/timeline';
import { zeroValues } from '../rig/rig-values';
import { withKey } from '../timeline/auto-key';

/**
 * Auto-key for the layers panel, as the rig panel's (timeline/auto-key.ts): a layer alpha or the
 * source frame whose parameter has keys on the timeline gets a key at the playhead when its slider
 * moves; one without keys stays static (the scene's layerMix, its expression source's frame).
 */

/** What the layers' timeline tracks give at one instant: only the keyed alphas, the frame if keyed. */
export interface LayersOverlay {
  sceneId: string;
  layerMix: LayerMix;
  sourceFrame: number | null;
}

const ZERO_RIG = zeroValues();

/** The keyed layer alphas and source frame at `time`, from the shared evaluator (clamped as export clamps). */
export function layersOverlayAt(sceneId: string, tracks: readonly Track[], time: number): LayersOverlay {
  const { layerMix, sourceFrame } = sceneStateAt({ ...ZERO_RIG, layerMix: {}, sourceFrame: null }, tracks, time);
  return { sceneId, layerMix, sourceFrame };
}

const isAnimated = (tracks: readonly Track[], parameter: ParameterId): boolean =>
  tracks.some((track) => track.parameter === parameter && track.keyframes.length > 0);

/**
 * Splits a change of the shown alphas (`shown` -> `to`) into the static mix and keys: an alpha
 * whose layer is animated gets a key at `time`, the others go to the static mix. Null parts are
 * unchanged.
 */
export function splitLayerEdit(
  staticMix: LayerMix,
  shown: LayerMix,
  to: LayerMix,
  tracks: readonly Track[],
  time: number,
): { staticTo: LayerMix | null; tracksTo: Track[] | null } {
  let staticTo: LayerMix | null = null;
  let tracksTo: Track[] | null = null;
  for (const [id, value] of Object.entries(to)) {
    if (value === shown[id]) continue;
    const parameter = layerParameter(id);
    if (isAnimated(tracks, parameter)) tracksTo = withKey(tracksTo ?? tracks, parameter, time, value);
    else staticTo = { ...(staticTo ?? staticMix), [id]: value };
  }
  return { staticTo, tracksTo };
}

/** The source frame moved to `frame`: a key at `time` when it is animated, else null (a static change). */
export function sourceFrameKeys(tracks: readonly Track[], frame: number, time: number): Track[] | null {
  return isAnimated(tracks, SOURCE_FRAME_PARAMETER) ? withKey(tracks, SOURCE_FRAME_PARAMETER, time, frame) : null;
}
