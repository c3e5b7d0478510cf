import { useEffect, useRef, useState } from 'react';
import { toApiError, type TransferOutput } from '../../shared/api';
import type { GeneratorInfo } from '../../shared/generate';
import { useServices } from '../app-services';
import { useSceneStyleMix } from '../layers/use-style-mix';

export interface LayerMixerProps {
  projectId: string;
  generator: GeneratorInfo & { synthesisId: string };
  appearanceInversionId: string;
  expressionInversionId: string;
  /** Bumped when either inversion has more iterations stored (the preview is rendered again). */
  revision: string;
  /** The editor portrait's scene when the appearance photo is its portrait: its style-layer masks limit the paste. */
  sceneId?: string;
}

const PREVIEW_SIDE = 320;

/**
 * Method A's steps 3 and 4: one alpha slider per synthesis style input (0 = the appearance photo's
 * style, 1 = the expression photo's), defaulting to the model's expression layers, and a live
 * preview of the mix, pasted into the appearance photo or as the generator's aligned square.
 * Latest wins: while a frame renders, further slider moves only replace the mix to render next.
 * The alphas are the editor portrait's scene's (the layers panel shows the same sliders): a drag
 * saves them in the scene as one undo step and makes this model the scene's backend.
 */
export function LayerMixer({
  projectId,
  generator,
  appearanceInversionId,
  expressionInversionId,
  revision,
  sceneId,
}: LayerMixerProps) {
  const { client } = useServices();
  const { alphas, editable, drag, endDrag, reset } = useSceneStyleMix(projectId, generator);
  const [output, setOutput] = useState<TransferOutput>('pasted');
  const [streamId, setStreamId] = useState<string | null>(null);
  const [imageUrl, setImageUrl] = useState<string | null>(null);
  const [renderMs, setRenderMs] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(false);
  const next = useRef<(() => Promise<void>) | null>(null);
  const frames = useRef(0);

  useEffect(() => {
    let current = true;
    let opened: string | null = null;
    client
      .call('stylegan.openPreview', {})
      .then((stream) => {
        opened = stream.streamId;
        if (current) setStreamId(stream.streamId);
        else void client.call('stylegan.closePreview', { streamId: stream.streamId }).catch(() => undefined);
      })
      .catch((reason: unknown) => current && setError(toApiError(reason).message));
    return () => {
      current = false;
      if (opened) void client.call('stylegan.closePreview', { streamId: opened }).catch(() => undefined);
    };
  }, [client]);

  useEffect(() => {
    if (!streamId) return;
    let url: string | null = null;
    const close = client.openStream(streamId, (frame) => {
      const previous = url;
      url = URL.createObjectURL(new Blob([frame.data.slice()], { type: `image/${frame.header.format}` }));
      frames.current += 1;
      setImageUrl(url);
      if (previous) URL.revokeObjectURL(previous);
    });
    return () => {
      close();
      if (url) URL.revokeObjectURL(url);
    };
  }, [client, streamId]);

  useEffect(() => {
    if (!streamId) return;
    const render = async () => {
      inFlight.current = true;
      try {
        const report = await client.call('stylegan.preview', {
          streamId,
          appearanceInversionId,
          expressionInversionId,
          mix: alphas,
          output,
          maxSide: output === 'pasted' ? PREVIEW_SIDE : 0,
          ...(sceneId ? { sceneId } : {}),
        });
        setRenderMs(report.renderMs);
        setError(null);
      } catch (reason) {
        setError(toApiError(reason).message);
      } finally {
        inFlight.current = false;
        const queued = next.current;
        next.current = null;
        if (queued) void queued();
      }
    };
    if (inFlight.current) next.current = render;
    else void render();
  }, [client, streamId, appearanceInversionId, expressionInversionId, alphas, output, revision, sceneId]);

  return (
    <section className="layer-mixer" aria-label="Style mixing">
      <div className="layer-mixer__preview">
        {imageUrl ? (
          <img
            src={imageUrl}
            alt="Transfer preview"
            data-testid="transfer-preview"
            className={`layer-mixer__image layer-mixer__image--${output}`}
          />
        ) : (
          <div className="layer-mixer__placeholder">Rendering…</div>
        )}
        <div className="layer-mixer__outputs" role="radiogroup" aria-label="Show">
          {(['pasted', 'aligned'] as const).map((choice) => (
            <label key={choice}>
              <input
                type="radio"
                name="transfer-output"
                checked={output === choice}
                onChange={() => setOutput(choice)}
              />{' '}
              {choice === 'pasted' ? 'In the photo' : 'Generator’s square'}
            </label>
          ))}
          {renderMs !== null && <span className="layer-mixer__timing">{renderMs.toFixed(0)} ms</span>}
        </div>
      </div>
      <div className="layer-mixer__sliders">
        {generator.layers.map((layer) => (
          <label key={layer.id} className="layer-mixer__row" title={layer.controls}>
            <span className="layer-mixer__name">{layer.name}</span>
            <input
              type="range"
              min={0}
              max={1}
              step={0.05}
              value={alphas[layer.id] ?? layer.defaultAlpha}
              aria-label={layer.name}
              disabled={!editable}
              onChange={(event) => drag(layer.id, Number(event.target.value))}
              onPointerUp={() => endDrag(`mix ${layer.name}`)}
              onKeyUp={() => endDrag(`mix ${layer.name}`)}
              onBlur={() => endDrag(`mix ${layer.name}`)}
            />
            <span className="layer-mixer__value">{(alphas[layer.id] ?? layer.defaultAlpha).toFixed(2)}</span>
          </label>
        ))}
        <button type="button" className="button button--small button--ghost" disabled={!editable} onClick={reset}>
          Model’s expression layers
        </button>
      </div>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
