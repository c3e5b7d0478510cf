import { create } from 'zustand';
import { setValueCommand, type Command } from '../../shared/history';
import type { GeneratorInfo, LayerMix } from '../../shared/generate';

/**
 * The per-layer alphas of each installed generator, kept outside the dialog so an undo reaches them
 * after the dialog closed and they are still there when it opens again (for this session).
 */
interface StyleMixState {
  mixes: Record<string, LayerMix>;
  write(synthesisId: string, mix: LayerMix): void;
}

export const useStyleMixStore = create<StyleMixState>()((set, get) => ({
  mixes: {},
  write: (synthesisId, mix) => set({ mixes: { ...get().mixes, [synthesisId]: mix } }),
}));

export const defaultMix = (generator: GeneratorInfo): LayerMix =>
  Object.fromEntries(generator.layers.map((layer) => [layer.id, layer.defaultAlpha]));

/** One alpha change as an undo step; a slider drag folds into one (same merge key). */
export function setAlphaCommand(
  synthesisId: string,
  label: string,
  from: LayerMix,
  to: LayerMix,
  layerId?: string,
): Command {
  return setValueCommand({
    label,
    from,
    to,
    write: (mix) => useStyleMixStore.getState().write(synthesisId, mix),
    mergeKey: layerId ? `style-mix:${synthesisId}:${layerId}` : undefined,
  });
}
