import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Asset, FrameHeader, type Frame, type RenderSessionInfo } from '../../../src/shared/api';
import { apiErrorOf, importAnalysedAstronaut, startEngine, type Harness } from '../engine/engine-harness';

/** render.* through a real engine: session -> generate.render in the interactive lane -> frames on the session's stream. */
describe('render sessions', () => {
  let h: Harness;
  let asset: Asset;
  const window1 = { connectionId: 'window:1' };
  const window2 = { connectionId: 'window:2' };
  const handle = (method: string, params: unknown, caller = window1) => h.engine.handle(method, params, caller);

  beforeAll(async () => {
    h = await startEngine({ analyzeFacesAfterImport: true });
    asset = await importAnalysedAstronaut(h, 'Sessions');
  }, 90_000);
  afterAll(async () => {
    await h?.close();
  });

  it('streams frames that name their rig state, latest state first, and ends with the connection', async () => {
    const rig = await h.call('rig.get', { assetId: asset.id });
    const session = (await handle('render.openSession', { assetId: asset.id })) as RenderSessionInfo;
    expect(session.previewSide).toBe(512);
    const frames: Frame[] = [];
    const unsubscribe = h.engine.openStream(session.sessionId, (frame) => void frames.push(frame));
    const update = (stateId: string, jawOpen: number, quality = 'preview') =>
      handle('render.update', {
        sessionId: session.sessionId,
        stateId,
        quality,
        coefficients: { ...rig.coefficients, jawOpen },
        head: rig.head,
      });

    const results = await Promise.all([update('a', 0.2), update('b', 0.4), update('c', 0.6), update('d', 0.8, 'full')]);
    expect(results[0]).toMatchObject({ outcome: 'rendered', stateId: 'a' });
    // b and c waited while a rendered; each was replaced by the next, so neither was rendered.
    expect(results[1]).toEqual({ outcome: 'superseded', stateId: 'b', by: 'c' });
    expect(results[2]).toEqual({ outcome: 'superseded', stateId: 'c', by: 'd' });
    expect(results[3]).toMatchObject({ outcome: 'rendered', stateId: 'd', frame: { quality: 'full' } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(frames.map((frame) => frame.header.render?.stateId)).toEqual(['a', 'd']);
    const preview = FrameHeader.parse(frames[0]!.header);
    expect(Math.max(preview.width, preview.height)).toBe(512);
    expect(frames[0]!.data.byteLength).toBe(preview.width * preview.height * 4);
    // The region is in working-image pixels and holds her face (about x 165-285 of the 512 px photo).
    const region = preview.render!.region;
    expect(region.x).toBeLessThan(180);
    expect(region.x + region.width).toBeGreaterThan(285);
    expect(region.x + region.width).toBeLessThanOrEqual(asset.workingWidth + 0.5);

    // Another window cannot drive or close this session.
    expect((await apiErrorOf(handle('render.closeSession', { sessionId: session.sessionId }, window2))).code).toBe(
      'not_found',
    );
    h.engine.closeConnection(window1.connectionId);
    expect((await apiErrorOf(update('e', 0.1))).code).toBe('not_found');
    unsubscribe();
  }, 60_000);

  it('validates updates and caps sessions per window', async () => {
    const opened: RenderSessionInfo[] = [];
    for (let i = 0; i < 4; i++)
      opened.push((await handle('render.openSession', { assetId: asset.id })) as RenderSessionInfo);
    expect((await apiErrorOf(handle('render.openSession', { assetId: asset.id }))).code).toBe('busy');
    const bad = await apiErrorOf(
      handle('render.update', { sessionId: opened[0]!.sessionId, stateId: 'no spaces', coefficients: {}, head: {} }),
    );
    expect(bad.code).toBe('invalid_request');
    h.engine.closeConnection(window1.connectionId);
    expect(await handle('render.openSession', { assetId: asset.id })).toMatchObject({ assetId: asset.id });
    h.engine.closeConnection(window1.connectionId);
  });
});
