import { useMemo, useRef } from 'react';
import type { GeneratorInfo, LayerMix } from '../../shared/generate';
import { useServices } from '../app-services';
import { styleAlphas, withStyleDefaults } from './backends';
import { useLayersStore } from './layers-store';
import { changeLayersScene } from './scene-edit';

export interface SceneStyleMix {
  /** Every style layer's alpha as shown (the drag's draft, else the scene's). */
  alphas: LayerMix;
  /** False while no portrait's scene can be edited (no portrait in the editor). */
  editable: boolean;
  drag(layerId: string, value: number): void;
  /** Saves the dragged alphas as one undo step (nothing when they did not change). */
  endDrag(label: string): void;
  reset(): void;
}

/**
 * A style model's per-layer alphas, kept in the editor portrait's scene (Scene.layerMix, with
 * Scene.generator set to the model): the layers panel and the Style transfer dialog edit the same
 * values, saved with scenes.update and undoable, a drag being one step.
 */
export function useSceneStyleMix(
  projectId: string,
  generator: Pick<GeneratorInfo, 'layers'> & { synthesisId: string },
): SceneStyleMix {
  const services = useServices();
  const assetId = useLayersStore((state) => state.assetId);
  const scene = useLayersStore((state) => state.scene);
  const draftMix = useLayersStore((state) => state.draftMix);
  const dragFrom = useRef<LayerMix | null>(null);
  const saved = scene?.layerMix;
  const shown = draftMix ?? saved;
  // A stable object: the preview renders again only when the mix really changed.
  const alphas = useMemo(() => styleAlphas(generator, shown ?? {}), [generator, shown]);
  const target = assetId ? { projectId, assetId } : null;
  const change = (label: string, layerMix: LayerMix, from?: LayerMix) => {
    if (!target) return;
    const before = useLayersStore.getState().scene;
    void changeLayersScene(
      services,
      target,
      label,
      { layerMix, generator: generator.synthesisId },
      from ? { layerMix: from, generator: before?.generator ?? 'warp' } : undefined,
    );
  };
  return {
    alphas,
    editable: target !== null,
    drag(layerId, value) {
      if (!target) return;
      const current = useLayersStore.getState();
      const base = current.draftMix ?? current.scene?.layerMix ?? {};
      if (!dragFrom.current) dragFrom.current = current.scene?.layerMix ?? {};
      useLayersStore.setState({ draftMix: { ...base, [layerId]: value } });
    },
    endDrag(label) {
      const draft = useLayersStore.getState().draftMix;
      const from = dragFrom.current ?? saved ?? {};
      dragFrom.current = null;
      if (!draft || JSON.stringify(draft) === JSON.stringify(from)) return;
      change(label, draft, from);
    },
    reset() {
      change('reset the style mix', withStyleDefaults(generator, saved ?? {}));
    },
  };
}
