import { describe, expect, it } from 'vitest';
import { ApiError, type CoefficientRecord, type Frame } from '../../../../src/shared/api';
import { ARKIT_BLENDSHAPE_NAMES } from '../../../../src/shared/rig';
import { FrameStreams } from '../../../../src/main/engine/jobs/frame-streams';
import {
  RenderSessions,
  type SessionRenderRequest,
  type SessionRenderResult,
} from '../../../../src/main/engine/preview/render-sessions';

const coefficients = (jawOpen: number): CoefficientRecord =>
  Object.fromEntries(
    ARKIT_BLENDSHAPE_NAMES.map((name) => [name, name === 'jawOpen' ? jawOpen : 0]),
  ) as CoefficientRecord;
const head = { yawDeg: 0, pitchDeg: 0, rollDeg: 0 };

/** A renderer whose frames finish when the test says so, recording what it was asked for. */
function controlledRenderer() {
  const calls: Array<{ request: SessionRenderRequest; finish: () => void; fail: (error: unknown) => void }> = [];
  const render = (request: SessionRenderRequest) =>
    new Promise<SessionRenderResult>((resolve, reject) => {
      const jaw = request.target.coefficients.jawOpen;
      calls.push({
        request,
        finish: () =>
          resolve({
            data: new Uint8Array(4).fill(Math.round(jaw * 255)),
            width: 1,
            height: 1,
            info: { region: { x: 10, y: 20, width: 30, height: 40 }, limited: [], renderMs: 1 },
          }),
        fail: reject,
      });
    });
  return { calls, render };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('RenderSessions', () => {
  it('renders the newest state after the one in flight and never the states in between', async () => {
    const streams = new FrameStreams();
    const renderer = controlledRenderer();
    const sessions = new RenderSessions({ streams, render: renderer.render });
    const { sessionId } = sessions.open('c1', 'asset-1', 512);
    const frames: Frame[] = [];
    streams.subscribe(sessionId, (frame) => void frames.push(frame));

    const first = sessions.update('c1', {
      sessionId,
      stateId: 's1',
      quality: 'preview',
      coefficients: coefficients(0.1),
      head,
    });
    const second = sessions.update('c1', {
      sessionId,
      stateId: 's2',
      quality: 'preview',
      coefficients: coefficients(0.2),
      head,
    });
    const third = sessions.update('c1', {
      sessionId,
      stateId: 's3',
      quality: 'full',
      coefficients: coefficients(0.3),
      head,
    });
    expect(await second).toEqual({ outcome: 'superseded', stateId: 's2', by: 's3' });
    expect(renderer.calls).toHaveLength(1);

    renderer.calls[0]!.finish();
    expect(await first).toMatchObject({
      outcome: 'rendered',
      stateId: 's1',
      frame: { stateId: 's1', quality: 'preview' },
    });
    await settle();
    expect(renderer.calls).toHaveLength(2);
    expect(renderer.calls[1]!.request).toMatchObject({ assetId: 'asset-1', quality: 'full', previewSide: 512 });
    expect(renderer.calls[1]!.request.target.coefficients.jawOpen).toBe(0.3);
    renderer.calls[1]!.finish();
    expect(await third).toMatchObject({ outcome: 'rendered', frame: { stateId: 's3', region: { x: 10, width: 30 } } });
    await settle();
    await settle();
    expect(frames.map((frame) => frame.header.render?.stateId)).toEqual(['s1', 's3']);
    expect(frames.map((frame) => frame.header.seq)).toEqual([0, 1]);
    expect(frames[1]!.header).toMatchObject({ streamId: sessionId, width: 1, height: 1, format: 'rgba' });
  });

  it('passes a render failure to the update that asked for it and keeps the session usable', async () => {
    const renderer = controlledRenderer();
    const sessions = new RenderSessions({ streams: new FrameStreams(), render: renderer.render });
    const { sessionId } = sessions.open('c1', 'a', 512);
    const failing = sessions.update('c1', {
      sessionId,
      stateId: 'bad',
      quality: 'preview',
      coefficients: coefficients(0),
      head,
    });
    renderer.calls[0]!.fail(new ApiError('internal', 'boom'));
    await expect(failing).rejects.toMatchObject({ code: 'internal' });
    const next = sessions.update('c1', {
      sessionId,
      stateId: 'good',
      quality: 'preview',
      coefficients: coefficients(1),
      head,
    });
    await settle();
    renderer.calls[1]!.finish();
    expect(await next).toMatchObject({ outcome: 'rendered', stateId: 'good' });
  });

  it('caps sessions per connection and overall', () => {
    const sessions = new RenderSessions({
      streams: new FrameStreams(),
      render: controlledRenderer().render,
      maxPerConnection: 2,
      maxSessions: 3,
    });
    sessions.open('c1', 'a', 512);
    sessions.open('c1', 'a', 512);
    expect(() => sessions.open('c1', 'a', 512)).toThrow(expect.objectContaining({ code: 'busy' }));
    sessions.open('c2', 'a', 512);
    expect(() => sessions.open('c3', 'a', 512)).toThrow(expect.objectContaining({ code: 'busy' }));
  });

  it("keeps one connection's sessions from another", () => {
    const sessions = new RenderSessions({ streams: new FrameStreams(), render: controlledRenderer().render });
    const { sessionId } = sessions.open('c1', 'a', 512);
    expect(() => sessions.close('c2', sessionId)).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() =>
      sessions.update('c2', { sessionId, stateId: 'x', quality: 'preview', coefficients: coefficients(0), head }),
    ).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(sessions.size).toBe(1);
  });

  it('ends the sessions of a connection that went away, cancelling what waits and dropping the late frame', async () => {
    const streams = new FrameStreams();
    const renderer = controlledRenderer();
    const sessions = new RenderSessions({ streams, render: renderer.render });
    const { sessionId } = sessions.open('c1', 'a', 512);
    const frames: Frame[] = [];
    const unsubscribe = streams.subscribe(sessionId, (frame) => void frames.push(frame));
    const inFlight = sessions.update('c1', {
      sessionId,
      stateId: 's1',
      quality: 'preview',
      coefficients: coefficients(0),
      head,
    });
    const waiting = sessions.update('c1', {
      sessionId,
      stateId: 's2',
      quality: 'preview',
      coefficients: coefficients(1),
      head,
    });
    sessions.closeConnection('c1');
    await expect(waiting).rejects.toMatchObject({ code: 'cancelled' });
    expect(renderer.calls[0]!.request.signal.aborted).toBe(true);
    renderer.calls[0]!.finish();
    await expect(inFlight).rejects.toMatchObject({ code: 'cancelled' });
    await settle();
    expect(frames).toHaveLength(0);
    expect(sessions.size).toBe(0);
    unsubscribe();
    expect(streams.size).toBe(0);
  });
});
