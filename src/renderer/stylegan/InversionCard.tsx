import { useEffect, useState } from 'react';
import { toApiError, type Asset } from '../../shared/api';
import { useServices } from '../app-services';
import { JobPreview } from '../jobs/JobPreview';
import { useJobsStore } from '../state/jobs-store';
import { formatEta } from '../ui/format';
import { LossCurve } from './LossCurve';
import { useInversion } from './use-inversion';

export interface InversionCardProps {
  /** "Appearance" or "Expression". */
  role: string;
  projectId: string;
  photos: Asset[];
  assetId: string | null;
  onPick(assetId: string): void;
  synthesisId: string;
  /** The card's inversion as it stands (the mixer needs both). */
  onInversion(inversion: { id: string; iteration: number } | null): void;
}

const DEFAULT_ITERATIONS = 300;

/**
 * One photo's inversion into the generator (method A, step 2): start, watch the target and the
 * reconstruction side by side as frames stream in, the loss curve fall and the ETA, cancel, and
 * resume from the last saved state.
 */
export function InversionCard(props: InversionCardProps) {
  const { role, projectId, photos, assetId, synthesisId } = props;
  const { client } = useServices();
  const { inversion, losses, job, running, error, setError, reload } = useInversion(projectId, assetId, synthesisId);
  const [iterations, setIterations] = useState(DEFAULT_ITERATIONS);
  const [starting, setStarting] = useState(false);
  const { onInversion } = props;
  const usableId = inversion && inversion.iteration > 0 ? inversion.id : null;
  const usableIteration = inversion?.iteration ?? 0;
  // The mixer hears whenever what it may mix changes (a new inversion, more iterations stored).
  useEffect(() => {
    onInversion(usableId ? { id: usableId, iteration: usableIteration } : null);
  }, [onInversion, usableId, usableIteration]);

  const start = async (resume: boolean) => {
    if (!assetId) return;
    setStarting(true);
    setError(null);
    try {
      const started = await client.call('stylegan.invert', {
        assetId,
        synthesisId,
        iterations,
        ...(resume && inversion ? { resumeInversionId: inversion.id } : {}),
      });
      useJobsStore.getState().upsert(started);
      // The new inversion (or the resumed one, now naming this job) is read back with its job id.
      await reload();
    } catch (reason) {
      setError(toApiError(reason).message);
    } finally {
      setStarting(false);
    }
  };

  const cancel = async () => {
    if (!job) return;
    try {
      useJobsStore.getState().upsert(await client.call('jobs.cancel', { id: job.id }));
    } catch (reason) {
      setError(toApiError(reason).message);
    }
  };

  const total = inversion?.settings.iterations ?? iterations;
  const eta = running && job ? formatEta(job.progress.etaMs) : null;
  // A stopped inversion continues where it stopped; a finished one continues when more iterations are asked.
  const canResume =
    inversion &&
    !running &&
    inversion.iteration > 0 &&
    inversion.status !== 'running' &&
    (inversion.status !== 'done' || iterations > inversion.settings.iterations);

  return (
    <section className="inversion-card" aria-label={`${role} inversion`}>
      <h3 className="inversion-card__title">{role}</h3>
      <label className="inversion-card__field">
        <span className="field-label">Photo</span>
        <select value={assetId ?? ''} onChange={(event) => props.onPick(event.target.value)} disabled={running}>
          <option value="" disabled>
            Choose a photo…
          </option>
          {photos.map((photo) => (
            <option key={photo.id} value={photo.id}>
              {photo.originalName}
            </option>
          ))}
        </select>
      </label>
      <label className="inversion-card__field">
        <span className="field-label">Iterations</span>
        <input
          type="number"
          min={1}
          max={5000}
          value={iterations}
          disabled={running}
          onChange={(event) => setIterations(Math.max(1, Math.min(5000, Math.round(Number(event.target.value) || 1))))}
        />
      </label>
      <div className="inversion-card__actions">
        {running ? (
          <button type="button" className="button button--small" onClick={() => void cancel()}>
            Cancel
          </button>
        ) : (
          <>
            <button
              type="button"
              className="button button--small button--primary"
              disabled={!assetId || starting}
              onClick={() => void start(false)}
            >
              Invert
            </button>
            {canResume && (
              <button
                type="button"
                className="button button--small"
                disabled={starting}
                onClick={() => void start(true)}
              >
                Resume to {Math.max(iterations, inversion.settings.iterations)}
              </button>
            )}
          </>
        )}
      </div>
      <p className="inversion-card__status" data-testid={`${role.toLowerCase()}-status`} aria-live="polite">
        {inversion
          ? `${running ? 'Running' : inversion.status === 'done' ? 'Done' : 'Stopped'} · iteration ${
              running && job ? Math.round(job.progress.fraction * total) : inversion.iteration
            }/${total}${eta ? ` · ${eta}` : ''}`
          : assetId
            ? 'Not inverted yet'
            : ''}
      </p>
      {job && <JobPreview jobId={job.id} />}
      <LossCurve losses={losses} total={total} />
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
