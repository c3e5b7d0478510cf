import { useCallback, useEffect, useMemo, useState } from 'react';
import { toApiError, type Asset } from '../../shared/api';
import type { VideoTrackingSummary } from '../../shared/api/tracks';
import { useServices } from '../app-services';
import { isActiveJob, useJobsStore } from '../state/jobs-store';
import { formatDuration } from '../ui/format';
import './tracks.css';

/**
 * A driving video: its poster frame with size, rate and length, and the face-tracking outcome.
 * The poster, not a <video> element: the web host's media route serves whole files without
 * Range requests, which Chromium needs to seek in a video (docs/tracks.md).
 */
export function VideoViewer({ asset }: { asset: Asset }) {
  const { client } = useServices();
  const [summary, setSummary] = useState<VideoTrackingSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const jobs = useJobsStore((state) => state.jobs);
  // Jobs name their asset only in their title until they finish (the result carries the id).
  const running = useMemo(
    () =>
      Object.values(jobs).find(
        (job) =>
          job.projectId === asset.projectId &&
          isActiveJob(job) &&
          (job.kind === 'analyze-face' || job.kind === 'fit-tracks') &&
          job.title.endsWith(asset.originalName),
      ) ?? null,
    [jobs, asset.projectId, asset.originalName],
  );

  const reload = useCallback(() => {
    client.call('videos.trackingSummary', { assetId: asset.id }).then(
      (result) => {
        setSummary(result);
        setError(null);
      },
      (failure: unknown) => setError(toApiError(failure).message),
    );
  }, [client, asset.id]);

  useEffect(() => {
    reload();
    const offProject = client.on('project.changed', (payload) => {
      if (payload.projectId === asset.projectId) reload();
    });
    const offJob = client.on('job.updated', (job) => {
      if (job.projectId === asset.projectId && !isActiveJob(job)) reload();
    });
    return () => {
      offProject();
      offJob();
    };
  }, [client, asset.projectId, reload]);

  const counters = summary?.counters ?? null;
  return (
    <div className="video-viewer" data-testid="video-viewer">
      <figure className="video-viewer__poster">
        <img
          src={client.mediaUrl(asset.thumbnailSha256)}
          alt={`First frames of ${asset.originalName}`}
          draggable={false}
        />
        <span className="video-badge video-badge--large">Video</span>
      </figure>
      <dl className="video-viewer__facts" aria-label="Video">
        <dt>Size</dt>
        <dd>
          {asset.width} × {asset.height}
        </dd>
        <dt>Frames</dt>
        <dd data-testid="video-frame-count">
          {asset.frameCount ?? '?'} at {asset.fps ? Number(asset.fps.toFixed(3)) : '?'} fps
        </dd>
        <dt>Length</dt>
        <dd>{asset.durationMs != null ? formatDuration(asset.durationMs) : '?'}</dd>
      </dl>
      <section className="video-viewer__tracking" aria-label="Face tracking" role="status">
        {running ? (
          <p>
            {running.kind === 'fit-tracks' ? 'Fitting the rig' : 'Tracking the face'}: {running.progress.stage} (
            {Math.round(running.progress.fraction * 100)}%)
          </p>
        ) : error ? (
          <p className="inline-error">{error}</p>
        ) : !summary?.analysed ? (
          <p>Face tracking has not run yet.</p>
        ) : counters ? (
          <p data-testid="video-tracking-summary">
            Face found in {counters.framesWithFace} of {counters.frames} frames; the detector ran{' '}
            {counters.detectionsRun} {counters.detectionsRun === 1 ? 'time' : 'times'}, tracking was lost{' '}
            {counters.trackingLosses} {counters.trackingLosses === 1 ? 'time' : 'times'}.
            {summary.trackSetIds.length > 0 ? ' Coefficient tracks are in the Tracks list.' : ''}
          </p>
        ) : (
          <p>{summary.message ?? 'No face was found.'}</p>
        )}
        {summary?.analysed && !summary.ok && summary.message && <p className="inline-error">{summary.message}</p>}
      </section>
    </div>
  );
}
