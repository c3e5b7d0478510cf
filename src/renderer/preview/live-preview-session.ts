import { toApiError, type Frame, type FrameRenderInfo, type MienClient, type RenderQuality } from '../../shared/api';
import type { LayerMix } from '../../shared/generate';
import { sameValues, type RigValues } from '../rig/rig-values';

/** Quiet time after the last preview request before the full-resolution render is asked for. */
export const FULL_RENDER_DELAY_MS = 200;

export interface LivePreviewHandlers {
  /** A frame newer than anything shown so far (never one of a state from before a clear()). */
  onFrame(frame: Frame & { header: { render: FrameRenderInfo } }): void;
  onError(message: string): void;
  /** Whether a preview frame is on its way (asked for and not received, or dropped by clear()). */
  onWaiting?(waiting: boolean): void;
}

const stateNumber = (stateId: string): number => Number(stateId.slice(1));

/**
 * The renderer's side of one render session (src/shared/api/render.ts) for one portrait: every
 * show() goes to the engine at once as a preview update (the engine keeps only the newest one
 * waiting), a full-resolution update follows once the values stop changing, and frames older than
 * what is on screen, or from before a clear(), are dropped.
 */
export class LivePreviewSession {
  private sessionId: string | null = null;
  private closeStream: (() => void) | null = null;
  private closed = false;
  private nextState = 1;
  /** Frames of states up to this number are stale (shown or cleared since). */
  private staleUpTo = 0;
  private waitingValues: RigValues | null = null;
  private fullTimer: ReturnType<typeof setTimeout> | null = null;
  /** Number of the newest preview state asked for. */
  private latestPreview = 0;
  /** The values of the newest preview request (a repeat of them is not sent again). */
  private latestValues: RigValues | null = null;
  /** Values whose full render waits for their preview frame (a slow machine must not render both at once). */
  private fullAfterPreview: RigValues | null = null;
  /** The id of the newest state asked for (the benchmark matches frames to inputs with it). */
  lastRequestedStateId: string | null = null;
  /** A scene session's overrides sent with every update (the layers panel while a slider drags). */
  private sceneInputs: { layerMix?: LayerMix; sourceFrame?: number } = {};
  private latestSceneInputs = '{}';

  constructor(
    private readonly client: MienClient,
    private readonly assetId: string,
    private readonly handlers: LivePreviewHandlers,
    private readonly fullDelayMs = FULL_RENDER_DELAY_MS,
    /** Render this scene of the portrait: its expression source and layer alphas join every frame. */
    private readonly sceneId: string | null = null,
  ) {}

  /** Layer alphas or an expression frame to render instead of the scene's saved ones (until cleared with {}). */
  setSceneInputs(inputs: { layerMix?: LayerMix; sourceFrame?: number }): void {
    this.sceneInputs = inputs;
  }

  /** Something the engine renders from besides the values changed (a painted mask): the next show() renders again. */
  invalidate(): void {
    this.latestValues = null;
  }

  async open(): Promise<void> {
    try {
      const { sessionId } = await this.client.call('render.openSession', {
        assetId: this.assetId,
        ...(this.sceneId ? { sceneId: this.sceneId } : {}),
      });
      if (this.closed) {
        void this.client.call('render.closeSession', { sessionId }).catch(() => undefined);
        return;
      }
      this.sessionId = sessionId;
      this.closeStream = this.client.openStream(sessionId, (frame) => this.receive(frame));
      const waiting = this.waitingValues;
      this.waitingValues = null;
      if (waiting) this.show(waiting);
    } catch (error) {
      if (!this.closed) this.handlers.onError(toApiError(error).message);
    }
  }

  /** Renders these values: a preview frame now, the full-resolution frame when they stop changing. */
  show(values: RigValues): void {
    if (this.closed) return;
    if (!this.sessionId) {
      this.waitingValues = values;
      return;
    }
    // An edit writes the panel's values twice (shown at once, then by its undo command): one render.
    const sceneInputs = JSON.stringify(this.sceneInputs);
    if (this.latestValues && sameValues(this.latestValues, values) && sceneInputs === this.latestSceneInputs) return;
    this.latestValues = values;
    this.latestSceneInputs = sceneInputs;
    this.latestPreview = this.request(values, 'preview');
    this.handlers.onWaiting?.(true);
    this.fullAfterPreview = null;
    if (this.fullTimer) clearTimeout(this.fullTimer);
    this.fullTimer = setTimeout(() => {
      this.fullTimer = null;
      if (this.staleUpTo >= this.latestPreview) this.request(values, 'full');
      else this.fullAfterPreview = values;
    }, this.fullDelayMs);
  }

  /** The original is on screen again: frames of states asked for so far must not replace it. */
  clear(): void {
    if (this.fullTimer) clearTimeout(this.fullTimer);
    this.fullTimer = null;
    this.waitingValues = null;
    this.fullAfterPreview = null;
    this.latestValues = null;
    this.staleUpTo = this.nextState - 1;
    this.handlers.onWaiting?.(false);
  }

  close(): void {
    if (this.closed) return;
    this.clear();
    this.closed = true;
    this.closeStream?.();
    if (this.sessionId) void this.client.call('render.closeSession', { sessionId: this.sessionId }).catch(() => {});
  }

  /** Sends one update; returns its state's number. */
  private request(values: RigValues, quality: RenderQuality): number {
    const number = this.nextState++;
    const stateId = `s${number}`;
    const sessionId = this.sessionId!;
    this.lastRequestedStateId = stateId;
    this.client
      .call('render.update', {
        sessionId,
        stateId,
        quality,
        coefficients: values.coefficients,
        head: values.head,
        ...this.sceneInputs,
      })
      .catch((error: unknown) => {
        const apiError = toApiError(error);
        if (this.closed || apiError.code === 'cancelled') return;
        if (quality === 'preview' && number === this.latestPreview) this.handlers.onWaiting?.(false);
        // The engine ended the session (the web socket reconnected): open a new one and show the values again.
        if (apiError.code === 'not_found') {
          if (this.sessionId === sessionId) this.reopen(values);
          return;
        }
        this.handlers.onError(apiError.message);
      });
    return number;
  }

  private reopen(values: RigValues): void {
    this.closeStream?.();
    this.closeStream = null;
    this.sessionId = null;
    this.latestValues = null;
    this.waitingValues = values;
    void this.open();
  }

  private receive(frame: Frame): void {
    const render = frame.header.render;
    if (this.closed || !render) return;
    const number = stateNumber(render.stateId);
    if (!(number > this.staleUpTo)) return;
    this.staleUpTo = number;
    this.handlers.onFrame(frame as Frame & { header: { render: FrameRenderInfo } });
    if (number >= this.latestPreview) this.handlers.onWaiting?.(false);
    const full = this.fullAfterPreview;
    if (full && number >= this.latestPreview) {
      this.fullAfterPreview = null;
      this.request(full, 'full');
    }
  }
}
