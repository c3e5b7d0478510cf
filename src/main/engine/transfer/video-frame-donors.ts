import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { EngineContext } from '../api';
import { FacesRepo } from '../face';
import { DONOR_OPEN_FROM, fitLandmarksForSource, landmarkMouthOpening, type GenerateSourceSpec } from '../generate';
import { VideoFrameGrabber } from '../media';
import type { ProjectStore } from '../store';
import { FramePngCache } from './frame-png-cache';

/** Frames whose donor is kept ready in memory: the one shown and a few the user scrubbed past. */
const DONORS_KEPT = 6;

export type DonorContext = Pick<EngineContext, 'openStore' | 'dataDir' | 'ffmpeg'>;

interface DonorEntry {
  promise: Promise<GenerateSourceSpec | null>;
  /** Set once the promise settles: the spec, or null (no face, a shut mouth, or decoding failed). */
  ready?: GenerateSourceSpec | null;
}

/**
 * The mouth donors of video frames used as expression source (issue 9: "mouth interior from the
 * expression source"): a frame's picture (decoded once by ffmpeg into a cached PNG), its tracked
 * landmarks and a rig fit of them, as the GenerateSourceSpec the warp's donor path takes for a
 * photo. A frame without a tracked face or with a shut mouth (under DONOR_OPEN_FROM, where the
 * warp would not use it) has no donor and costs no decoding. Ready donors are kept for the last
 * few frames asked for; `peek` never waits (the preview renders with the painted interior until
 * the frame is ready), `prepare` does.
 */
export class VideoFrameDonors {
  private readonly entries = new Map<string, DonorEntry>();
  /** The newest frame a preview asked for that is not prepared yet, and whether a preview's preparation runs. */
  private wanted: { videoAssetId: string; frameIndex: number } | null = null;
  private previewBuilding = false;

  /** `build` decodes and fits one frame (buildVideoFrameDonor); tests give their own. */
  constructor(
    private readonly build: (videoAssetId: string, frameIndex: number) => Promise<GenerateSourceSpec | null>,
  ) {}

  /**
   * The frame's donor when it is prepared; otherwise null, and it is prepared next: one frame at a
   * time, the newest asked for first, so scrubbing through a video's frames runs one ffmpeg at a
   * time and ends with the frame the user stopped on, not every frame passed on the way.
   */
  peek(videoAssetId: string, frameIndex: number): GenerateSourceSpec | null {
    const entry = this.entries.get(`${videoAssetId}:${frameIndex}`);
    if (entry) return this.entry(videoAssetId, frameIndex).ready ?? null;
    this.wanted = { videoAssetId, frameIndex };
    this.prepareWanted();
    return null;
  }

  /** The frame's donor, decoded and fitted if it is not yet; null when the frame has none. */
  prepare(videoAssetId: string, frameIndex: number): Promise<GenerateSourceSpec | null> {
    return this.entry(videoAssetId, frameIndex).promise;
  }

  private prepareWanted(): void {
    if (this.previewBuilding || !this.wanted) return;
    const { videoAssetId, frameIndex } = this.wanted;
    this.wanted = null;
    this.previewBuilding = true;
    void this.entry(videoAssetId, frameIndex).promise.finally(() => {
      this.previewBuilding = false;
      this.prepareWanted();
    });
  }

  private entry(videoAssetId: string, frameIndex: number): DonorEntry {
    const key = `${videoAssetId}:${frameIndex}`;
    let entry = this.entries.get(key);
    if (entry) {
      // Most recently used last, so the oldest goes first.
      this.entries.delete(key);
      this.entries.set(key, entry);
      return entry;
    }
    const created: DonorEntry = {
      promise: this.build(videoAssetId, frameIndex).then(
        (spec) => (created.ready = spec),
        (error: unknown) => {
          // The painted interior stands in; the next ask tries again.
          console.warn(`[engine] no mouth donor for frame ${frameIndex}: ${(error as Error).message}`);
          this.entries.delete(key);
          return (created.ready = null);
        },
      ),
    };
    entry = created;
    this.entries.set(key, entry);
    while (this.entries.size > DONORS_KEPT) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }
}

/**
 * A video frame's donor: null without a tracked face or with a shut mouth (nothing decoded);
 * otherwise the frame decoded to a cached PNG, its tracked landmarks and their rig fit.
 */
export async function buildVideoFrameDonor(
  deps: { store: ProjectStore; grabber: VideoFrameGrabber; cache: FramePngCache },
  videoAssetId: string,
  frameIndex: number,
): Promise<GenerateSourceSpec | null> {
  const { store, grabber, cache } = deps;
  const asset = store.assets.get(videoAssetId);
  const tracked = store.repository(FacesRepo).loadVideoFrameLandmarks(videoAssetId, frameIndex);
  if (!tracked || tracked.landmarks.length < 468 * 3) return null;
  if (landmarkMouthOpening(tracked.landmarks) < DONOR_OPEN_FROM) return null;
  const video = store.workingFileOf(asset);
  const imagePath = await cache.file(`${asset.originalSha256}-${frameIndex}`, (out) =>
    grabber.writePng(video, frameIndex, out),
  );
  const landmarksId = createHash('sha256')
    .update(Buffer.from(tracked.landmarks.buffer, tracked.landmarks.byteOffset, tracked.landmarks.byteLength))
    .digest('hex')
    .slice(0, 16);
  return {
    key: `video:${asset.originalSha256}:${frameIndex}:${landmarksId}`,
    imagePath,
    landmarks: tracked.landmarks,
    landmarksImageWidth: tracked.width,
    fit: fitLandmarksForSource(tracked.landmarks),
  };
}

const donorsByStore = new WeakMap<ProjectStore, VideoFrameDonors>();

/**
 * The open store's video frame donors. Decoded frames go to <dataDir>/cache/video-frames (bounded,
 * see FramePngCache), or to the system's temp folder when the data folder is read-only.
 */
export function videoFrameDonorsOf(context: DonorContext): VideoFrameDonors {
  const { store } = context.openStore();
  let donors = donorsByStore.get(store);
  if (!donors) {
    const dir = store.readOnly
      ? path.join(os.tmpdir(), `mien-video-frames-${process.pid}`)
      : path.join(context.dataDir, 'cache', 'video-frames');
    const deps = { store, grabber: new VideoFrameGrabber(context.ffmpeg), cache: new FramePngCache(dir) };
    donors = new VideoFrameDonors((videoAssetId, frameIndex) => buildVideoFrameDonor(deps, videoAssetId, frameIndex));
    donorsByStore.set(store, donors);
  }
  return donors;
}
