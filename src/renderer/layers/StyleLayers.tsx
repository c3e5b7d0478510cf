import { useEffect, useState } from 'react';
import { toApiError } from '../../shared/api';
import type { GeneratorInfo } from '../../shared/generate';
import { useServices } from '../app-services';
import { LayerAlphaRow } from './LayerAlphaRow';
import { StyleTransferDialog } from '../stylegan/StyleTransferDialog';
import '../stylegan/stylegan.css';
import { useLayersStore } from './layers-store';
import { useSceneStyleMix } from './use-style-mix';

type StyleInfo = GeneratorInfo & { synthesisId: string };

/**
 * The layers panel with a style model as the backend: one alpha per synthesis style input, named
 * from the model's metadata (0: the appearance photo's style, 1: the expression photo's), saved in
 * the scene. The inversions and the live preview of the mix are in the Style transfer dialog, which
 * edits the same alphas.
 */
export function StyleLayers({
  projectId,
  synthesisId,
  installed,
}: {
  projectId: string;
  synthesisId: string;
  installed: boolean;
}) {
  const { client } = useServices();
  const [info, setInfo] = useState<StyleInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dialogOpen, setDialogOpen] = useState(false);

  useEffect(() => {
    if (!installed) return;
    let current = true;
    client
      .call('stylegan.generator', { synthesisId })
      .then((loaded) => current && setInfo(loaded))
      .catch((caught: unknown) => current && setError(toApiError(caught).message));
    return () => {
      current = false;
    };
  }, [client, synthesisId, installed]);

  if (!installed) {
    return (
      <p className="inline-error" role="alert">
        The scene uses the style model “{synthesisId}”, which is not installed: install it again from Models, or choose
        the built-in warp. Its alphas stay in the scene.
      </p>
    );
  }
  return (
    <div className="layers-panel__style" data-testid="style-layers">
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      <p className="panel-hint">
        0 keeps the appearance photo’s style, 1 takes the expression photo’s. Masks limit where the result is pasted
        into this photo. The editor’s preview, the timeline and exports still render with the built-in warp; the style
        mix is previewed in Style transfer.
      </p>
      {info?.synthesisId === synthesisId && <StyleSliders projectId={projectId} info={info} />}
      <button type="button" className="button button--small" aria-haspopup="dialog" onClick={() => setDialogOpen(true)}>
        Invert photos and preview the mix…
      </button>
      {dialogOpen && (
        <StyleTransferDialog
          projectId={projectId}
          initialSynthesisId={synthesisId}
          onClose={() => setDialogOpen(false)}
        />
      )}
    </div>
  );
}

function StyleSliders({ projectId, info }: { projectId: string; info: StyleInfo }) {
  const { alphas, editable, drag, endDrag, reset } = useSceneStyleMix(projectId, info);
  const sceneId = useLayersStore((state) => state.scene?.id);
  return (
    <>
      <ul className="layers-panel__layers">
        {info.layers.map((layer) => {
          const alpha = alphas[layer.id] ?? layer.defaultAlpha;
          const label = `set ${layer.name} to ${Math.round(alpha * 100)}%`;
          return (
            <LayerAlphaRow
              key={layer.id}
              layer={layer}
              alpha={alpha}
              step={0.05}
              disabled={!editable}
              sceneId={sceneId}
              onDrag={(value) => drag(layer.id, value)}
              onEnd={() => endDrag(label)}
            />
          );
        })}
      </ul>
      <button type="button" className="button button--small button--ghost" disabled={!editable} onClick={reset}>
        Model’s expression layers
      </button>
    </>
  );
}
