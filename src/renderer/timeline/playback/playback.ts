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
/** Quiet time after an edit or a seek before the paused scene is rendered ahead. */
const WARM_DELAY_MS = 800;
/** Most frames rendered ahead while paused (about 300 MB of 512 px frames, within the cache's budget). */
const WARM_FRAMES = 300;

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
  private warmTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly client: MienClient) {}

  /**
   * While paused, once nothing has changed for WARM_DELAY_MS, renders the scene's frames from the
   * playhead on into the cache (one at a time, in the background), so the first play and scrubbing
   * are instant. Any change (an edit, a seek) drops what was still waiting and starts the wait again.
   */
  scheduleWarm(): void {
    if (useTimelineStore.getState().playing) return;
    this.prefetcher?.want([]);
    if (this.warmTimer) clearTimeout(this.warmTimer);
    this.warmTimer = setTimeout(() => {
      this.warmTimer = null;
      this.warm();
    }, WARM_DELAY_MS);
  }

  private warm(): void {
    const { scene, playing, tracks, frame } = useTimelineStore.getState();
    if (!scene || playing || !tracks.some((track) => track.keyframes.length > 0)) return;
    this.prefetcher ??= new FramePrefetcher(this.client, scene.assetId, frameCacheFor(scene.assetId));
    const total = lastFrame(scene) + 1;
    const frames = Array.from({ length: Math.min(total, WARM_FRAMES) }, (_, i) => (frame + i) % total);
    this.prefetcher.want(
      frames.map((ahead) => {
        const values = sceneFrameValues(ahead);
        return { key: valuesKey(values), values };
      }),
    );
  }

  start(): void {
    const { scene } = useTimelineStore.getState();
    if (!scene) return;
    this.stopLoop();
    if (this.warmTimer) clearTimeout(this.warmTimer);
    this.warmTimer = null;
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
    this.scheduleWarm();
  }

  dispose(): void {
    this.stop();
    if (this.warmTimer) clearTimeout(this.warmTimer);
    this.warmTimer = null;
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
