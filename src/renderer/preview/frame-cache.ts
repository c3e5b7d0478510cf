import type { Frame, FrameRenderInfo } from '../../shared/api';
import { ARKIT_BLENDSHAPE_NAMES } from '../../shared/rig';
import type { RigValues } from '../rig/rig-values';

export type RenderedFrame = Frame & { header: { render: FrameRenderInfo } };

/**
 * The cache key of a rig state: its 55 values rounded to 1e-4 (far below what shows in a frame).
 * Keying frames by what they show, not by frame number, means an edit never needs to invalidate
 * anything: a changed frame simply has a new key, and an unchanged one (a still stretch, scrubbing
 * back) is found again.
 */
export function valuesKey(values: RigValues): string {
  let key = '';
  for (const name of ARKIT_BLENDSHAPE_NAMES) key += `${Math.round(values.coefficients[name] * 1e4)},`;
  const { yawDeg, pitchDeg, rollDeg } = values.head;
  return `${key}${Math.round(yawDeg * 1e4)},${Math.round(pitchDeg * 1e4)},${Math.round(rollDeg * 1e4)}`;
}

/** Default budget: about 380 preview frames of a 512 px face region. */
const DEFAULT_MAX_BYTES = 384 * 1024 * 1024;

/**
 * Rendered frames of one portrait by values key, least recently used dropped first once the byte
 * budget is spent. Listeners hear of every frame added (a playhead waiting on that frame shows it).
 */
export class FrameCache {
  private readonly frames = new Map<string, RenderedFrame>();
  private bytes = 0;
  private readonly listeners = new Set<(key: string, frame: RenderedFrame) => void>();

  constructor(private readonly maxBytes = DEFAULT_MAX_BYTES) {}

  get size(): number {
    return this.frames.size;
  }

  get byteSize(): number {
    return this.bytes;
  }

  has(key: string): boolean {
    return this.frames.has(key);
  }

  get(key: string): RenderedFrame | undefined {
    const frame = this.frames.get(key);
    if (frame) {
      // Most recently used last (Map keeps insertion order).
      this.frames.delete(key);
      this.frames.set(key, frame);
    }
    return frame;
  }

  set(key: string, frame: RenderedFrame): void {
    const old = this.frames.get(key);
    if (old) {
      this.bytes -= old.data.byteLength;
      this.frames.delete(key);
    }
    this.frames.set(key, frame);
    this.bytes += frame.data.byteLength;
    for (const [oldest, dropped] of this.frames) {
      if (this.bytes <= this.maxBytes || oldest === key) break;
      this.frames.delete(oldest);
      this.bytes -= dropped.data.byteLength;
    }
    for (const listener of this.listeners) listener(key, frame);
  }

  clear(): void {
    this.frames.clear();
    this.bytes = 0;
  }

  onAdd(listener: (key: string, frame: RenderedFrame) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

let current: { assetId: string; cache: FrameCache } | null = null;

/** The frame cache of a portrait; opening another portrait starts a fresh one (memory stays bounded). */
export function frameCacheFor(assetId: string): FrameCache {
  if (current?.assetId !== assetId) {
    current?.cache.clear();
    current = { assetId, cache: new FrameCache() };
  }
  return current.cache;
}
