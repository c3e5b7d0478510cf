import type { InstalledModelView } from '../../shared/api';
import type { GeneratorInfo, LayerMix } from '../../shared/generate';

/**
 * The layers panel's backends (issue 12): the built-in warp, or an installed synthesis network
 * (method A). Scene.generator holds 'warp' or the synthesis model's id. The scene keeps ONE layerMix
 * for both: the warp's layer ids (head, brows, ...) and the style layers' (layer-0, layer-1, ...) never
 * collide, so switching backends only changes Scene.generator and every alpha of the other backend,
 * and the expression source, are still there when the user switches back.
 */
export const WARP_BACKEND = 'warp';

export interface BackendChoice {
  id: string;
  label: string;
  /** The scene names a model that is not installed (any more): shown so the choice is not lost silently. */
  missing: boolean;
}

export const isStyleBackend = (generator: string | undefined): generator is string =>
  generator !== undefined && generator !== WARP_BACKEND;

/** Built-in warp first, then each installed synthesis network, then the scene's own if it is not installed. */
export function backendChoices(models: readonly InstalledModelView[], current: string | undefined): BackendChoice[] {
  const choices: BackendChoice[] = [{ id: WARP_BACKEND, label: 'Built-in warp', missing: false }];
  for (const model of models) {
    if (model.role === 'synthesis') choices.push({ id: model.id, label: `Style model: ${model.id}`, missing: false });
  }
  if (current && !choices.some((choice) => choice.id === current)) {
    choices.push({ id: current, label: `Style model: ${current} (not installed)`, missing: true });
  }
  return choices;
}

/** The alpha of one style layer in a scene's mix: its saved value, else the model's default. */
export function styleAlphaOf(info: Pick<GeneratorInfo, 'layers'>, mix: LayerMix, layerId: string): number {
  return mix[layerId] ?? info.layers.find((layer) => layer.id === layerId)?.defaultAlpha ?? 0;
}

/** Every style layer's alpha (defaults filled in), the mix the style backend renders. */
export function styleAlphas(info: Pick<GeneratorInfo, 'layers'>, mix: LayerMix): LayerMix {
  return Object.fromEntries(info.layers.map((layer) => [layer.id, styleAlphaOf(info, mix, layer.id)]));
}

/** The scene's mix with the style layers back at the model's expression layers; the warp's alphas kept. */
export function withStyleDefaults(info: Pick<GeneratorInfo, 'layers'>, mix: LayerMix): LayerMix {
  return { ...mix, ...Object.fromEntries(info.layers.map((layer) => [layer.id, layer.defaultAlpha])) };
}
