import { toApiError, type MienClient } from '../../../shared/api';
import type { FrameCache, RenderedFrame } from '../../preview/frame-cache';
import type { RigValues } from '../../rig/rig-values';

export interface WantedFrame {
  key: string;
  values: RigValues;
}

/**
 * Renders frames ahead of the playhead into the frame cache through its own render session (the
 * live preview's session keeps answering edits). One render at a time, because a session keeps
 * only its newest waiting state: the next wanted frame is sent when the last one arrives. Keeps a
 * running average of the render time, which the player uses to decide how far ahead to look.
 */
export class FramePrefetcher {
  private sessionId: string | null = null;
  private closeStream: (() => void) | null = null;
  private opening: Promise<void> | null = null;
  private closed = false;
  private wanted: WantedFrame[] = [];
  private inFlight: string | null = null;
  private nextState = 1;
  private readonly keysByState = new Map<string, string>();
  /** Exponential average of milliseconds per frame (request to frame on the stream). */
  averageMs = 80;
  error: string | null = null;

  constructor(
    private readonly client: MienClient,
    private readonly assetId: string,
    private readonly cache: FrameCache,
  ) {}

  /** Replaces what is wanted, most urgent first; already cached frames are skipped. */
  want(frames: readonly WantedFrame[]): void {
    if (this.closed) return;
    this.wanted = frames.filter((frame) => !this.cache.has(frame.key));
    void this.pump();
  }

  close(): void {
    this.closed = true;
    this.wanted = [];
    this.closeStream?.();
    if (this.sessionId) void this.client.call('render.closeSession', { sessionId: this.sessionId }).catch(() => {});
    this.sessionId = null;
  }

  private async ensureSession(): Promise<boolean> {
    if (this.sessionId) return true;
    this.opening ??= (async () => {
      const { sessionId } = await this.client.call('render.openSession', { assetId: this.assetId });
      if (this.closed) {
        void this.client.call('render.closeSession', { sessionId }).catch(() => {});
        return;
      }
      this.sessionId = sessionId;
      this.closeStream = this.client.openStream(sessionId, (frame) => {
        const stateId = frame.header.render?.stateId;
        const key = stateId === undefined ? undefined : this.keysByState.get(stateId);
        if (stateId === undefined || key === undefined) return;
        this.keysByState.delete(stateId);
        this.cache.set(key, frame as RenderedFrame);
      });
    })().finally(() => {
      this.opening = null;
    });
    try {
      await this.opening;
    } catch (error) {
      this.error = toApiError(error).message;
      return false;
    }
    return this.sessionId !== null;
  }

  private async pump(): Promise<void> {
    if (this.inFlight || this.closed) return;
    const next = this.wanted.find((frame) => !this.cache.has(frame.key));
    if (!next) return;
    this.inFlight = next.key;
    try {
      if (!(await this.ensureSession())) return;
      const stateId = `p${this.nextState++}`;
      this.keysByState.set(stateId, next.key);
      const started = performance.now();
      const result = await this.client.call('render.update', {
        sessionId: this.sessionId!,
        stateId,
        quality: 'preview',
        coefficients: next.values.coefficients,
        head: next.values.head,
      });
      if (result.outcome === 'rendered') {
        this.averageMs = 0.7 * this.averageMs + 0.3 * (performance.now() - started);
        this.error = null;
      } else this.keysByState.delete(stateId);
    } catch (error) {
      const apiError = toApiError(error);
      if (!this.closed && apiError.code === 'not_found') {
        // The engine ended the session (a reconnect): the next frame opens a new one.
        this.closeStream?.();
        this.sessionId = null;
      } else if (!this.closed) {
        this.error = apiError.message;
        this.wanted = [];
      }
    } finally {
      this.inFlight = null;
    }
    void this.pump();
  }
}
