import { useState } from 'react';
import type { Job } from '../../shared/api';
import type { VideoTrackingSummary } from '../../shared/api/tracks';
import { useServices } from '../app-services';
import { reportError } from '../state/notices-store';

const STOPPED: Partial<Record<Job['state'], string>> = {
  cancelled: 'was cancelled',
  interrupted: 'was interrupted when Mien stopped',
  failed: 'failed',
};

/**
 * A video's face-tracking state as it truly is: running, tracked (with its counters), stopped
 * (cancelled, interrupted, failed: with "Track again"), or never run (with "Track").
 */
export function TrackingStatus({
  assetId,
  running,
  summary,
  error,
}: {
  assetId: string;
  running: Job | null;
  summary: VideoTrackingSummary | null;
  error: string | null;
}) {
  const { client } = useServices();
  const [starting, setStarting] = useState(false);
  const lastRun = summary?.lastRun ?? null;
  const stopped = lastRun ? STOPPED[lastRun.state] : undefined;
  const counters = summary?.counters ?? null;

  const start = async (what: 'track' | 'fit') => {
    setStarting(true);
    try {
      if (what === 'track') await client.call('faces.analyze', { assetId });
      else await client.call('tracks.fromVideo', { assetId });
    } catch (failure) {
      reportError(what === 'track' ? 'Could not start face tracking' : 'Could not start fitting the tracks', failure);
    } finally {
      setStarting(false);
    }
  };
  const button = (label: string, what: 'track' | 'fit') => (
    <button
      type="button"
      className="button button--small button--primary"
      disabled={starting}
      onClick={() => void start(what)}
    >
      {label}
    </button>
  );

  let body;
  if (running) {
    body = (
      <p>
        {running.kind === 'fit-tracks' ? 'Fitting the rig' : 'Tracking the face'}: {running.progress.stage} (
        {Math.round(running.progress.fraction * 100)}%)
      </p>
    );
  } else if (error) {
    body = <p className="inline-error">{error}</p>;
  } else if (!summary) {
    body = <p>Loading the tracking result…</p>;
  } else if (!summary.analysed) {
    body =
      stopped && lastRun ? (
        <>
          <p data-testid="video-tracking-stopped">
            Face tracking {stopped}
            {lastRun.state === 'failed' && lastRun.error ? `: ${lastRun.error}` : '.'} No frames are tracked yet.
          </p>
          {button('Track again', 'track')}
        </>
      ) : (
        <>
          <p>Face tracking has not run yet.</p>
          {button('Track', 'track')}
        </>
      );
  } else {
    body = (
      <>
        {counters ? (
          <p data-testid="video-tracking-summary">
            Face found in {counters.framesWithFace} of {counters.frames} frames; the detector ran{' '}
            {counters.detectionsRun} {counters.detectionsRun === 1 ? 'time' : 'times'}, tracking was lost{' '}
            {counters.trackingLosses} {counters.trackingLosses === 1 ? 'time' : 'times'}.
            {summary.trackSetIds.length > 0 ? ' Coefficient tracks are in the Tracks list.' : ''}
          </p>
        ) : (
          <p>{summary.message ?? 'No face was found.'}</p>
        )}
        {!summary.ok && summary.message && counters && <p className="inline-error">{summary.message}</p>}
        {summary.ok && summary.trackSetIds.length === 0 && lastRun?.kind === 'fit-tracks' && stopped && (
          <>
            <p data-testid="video-tracking-stopped">Fitting the rig to the tracked frames {stopped}.</p>
            {button('Fit again', 'fit')}
          </>
        )}
        {lastRun?.kind === 'analyze-face' && stopped && (
          <>
            <p data-testid="video-tracking-stopped">
              The latest tracking {stopped}; the result above is from an earlier run.
            </p>
            {button('Track again', 'track')}
          </>
        )}
      </>
    );
  }
  return (
    <section className="video-viewer__tracking" aria-label="Face tracking" role="status">
      {body}
    </section>
  );
}
