import { randomUUID } from 'node:crypto';
import {
  ApiError,
  MAX_RENDER_SESSIONS,
  MAX_RENDER_SESSIONS_PER_CONNECTION,
  type CoefficientRecord,
  type FrameRenderInfo,
  type HeadRotationRecord,
  type RenderQuality,
  type RenderSessionInfo,
  type ResultOf,
} from '../../../shared/api';
import type { LayerMix } from '../../../shared/generate';
import type { FrameStreams } from '../jobs';

/** What a session asks its renderer for: one frame of the asset at a rig state. */
export interface SessionRenderRequest {
  assetId: string;
  /** A scene session: the scene whose expression source and layer mix join the frame. */
  sceneId?: string;
  /** Overrides of the scene's layer mix and expression frame for this frame (sliders dragging). */
  layerMix?: LayerMix;
  sourceFrame?: number;
  target: { coefficients: CoefficientRecord; head: HeadRotationRecord };
  quality: RenderQuality;
  /** Long side of a preview frame in pixels. */
  previewSide: number;
  signal: AbortSignal;
}

export interface SessionRenderResult {
  /** RGBA, 4 bytes a pixel, rows top to bottom. */
  data: Uint8Array;
  width: number;
  height: number;
  info: Omit<FrameRenderInfo, 'stateId' | 'quality' | 'engineMs'>;
}

export type SessionRenderer = (request: SessionRenderRequest) => Promise<SessionRenderResult>;

export type RenderUpdateResult = ResultOf<'render.update'>;

interface Update {
  stateId: string;
  receivedAt: number;
  quality: RenderQuality;
  target: SessionRenderRequest['target'];
  layerMix?: LayerMix;
  sourceFrame?: number;
  resolve(result: RenderUpdateResult): void;
  reject(error: unknown): void;
}

interface Session {
  info: RenderSessionInfo;
  connectionId: string;
  openedAt: number;
  nextSeq: number;
  /** The newest update not started yet; a newer one replaces it (latest state wins). */
  waiting: Update | null;
  rendering: boolean;
  controller: AbortController;
}

export interface RenderSessionsOptions {
  streams: FrameStreams;
  render: SessionRenderer;
  maxSessions?: number;
  maxPerConnection?: number;
  now?: () => number;
}

const closedError = () => new ApiError('cancelled', 'The render session was closed.');

/**
 * Long-lived render sessions. Each renders one frame at a time; updates that arrive meanwhile
 * replace each other, so the frame that follows a drag is always of the newest state and stale
 * states are never rendered. Frames go out on the session's stream (stream id = session id).
 */
export class RenderSessions {
  private readonly sessions = new Map<string, Session>();
  private readonly now: () => number;

  constructor(private readonly options: RenderSessionsOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  get size(): number {
    return this.sessions.size;
  }

  open(connectionId: string, assetId: string, previewSide: number, sceneId?: string): RenderSessionInfo {
    const perConnection = this.options.maxPerConnection ?? MAX_RENDER_SESSIONS_PER_CONNECTION;
    const total = this.options.maxSessions ?? MAX_RENDER_SESSIONS;
    const mine = [...this.sessions.values()].filter((session) => session.connectionId === connectionId).length;
    if (mine >= perConnection) {
      throw new ApiError(
        'busy',
        `This window already has ${mine} render sessions open (the limit is ${perConnection}); close one first.`,
      );
    }
    if (this.sessions.size >= total) {
      throw new ApiError('busy', `${this.sessions.size} render sessions are open (the limit is ${total}).`);
    }
    const info: RenderSessionInfo = { sessionId: randomUUID(), assetId, previewSide, ...(sceneId ? { sceneId } : {}) };
    this.sessions.set(info.sessionId, {
      info,
      connectionId,
      openedAt: this.now(),
      nextSeq: 0,
      waiting: null,
      rendering: false,
      controller: new AbortController(),
    });
    return { ...info };
  }

  /** Queues the state for rendering, replacing a state still waiting; resolves as the contract says. */
  update(
    connectionId: string,
    update: {
      sessionId: string;
      stateId: string;
      quality: RenderQuality;
      layerMix?: LayerMix;
      sourceFrame?: number;
    } & SessionRenderRequest['target'],
  ): Promise<RenderUpdateResult> {
    const session = this.owned(connectionId, update.sessionId);
    return new Promise<RenderUpdateResult>((resolve, reject) => {
      const replaced = session.waiting;
      session.waiting = {
        stateId: update.stateId,
        receivedAt: this.now(),
        quality: update.quality,
        target: { coefficients: update.coefficients, head: update.head },
        layerMix: update.layerMix,
        sourceFrame: update.sourceFrame,
        resolve,
        reject,
      };
      replaced?.resolve({ outcome: 'superseded', stateId: replaced.stateId, by: update.stateId });
      this.pump(session);
    });
  }

  close(connectionId: string, sessionId: string): void {
    this.end(this.owned(connectionId, sessionId));
  }

  /** The connection went away (socket closed, window reloaded): its sessions end. */
  closeConnection(connectionId: string): void {
    for (const session of [...this.sessions.values()]) if (session.connectionId === connectionId) this.end(session);
  }

  closeAll(): void {
    for (const session of [...this.sessions.values()]) this.end(session);
  }

  private owned(connectionId: string, sessionId: string): Session {
    const session = this.sessions.get(sessionId);
    // Another connection's session is reported as missing: ids are not capabilities to share.
    if (!session || session.connectionId !== connectionId) {
      throw new ApiError('not_found', `There is no open render session ${sessionId} on this connection.`);
    }
    return session;
  }

  private end(session: Session): void {
    if (!this.sessions.delete(session.info.sessionId)) return;
    session.controller.abort();
    session.waiting?.reject(closedError());
    session.waiting = null;
    this.options.streams.end(session.info.sessionId);
  }

  private pump(session: Session): void {
    if (session.rendering || !session.waiting || session.controller.signal.aborted) return;
    const update = session.waiting;
    session.waiting = null;
    session.rendering = true;
    const finish = () => {
      session.rendering = false;
      this.pump(session);
    };
    this.options
      .render({
        assetId: session.info.assetId,
        sceneId: session.info.sceneId,
        layerMix: update.layerMix,
        sourceFrame: update.sourceFrame,
        target: update.target,
        quality: update.quality,
        previewSide: session.info.previewSide,
        signal: session.controller.signal,
      })
      .then(
        (result) => {
          if (session.controller.signal.aborted) {
            update.reject(closedError());
            return;
          }
          const frame: FrameRenderInfo = {
            ...result.info,
            stateId: update.stateId,
            quality: update.quality,
            engineMs: Math.max(0, this.now() - update.receivedAt),
          };
          this.options.streams.publish({
            header: {
              streamId: session.info.sessionId,
              seq: session.nextSeq++,
              width: result.width,
              height: result.height,
              timestampMs: this.now() - session.openedAt,
              format: 'rgba',
              render: frame,
            },
            data: result.data,
          });
          update.resolve({ outcome: 'rendered', stateId: update.stateId, frame });
        },
        (error: unknown) => update.reject(session.controller.signal.aborted ? closedError() : error),
      )
      .finally(finish);
  }
}
