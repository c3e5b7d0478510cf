import { useCallback, useEffect, useState } from 'react';
import { toApiError, type Asset, type InstalledModelView } from '../../shared/api';
import type { GeneratorInfo } from '../../shared/generate';
import { useServices } from '../app-services';
import { useLayersStore } from '../layers/layers-store';
import { ModalDialog } from '../models/ModalDialog';
import { InversionCard } from './InversionCard';
import { LayerMixer } from './LayerMixer';

type Usable = { id: string; iteration: number } | null;

/**
 * Method A in the editor (docs/stylegan.md): pick the installed generator, invert an appearance
 * photo and an expression photo of this project, then mix their styles per layer and see the
 * result pasted back into the appearance photo.
 */
export function StyleTransferDialog({
  projectId,
  initialSynthesisId,
  onClose,
}: {
  projectId: string;
  /** The generator to show first (the layers panel's backend); else the first installed. */
  initialSynthesisId?: string;
  onClose(): void;
}) {
  const { client } = useServices();
  const [generators, setGenerators] = useState<InstalledModelView[] | null>(null);
  const [synthesisId, setSynthesisId] = useState<string | null>(initialSynthesisId ?? null);
  const [generator, setGenerator] = useState<(GeneratorInfo & { synthesisId: string }) | null>(null);
  const [photos, setPhotos] = useState<Asset[]>([]);
  const [appearanceAsset, setAppearanceAsset] = useState<string | null>(null);
  const [expressionAsset, setExpressionAsset] = useState<string | null>(null);
  const [appearance, setAppearance] = useState<Usable>(null);
  const [expression, setExpression] = useState<Usable>(null);
  const [error, setError] = useState<string | null>(null);
  // Masks are painted on the editor portrait's scene: they shape the paste only into that photo.
  const scene = useLayersStore((state) => state.scene);
  const maskSceneId = scene && scene.assetId === appearanceAsset ? scene.id : undefined;

  useEffect(() => {
    let current = true;
    Promise.all([client.call('models.list', {}), client.call('assets.list', { projectId })])
      .then(([listed, assets]) => {
        if (!current) return;
        const synthesis = listed.models.filter((model) => model.role === 'synthesis');
        setGenerators(synthesis);
        setSynthesisId((chosen) => chosen ?? synthesis[0]?.id ?? null);
        const stills = assets.filter((asset) => asset.kind !== 'video');
        setPhotos(stills);
        setAppearanceAsset(
          (chosen) => chosen ?? stills.find((a) => a.kind === 'portrait')?.id ?? stills[0]?.id ?? null,
        );
        setExpressionAsset(
          (chosen) => chosen ?? stills.find((a) => a.kind === 'expression')?.id ?? stills[1]?.id ?? null,
        );
      })
      .catch((reason: unknown) => current && setError(toApiError(reason).message));
    return () => {
      current = false;
    };
  }, [client, projectId]);

  useEffect(() => {
    if (!synthesisId) return;
    let current = true;
    client
      .call('stylegan.generator', { synthesisId })
      .then((info) => current && setGenerator(info))
      .catch((reason: unknown) => current && setError(toApiError(reason).message));
    return () => {
      current = false;
    };
  }, [client, synthesisId]);

  const onAppearance = useCallback((usable: Usable) => setAppearance(usable), []);
  const onExpression = useCallback((usable: Usable) => setExpression(usable), []);

  return (
    <ModalDialog
      className="style-transfer-dialog"
      labelledBy="style-transfer-title"
      testId="style-transfer-dialog"
      onClose={onClose}
    >
      <h2 id="style-transfer-title" className="dialog__title">
        Style transfer
      </h2>
      {generators !== null && generators.length === 0 && (
        <p className="dialog__text" role="status">
          No style-based generator is installed. Install a synthesis network (with a mapping and a perceptual network)
          from Models in the top bar; see docs/models.md for exporting a StyleGAN2 checkpoint.
        </p>
      )}
      {generators && generators.length > 1 && (
        <label className="inversion-card__field">
          <span className="field-label">Generator</span>
          <select value={synthesisId ?? ''} onChange={(event) => setSynthesisId(event.target.value)}>
            {generators.map((model) => (
              <option key={model.id} value={model.id}>
                {model.id}
              </option>
            ))}
          </select>
        </label>
      )}
      {synthesisId && (
        <div className="style-transfer-dialog__cards">
          <InversionCard
            role="Appearance"
            projectId={projectId}
            photos={photos}
            assetId={appearanceAsset}
            onPick={setAppearanceAsset}
            synthesisId={synthesisId}
            onInversion={onAppearance}
          />
          <InversionCard
            role="Expression"
            projectId={projectId}
            photos={photos}
            assetId={expressionAsset}
            onPick={setExpressionAsset}
            synthesisId={synthesisId}
            onInversion={onExpression}
          />
        </div>
      )}
      {generator && generator.synthesisId === synthesisId && appearance && expression ? (
        <LayerMixer
          projectId={projectId}
          generator={generator}
          appearanceInversionId={appearance.id}
          expressionInversionId={expression.id}
          revision={`${appearance.iteration}:${expression.iteration}`}
          {...(maskSceneId ? { sceneId: maskSceneId } : {})}
        />
      ) : (
        synthesisId && (
          <p className="dialog__text style-transfer-dialog__hint">Invert both photos to mix their styles per layer.</p>
        )
      )}
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </ModalDialog>
  );
}
