import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { FacesRepo, probeVideo, readVideoFrames } from '../face';
import { DONOR_OPEN_FROM, fitLandmarksForSource, landmarkMouthOpening, type GenerateSourceSpec } from '../generate';
import type { ProjectStore } from '../store';

/** Mouth points whose box, widened by half the mouth's width each way, is the crop a donor keeps. */
const MOUTH_BOX_POINTS = [61, 291, 0, 17, 13, 14];
const MARGIN = 0.5;

/**
 * Mouth donors for every frame of a driving video rendered as a whole (`mien retarget`): the
 * driver is decoded once, in order, by one ffmpeg stream, and each frame whose mouth is open
 * becomes a donor of only the box around its mouth (the warp's donor reads nothing else), written
 * as an uncompressed TIFF the worker decodes at once, with the frame's tracked landmarks moved into
 * that box and their fit. A whole frame per donor (PNG encode, decode, the warp's prepare of every
 * pixel) costs several renders (docs/generator.md, "Mouth"); the box is a small fraction of it.
 * Frames must be asked for in increasing order; `release` deletes a donor's file once rendered.
 */
export class StreamedFrameDonors {
  private readonly landmarks = new Map<number, Float32Array>();
  private frames: AsyncGenerator<{ index: number; rgba: Uint8Array }> | null = null;
  private width = 0;
  private height = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly stop = new AbortController();
  private readonly dir: string;
  private failed = false;

  constructor(
    store: ProjectStore,
    private readonly videoAssetId: string,
    private readonly ffmpeg: string,
    private readonly videoSha: string,
    private readonly videoPath: string,
  ) {
    for (const frame of store.repository(FacesRepo).loadVideoFrames(videoAssetId)) {
      if (frame.landmarks && frame.landmarks.length >= 468 * 3) {
        this.landmarks.set(frame.index, Float32Array.from(frame.landmarks));
      }
    }
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-retarget-donors-'));
  }

  /**
   * The donor of frame `index` (null: no tracked face, the mouth is shut, or the driver could not be
   * decoded: the painted interior stands in, and the video is not read again); ask in increasing order.
   */
  donorFor(index: number): Promise<GenerateSourceSpec | null> {
    const next = this.queue.then(() => (this.failed ? null : this.build(index)));
    this.queue = next.catch((error: unknown) => {
      if (!this.stop.signal.aborted) {
        console.warn(
          `[engine] the driver's mouth interior is not used from frame ${index}: ${(error as Error).message}`,
        );
      }
      this.failed = true;
    });
    return next.catch(() => null);
  }

  release(spec: GenerateSourceSpec | null): void {
    if (spec) fs.rmSync(spec.imagePath, { force: true });
  }

  async close(): Promise<void> {
    this.stop.abort();
    await this.frames?.return(undefined).catch(() => undefined);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private async build(index: number): Promise<GenerateSourceSpec | null> {
    const landmarks = this.landmarks.get(index);
    if (!landmarks || landmarkMouthOpening(landmarks) < DONOR_OPEN_FROM) return null;
    const rgba = await this.frameAt(index);
    if (!rgba) return null;
    const box = this.mouthBox(landmarks);
    const crop = Buffer.alloc(box.width * box.height * 4);
    for (let y = 0; y < box.height; y++) {
      const from = ((box.y + y) * this.width + box.x) * 4;
      crop.set(rgba.subarray(from, from + box.width * 4), y * box.width * 4);
    }
    const imagePath = path.join(this.dir, `${index}.tif`);
    await sharp(crop, { raw: { width: box.width, height: box.height, channels: 4 } })
      .tiff({ compression: 'none' })
      .toFile(imagePath);
    const moved = Float32Array.from(landmarks);
    for (let i = 0; i < moved.length; i += 3) {
      moved[i] = moved[i]! - box.x;
      moved[i + 1] = moved[i + 1]! - box.y;
    }
    return {
      key: `video-stream:${this.videoSha}:${index}`,
      imagePath,
      landmarks: moved,
      landmarksImageWidth: box.width,
      fit: fitLandmarksForSource(moved),
    };
  }

  /** The frame's pixels, read on from the stream (frames before it are passed over). */
  private async frameAt(index: number): Promise<Uint8Array | null> {
    if (!this.frames) {
      const info = await probeVideo(this.videoPath, this.ffmpeg);
      this.width = info.width;
      this.height = info.height;
      this.frames = readVideoFrames(this.videoPath, info, this.stop.signal, this.ffmpeg);
    }
    for (;;) {
      const next = await this.frames.next();
      if (next.done) return null;
      if (next.value.index === index) return next.value.rgba;
      if (next.value.index > index) return null;
    }
  }

  private mouthBox(landmarks: Float32Array): { x: number; y: number; width: number; height: number } {
    const xs = MOUTH_BOX_POINTS.map((i) => landmarks[i * 3]!);
    const ys = MOUTH_BOX_POINTS.map((i) => landmarks[i * 3 + 1]!);
    const margin = (Math.max(...xs) - Math.min(...xs)) * MARGIN;
    const x = Math.max(0, Math.floor(Math.min(...xs) - margin));
    const y = Math.max(0, Math.floor(Math.min(...ys) - margin));
    const x1 = Math.min(this.width, Math.ceil(Math.max(...xs) + margin));
    const y1 = Math.min(this.height, Math.ceil(Math.max(...ys) + margin));
    return { x, y, width: Math.max(1, x1 - x), height: Math.max(1, y1 - y) };
  }
}
