import type { Scene } from '../../shared/api/scenes';
import { TRANSFER_LAYERS } from '../../shared/generate';
import {
  evaluateKeyframes,
  layerParameter,
  SOURCE_FRAME_PARAMETER,
  type ParameterId,
  type Track,
} from '../../shared/timeline';
import type { TimelineGroup, TimelineRow } from './parameters';

/**
 * The dope sheet's Layers group: the parameters sceneStateAt reads besides the rig, namely each
 * expression-transfer layer's alpha (`layer.<id>`, 0..1) and the expression source's video frame
 * (`source.frame`, stepped with hold keys). They were stored, evaluated and exported before they had
 * rows; the layers panel's sliders key them (layers/layer-auto-key.ts).
 */
export const LAYERS_GROUP_ID = 'layers' as const;

const SOURCE_FRAME_ROW: TimelineRow = { parameter: SOURCE_FRAME_PARAMETER, label: 'Source frame', control: null };

const EXPRESSION_LAYER_ROWS: readonly TimelineRow[] = [
  ...TRANSFER_LAYERS.map((layer) => ({ parameter: layerParameter(layer.id), label: layer.name, control: null })),
  SOURCE_FRAME_ROW,
];

/**
 * The Layers group's rows for a scene's tracks: the warp's layers (expression detail included) and the source frame, then one
 * row for any other `layer.<id>` track the scene holds (a style model's layer), so no key is hidden.
 */
export function layersGroup(tracks: readonly Track[]): TimelineGroup {
  const known = new Set(EXPRESSION_LAYER_ROWS.map((row) => row.parameter));
  const others = tracks
    .filter((track) => track.parameter.startsWith('layer.') && !known.has(track.parameter))
    .map((track) => ({ parameter: track.parameter, label: `Layer ${track.parameter.slice(6)}`, control: null }));
  return { id: LAYERS_GROUP_ID, label: 'Layers', rows: [...EXPRESSION_LAYER_ROWS, ...others] };
}

/** The row of a layer alpha or the source frame (names in the curve editor); undefined for rig parameters. */
export function layerRowOf(parameter: string): TimelineRow | undefined {
  if (!parameter.startsWith('layer.') && parameter !== SOURCE_FRAME_PARAMETER) return undefined;
  return (
    EXPRESSION_LAYER_ROWS.find((row) => row.parameter === parameter) ?? {
      parameter: parameter as ParameterId,
      label: `Layer ${parameter.slice(6)}`,
      control: null,
    }
  );
}

/**
 * The value a layer parameter has without keys: the scene's static alpha (its layerMix, else the
 * layer's default, else 1 as the engine's mix does) or the expression source's frame (else 0).
 */
export function layerStaticValue(parameter: ParameterId, scene: Pick<Scene, 'layerMix' | 'expressionSource'>): number {
  if (parameter === SOURCE_FRAME_PARAMETER) return scene.expressionSource?.frameIndex ?? 0;
  const id = parameter.slice('layer.'.length);
  return scene.layerMix[id] ?? TRANSFER_LAYERS.find((layer) => layer.id === id)?.defaultAlpha ?? 1;
}

/** A layer parameter's value at `time`: its track's when keyed, else the static value. */
export function layerValueAt(
  parameter: ParameterId,
  tracks: readonly Track[],
  scene: Pick<Scene, 'layerMix' | 'expressionSource'>,
  time: number,
): number {
  const track = tracks.find((candidate) => candidate.parameter === parameter);
  const keyed = track ? evaluateKeyframes(track.keyframes, time) : undefined;
  if (keyed === undefined) return layerStaticValue(parameter, scene);
  return parameter === SOURCE_FRAME_PARAMETER ? Math.max(0, Math.round(keyed)) : Math.min(1, Math.max(0, keyed));
}
