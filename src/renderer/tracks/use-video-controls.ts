import { useEffect } from 'react';
import type { Asset } from '../../shared/api';
import { useFaceOverlayStore } from '../face/face-overlay-store';
import { useShortcut } from '../ui/shortcut-registry';
import { frameAt, timeOfFrame, usePlayheadStore } from './playhead-store';

const BIG_STEP_FRAMES = 10;

/** Moves the element to `seconds` unless it is there already (a report coming back is not a seek). */
function seekVideo(video: HTMLVideoElement, seconds: number): void {
  if (Math.abs(video.currentTime - seconds) > 1e-4) video.currentTime = seconds;
}

/**
 * Links a shown <video> to the playhead store both ways (its time is reported; a control's seek
 * moves it) and registers the video's keys: Space plays or pauses, ← / → step one frame (Shift:
 * ten), M toggles the tracked mesh.
 */
export function useVideoControls(asset: Asset, video: HTMLVideoElement | null, meshAvailable: boolean): void {
  const fps = asset.fps ?? 30;
  const frameCount = Math.max(1, asset.frameCount ?? 1);

  useEffect(() => {
    if (!video) return undefined;
    const report = () => usePlayheadStore.getState().report(asset.id, video.currentTime);
    // timeupdate comes about 4 times a second while playing: follow every painted frame instead.
    let frameRequest = 0;
    const followPlayback = () => {
      report();
      if (!video.paused && !video.ended) frameRequest = requestAnimationFrame(followPlayback);
    };
    const onPlay = () => {
      cancelAnimationFrame(frameRequest);
      frameRequest = requestAnimationFrame(followPlayback);
    };
    const events = ['seeked', 'timeupdate', 'loadedmetadata'] as const;
    for (const name of events) video.addEventListener(name, report);
    video.addEventListener('play', onPlay);
    const unsubscribe = usePlayheadStore.subscribe((state) => {
      if (state.origin !== 'control' || state.assetId !== asset.id) return;
      seekVideo(video, state.seconds);
    });
    // A control that moved while this video was not shown (another asset open) takes it along.
    const known = usePlayheadStore.getState();
    if (known.assetId === asset.id && known.origin === 'control') seekVideo(video, known.seconds);
    else report();
    return () => {
      for (const name of events) video.removeEventListener(name, report);
      video.removeEventListener('play', onPlay);
      cancelAnimationFrame(frameRequest);
      unsubscribe();
    };
  }, [video, asset.id]);

  const step = (frames: number) => {
    if (!video) return;
    video.pause();
    const frame = frameAt(video.currentTime, fps, frameCount) + frames;
    usePlayheadStore.getState().seek(asset.id, timeOfFrame(Math.min(frameCount - 1, Math.max(0, frame)), fps));
  };

  useShortcut({
    id: 'video.play',
    scope: 'Video',
    action: 'Play or pause',
    keys: [['Space']],
    enabled: video !== null,
    run: () => {
      if (!video) return;
      if (video.paused || video.ended) void video.play().catch(() => undefined);
      else video.pause();
    },
  });
  useShortcut({
    id: 'video.step',
    scope: 'Video',
    action: 'Step one frame',
    keys: [['←'], ['→']],
    enabled: video !== null,
    run: (event) => step(event.key === 'ArrowLeft' ? -1 : 1),
  });
  useShortcut({
    id: 'video.step-big',
    scope: 'Video',
    action: `Step ${BIG_STEP_FRAMES} frames`,
    keys: [
      ['Shift', '←'],
      ['Shift', '→'],
    ],
    enabled: video !== null,
    run: (event) => step(event.key === 'ArrowLeft' ? -BIG_STEP_FRAMES : BIG_STEP_FRAMES),
  });
  useShortcut({
    id: 'face.mesh',
    scope: 'Face overlays',
    action: 'Show or hide the mesh',
    keys: [['M']],
    enabled: meshAvailable,
    run: () => useFaceOverlayStore.getState().toggle('mesh'),
  });
}
