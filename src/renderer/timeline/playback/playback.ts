import type { MienClient } from '../../../shared/api';
import { frameTime } from '../../../shared/timeline';
import { frameCacheFor, valuesKey } from '../../preview/frame-cache';
import { usePreviewStore } from '../../preview/preview-store';
import { useRigPanelStore } from '../../rig/rig-panel-store';
import type { RigValues } from '../../rig/rig-values';
import { sceneValuesAt } from '../parameters';
import { lastFrame, seekFrame, useTimelineStore } from '../timeline-store';
import { clockFrame, framesAhead } from './playback-window';
import { FramePrefetcher } from './frame-prefetcher';

/** Frames asked for ahead of the playhead at once (about a second at 30 fps). */
const AHEAD_FRAMES = 30;

/** The rig values of a scene frame: the static rig state with the animated parameters applied. */
export function sceneFrameValues(frame: number): RigValues {
  const { tracks, scene } = useTimelineStore.getState();
  const values = useRigPanelStore.getState().values;
  if (!scene) return values;
  return sceneValuesAt(values, tracks, frameTime(frame, scene.fps));
}

/**
 * Plays the open scene at its frame rate: a requestAnimationFrame clock moves the playhead to the
 * frame real time says (frames that are not rendered in time are dropped, the clock never waits),
 * and a prefetcher renders the frames just ahead into the frame cache, where the preview finds
 * them. Looping playback; the cache keeps the frames for the next loop and for scrubbing back.
 */
export class Playback {
  private prefetcher: FramePrefetcher | null = null;
  private request = 0;
  private startedAt = 0;
  private startFrame = 0;
  private lastWantedFrame = -1;

  constructor(private readonly client: MienClient) {}

  start(): void {
    const { scene } = useTimelineStore.getState();
    if (!scene) return;
    this.stopLoop();
    const last = lastFrame(scene);
    const from = useTimelineStore.getState().frame >= last ? 0 : useTimelineStore.getState().frame;
    seekFrame(from);
    this.prefetcher ??= new FramePrefetcher(this.client, scene.assetId, frameCacheFor(scene.assetId));
    this.startFrame = from;
    this.startedAt = performance.now();
    this.lastWantedFrame = -1;
    usePreviewStore.setState({ playback: true });
    useTimelineStore.setState({ playing: true });
    this.request = requestAnimationFrame(this.tick);
  }

  stop(): void {
    this.stopLoop();
    if (usePreviewStore.getState().playback) usePreviewStore.setState({ playback: false });
    if (useTimelineStore.getState().playing) useTimelineStore.setState({ playing: false });
    this.prefetcher?.want([]);
  }

  dispose(): void {
    this.stop();
    this.prefetcher?.close();
    this.prefetcher = null;
  }

  private stopLoop(): void {
    if (this.request) cancelAnimationFrame(this.request);
    this.request = 0;
  }

  private readonly tick = (now: number): void => {
    const { scene, playing } = useTimelineStore.getState();
    if (!scene || !playing) {
      this.stop();
      return;
    }
    const last = lastFrame(scene);
    const frame = clockFrame({
      startFrame: this.startFrame,
      startedAt: this.startedAt,
      now,
      fps: scene.fps,
      lastFrame: last,
      loop: true,
    });
    if (frame !== null) seekFrame(frame);
    const at = frame ?? last;
    if (at !== this.lastWantedFrame && this.prefetcher) {
      this.lastWantedFrame = at;
      const ahead = framesAhead({
        frame: at,
        lastFrame: last,
        fps: scene.fps,
        renderMs: this.prefetcher.averageMs,
        count: AHEAD_FRAMES,
        loop: true,
      });
      this.prefetcher.want(
        ahead.map((ahead) => {
          const values = sceneFrameValues(ahead);
          return { key: valuesKey(values), values };
        }),
      );
    }
    this.request = requestAnimationFrame(this.tick);
  };
}
