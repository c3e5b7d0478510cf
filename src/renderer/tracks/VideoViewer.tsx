import { useCallback, useEffect, useMemo, useState } from 'react';
import { toApiError, type Asset } from '../../shared/api';
import type { VideoTrackingSummary } from '../../shared/api/tracks';
import { useServices } from '../app-services';
import { isActiveJob, useJobsStore } from '../state/jobs-store';
import { formatDuration } from '../ui/format';
import { useFaceOverlayStore } from '../face/face-overlay-store';
import { TrackingStatus } from './TrackingStatus';
import { useVideoControls } from './use-video-controls';
import { VideoMeshOverlay } from './VideoMeshOverlay';
import './tracks.css';

/**
 * A driving video: the video itself (both hosts answer Range requests, so it plays and seeks),
 * with size, rate and length, and the face-tracking outcome (TrackingStatus). Once tracked, the Mesh toggle (M, the
 * photo viewer's face-layer switch and shortcut) draws the tracked points over the playing frames.
 * When the browser cannot decode the container or codec, the poster frame is shown instead.
 */
export function VideoViewer({ asset }: { asset: Asset }) {
  const { client } = useServices();
  const [summary, setSummary] = useState<VideoTrackingSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Keyed by the video's sha so a failure of one video does not hide the next one's player.
  const [playbackFailure, setPlaybackFailure] = useState<{ sha256: string; message: string } | null>(null);
  const playbackError = playbackFailure?.sha256 === asset.originalSha256 ? playbackFailure.message : null;
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const controlsShown = hovered || focused;
  const mesh = useFaceOverlayStore((state) => state.mesh);
  const jobs = useJobsStore((state) => state.jobs);
  const running = useMemo(
    () =>
      Object.values(jobs).find(
        (job) =>
          job.assetId === asset.id && isActiveJob(job) && (job.kind === 'analyze-face' || job.kind === 'fit-tracks'),
      ) ?? null,
    [jobs, asset.id],
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
  const tracked = Boolean(summary?.ok && !running);

  // Space, arrows and M; the video and the frame controls follow each other (playhead store).
  useVideoControls(asset, playbackError ? null : video, true);

  return (
    <div className="video-viewer" data-testid="video-viewer">
      <figure className="video-viewer__poster">
        {/* The frame is exactly the picture's box: the badge and the mesh overlay sit on the picture. */}
        <div className="video-viewer__frame">
          {playbackError ? (
            <img
              src={client.mediaUrl(asset.thumbnailSha256)}
              alt={`First frames of ${asset.originalName}`}
              draggable={false}
            />
          ) : (
            <video
              key={asset.originalSha256}
              ref={setVideo}
              data-testid="video-player"
              src={client.mediaUrl(asset.originalSha256)}
              poster={client.mediaUrl(asset.thumbnailSha256)}
              aria-label={asset.originalName}
              // The browser's controls cover the lower face: shown while the pointer is over the video
              // or it has keyboard focus (Space, the arrows and the frame slider work without them).
              controls={controlsShown}
              tabIndex={0}
              onPointerEnter={() => setHovered(true)}
              onPointerLeave={() => setHovered(false)}
              onFocus={() => setFocused(true)}
              onBlur={() => setFocused(false)}
              preload="metadata"
              playsInline
              onError={(event) =>
                setPlaybackFailure({
                  sha256: asset.originalSha256,
                  message: describeMediaError(event.currentTarget.error, asset.mime),
                })
              }
            />
          )}
          {mesh && tracked && video && !playbackError && (
            // Keyed by the tracking counters: a new tracking run starts a fresh chunk cache.
            <VideoMeshOverlay key={JSON.stringify(counters)} assetId={asset.id} video={video} />
          )}
          <span className="video-badge video-badge--large">Video</span>
        </div>
      </figure>
      <div
        className="face-toggles"
        role="group"
        aria-label="Face layers"
        style={{ border: 'none', margin: 0, padding: 0 }}
      >
        <button
          type="button"
          className="button button--small button--ghost"
          aria-pressed={mesh}
          disabled={!tracked || Boolean(playbackError)}
          title="Tracked mesh and iris points over the frames (M)"
          onClick={() => useFaceOverlayStore.getState().toggle('mesh')}
        >
          Mesh
        </button>
      </div>
      {playbackError && <p className="inline-error">{playbackError}</p>}
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
      <TrackingStatus assetId={asset.id} running={running} summary={summary} error={error} />
    </div>
  );
}

/** The user-facing sentence for a <video> that failed to load or decode. */
function describeMediaError(error: MediaError | null, mime: string): string {
  if (error?.code === MediaError.MEDIA_ERR_SRC_NOT_SUPPORTED || error?.code === MediaError.MEDIA_ERR_DECODE) {
    return `This window cannot play ${mime} with this video's codec; showing its first frames instead.`;
  }
  if (error?.code === MediaError.MEDIA_ERR_NETWORK) return 'The video could not be loaded; showing its first frames.';
  return 'The video could not be played; showing its first frames.';
}
