import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Frame, MienClient } from '../../../src/shared/api';
import { LivePreviewSession } from '../../../src/renderer/preview/live-preview-session';
import { zeroValues, type RigValues } from '../../../src/renderer/rig/rig-values';

const jaw = (value: number): RigValues => {
  const values = zeroValues();
  return { ...values, coefficients: { ...values.coefficients, jawOpen: value } };
};

/** A client that records render.* calls and lets the test deliver frames on the session's stream. */
function fakeClient(options: { sessionGoneOnce?: boolean } = {}) {
  const updates: Array<{ sessionId: string; stateId: string; quality: string; jawOpen: number }> = [];
  let sessions = 0;
  let goneOnce = options.sessionGoneOnce ?? false;
  let onFrame: ((frame: Frame) => void) | null = null;
  const client = {
    call: vi.fn(async (method: string, params: Record<string, unknown>) => {
      if (method === 'render.openSession')
        return { sessionId: `session-${++sessions}`, assetId: 'a', previewSide: 512 };
      if (method === 'render.update') {
        const coefficients = params.coefficients as Record<string, number>;
        updates.push({
          sessionId: params.sessionId as string,
          stateId: params.stateId as string,
          quality: params.quality as string,
          jawOpen: coefficients.jawOpen!,
        });
        if (goneOnce) {
          goneOnce = false;
          throw { name: 'ApiError', code: 'not_found', message: 'There is no open render session' };
        }
        return new Promise(() => {});
      }
      return { ok: true };
    }),
    openStream: (_id: string, listener: (frame: Frame) => void) => {
      onFrame = listener;
      return () => (onFrame = null);
    },
    on: () => () => undefined,
    mediaUrl: () => '',
  } as unknown as MienClient;
  const deliver = (stateId: string, quality: 'preview' | 'full') =>
    onFrame?.({
      header: {
        streamId: 'session-1',
        seq: 0,
        width: 1,
        height: 1,
        timestampMs: 0,
        format: 'rgba',
        render: {
          stateId,
          quality,
          region: { x: 0, y: 0, width: 1, height: 1 },
          limited: [],
          renderMs: 1,
          engineMs: 1,
        },
      },
      data: new Uint8Array(4),
    });
  return { client, updates, deliver };
}

describe('LivePreviewSession', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends every new value at once, skips repeats, and asks for full resolution once its preview is shown', async () => {
    const { client, updates, deliver } = fakeClient();
    const shown: string[] = [];
    const session = new LivePreviewSession(client, 'a', {
      onFrame: (frame) => shown.push(frame.header.render.stateId),
      onError: () => undefined,
    });
    await session.open();
    session.show(jaw(0.3));
    session.show(jaw(0.3));
    session.show(jaw(0.5));
    expect(updates).toEqual([
      { sessionId: 'session-1', stateId: 's1', quality: 'preview', jawOpen: 0.3 },
      { sessionId: 'session-1', stateId: 's2', quality: 'preview', jawOpen: 0.5 },
    ]);
    // The values stopped changing, but their preview frame has not arrived: the full render waits for it.
    vi.advanceTimersByTime(500);
    expect(updates).toHaveLength(2);
    deliver('s1', 'preview');
    expect(updates).toHaveLength(2);
    deliver('s2', 'preview');
    expect(updates[2]).toEqual({ sessionId: 'session-1', stateId: 's3', quality: 'full', jawOpen: 0.5 });
    deliver('s1', 'preview'); // late and older than what is shown: dropped
    deliver('s3', 'full');
    expect(shown).toEqual(['s1', 's2', 's3']);
  });

  it('drops frames asked for before clear(), so the original stays on screen', async () => {
    const { client, deliver } = fakeClient();
    const shown: string[] = [];
    const session = new LivePreviewSession(client, 'a', {
      onFrame: (frame) => shown.push(frame.header.render.stateId),
      onError: () => undefined,
    });
    await session.open();
    session.show(jaw(0.4));
    session.clear();
    deliver('s1', 'preview');
    expect(shown).toEqual([]);
    session.show(jaw(0.4));
    deliver('s2', 'preview');
    expect(shown).toEqual(['s2']);
  });

  it('opens a new session when the engine no longer knows its own (a reconnect), and shows the values again', async () => {
    vi.useRealTimers();
    const { client, updates } = fakeClient({ sessionGoneOnce: true });
    const errors: string[] = [];
    const session = new LivePreviewSession(client, 'a', { onFrame: () => undefined, onError: (m) => errors.push(m) });
    await session.open();
    session.show(jaw(0.7));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(updates.map((update) => [update.sessionId, update.jawOpen])).toEqual([
      ['session-1', 0.7],
      ['session-2', 0.7],
    ]);
    expect(errors).toEqual([]);
    session.close();
  });
  it('says when a preview frame is on its way: from the request until its frame (or a clear)', async () => {
    const { client, deliver } = fakeClient();
    const waiting: boolean[] = [];
    const session = new LivePreviewSession(client, 'a', {
      onFrame: () => undefined,
      onError: () => undefined,
      onWaiting: (value) => waiting.push(value),
    });
    await session.open();
    session.show(jaw(0.3));
    session.show(jaw(0.5));
    deliver('s1', 'preview'); // an older frame: the newest is still on its way
    expect(waiting).toEqual([true, true]);
    deliver('s2', 'preview');
    expect(waiting).toEqual([true, true, false]);
    session.show(jaw(0.7));
    session.clear();
    expect(waiting).toEqual([true, true, false, true, false]);
  });
});
