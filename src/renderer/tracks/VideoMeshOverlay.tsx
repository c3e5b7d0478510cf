import { useEffect, useRef, useState } from 'react';
import { toApiError, type ResultOf } from '../../shared/api';
import { useServices } from '../app-services';
import { MeshPoints } from '../face/MeshPoints';
import '../face/face.css';

/** Frames per faces.videoFrames request: about 5 s at 30 fps, fetched one chunk ahead of the playhead. */
const CHUNK_FRAMES = 150;

type FramesAnswer = ResultOf<'faces.videoFrames'>;
interface TrackingMeta {
  fps: number;
  frameCount: number;
  width: number;
  height: number;
}

/**
 * The tracked mesh of the frame the <video> shows, as an SVG laid exactly over it. The SVG covers
 * the element's box with the video's pixel size as viewBox and preserveAspectRatio "meet", which
 * letterboxes the same way as the element's object-fit: contain, so points land on the picture.
 * The frame follows requestVideoFrameCallback (the frame actually presented), or timeupdate and
 * seeked where the browser lacks it; landmarks come in chunks, cached, never one call per frame.
 */
export function VideoMeshOverlay({ assetId, video }: { assetId: string; video: HTMLVideoElement }) {
  const { client } = useServices();
  // Chunks asked for (loading, loaded or failed), so each is requested once.
  const requested = useRef(new Set<number>());
  const [loaded, setLoaded] = useState<ReadonlyMap<number, FramesAnswer['frames']>>(new Map());
  const [meta, setMeta] = useState<TrackingMeta | null>(null);
  const [mediaTime, setMediaTime] = useState(() => video.currentTime);
  const [error, setError] = useState<string | null>(null);
  const [box, setBox] = useState({ width: video.clientWidth, height: video.clientHeight });

  // Follow the presented frame.
  useEffect(() => {
    // Typed as always present, but older engines (and some WebViews) lack it.
    if (typeof video.requestVideoFrameCallback === 'function') {
      let handle = 0;
      const onFrame: VideoFrameRequestCallback = (_now, metadata) => {
        setMediaTime(metadata.mediaTime);
        handle = video.requestVideoFrameCallback(onFrame);
      };
      handle = video.requestVideoFrameCallback(onFrame);
      // A seek while paused presents a frame too, but "seeked" also covers a seek to the same frame.
      const onSeeked = () => setMediaTime(video.currentTime);
      video.addEventListener('seeked', onSeeked);
      return () => {
        video.cancelVideoFrameCallback(handle);
        video.removeEventListener('seeked', onSeeked);
      };
    }
    const onTime = () => setMediaTime(video.currentTime);
    video.addEventListener('timeupdate', onTime);
    video.addEventListener('seeked', onTime);
    return () => {
      video.removeEventListener('timeupdate', onTime);
      video.removeEventListener('seeked', onTime);
    };
  }, [video]);

  // Point radii are in video pixels: keep them a constant size on screen.
  useEffect(() => {
    const observer = new ResizeObserver(() => setBox({ width: video.clientWidth, height: video.clientHeight }));
    observer.observe(video);
    return () => observer.disconnect();
  }, [video]);

  const frame = meta ? Math.min(meta.frameCount - 1, Math.max(0, Math.round(mediaTime * meta.fps))) : 0;
  const chunkIndex = Math.floor(frame / CHUNK_FRAMES);

  // Load the playhead's chunk and the next one (once the length is known).
  useEffect(() => {
    const wanted = [chunkIndex];
    if (meta && (chunkIndex + 1) * CHUNK_FRAMES < meta.frameCount) wanted.push(chunkIndex + 1);
    for (const index of wanted) {
      if (requested.current.has(index)) continue;
      requested.current.add(index);
      client.call('faces.videoFrames', { assetId, from: index * CHUNK_FRAMES, count: CHUNK_FRAMES }).then(
        (answer) => {
          setLoaded((current) => new Map(current).set(index, answer.frames));
          setMeta((current) => current ?? answer);
        },
        (failure: unknown) => {
          // Not retried on every frame: a failed chunk stays failed until the viewer is reopened.
          setError(toApiError(failure).message);
        },
      );
    }
  }, [client, assetId, chunkIndex, meta]);

  const landmarks = loaded.get(chunkIndex)?.[frame - chunkIndex * CHUNK_FRAMES]?.landmarks;
  const px = meta ? 1 / Math.min(box.width / meta.width, box.height / meta.height) : 1;
  return (
    <>
      {meta && (
        <svg
          className="video-mesh-overlay"
          viewBox={`0 0 ${meta.width} ${meta.height}`}
          preserveAspectRatio="xMidYMid meet"
          style={{ position: 'absolute', inset: 0, width: '100%', height: '100%', pointerEvents: 'none' }}
          data-testid="video-mesh-overlay"
          data-frame={frame}
          data-loaded-chunks={loaded.size}
          aria-hidden
        >
          {landmarks && <MeshPoints landmarks={landmarks} stride={2} px={px} />}
        </svg>
      )}
      {error && <p className="inline-error">Mesh: {error}</p>}
    </>
  );
}
