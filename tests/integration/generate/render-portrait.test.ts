import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Asset } from '../../../src/shared/api';
import { RenderReport } from '../../../src/shared/generate';
import { apiErrorOf, importAnalysedAstronaut, startEngine, type Harness } from '../engine/engine-harness';

/** The engine's render path: store -> generate.render worker task (prepared source kept warm) -> frame. */
describe('Engine.renderPortrait', () => {
  let h: Harness;
  let asset: Asset;

  beforeAll(async () => {
    h = await startEngine({ analyzeFacesAfterImport: true });
    asset = await importAnalysedAstronaut(h, 'Render');
  }, 90_000);
  afterAll(async () => {
    await h?.close();
  });

  it('renders a 512 px preview of the face region from the asset rig, then again from the warm source', async () => {
    const state = await h.call('rig.get', { assetId: asset.id });
    const target = { coefficients: { ...state.coefficients, jawOpen: 0.6 }, head: state.head };
    const first = await h.engine.renderPortrait(asset.id, {
      target,
      size: { kind: 'preview', maxSide: 512 },
      encode: 'raw',
    });
    const report = RenderReport.parse(first.report);
    expect(Math.max(report.width, report.height)).toBe(512);
    expect(first.bytes.byteLength).toBe(report.width * report.height * 4);
    // The region lies inside the 512 px photo and holds the face (about 110 px wide around x 230).
    expect(report.region.x).toBeGreaterThanOrEqual(0);
    expect(report.region.x + report.region.width).toBeLessThanOrEqual(512);
    expect(report.region.x).toBeLessThan(180);
    expect(report.region.x + report.region.width).toBeGreaterThan(290);
    expect(report.scale).toBeCloseTo(512 / Math.max(report.region.width, report.region.height), 5);
    const second = await h.engine.renderPortrait(asset.id, {
      target,
      size: { kind: 'preview', maxSide: 512 },
      encode: 'raw',
    });
    expect(Buffer.from(second.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    console.info(
      `renderPortrait preview: ${first.report.renderMs.toFixed(1)} ms, then ${second.report.renderMs.toFixed(1)} ms warm`,
    );
  }, 60_000);

  it('rejects an unknown asset with not_found', async () => {
    const missing = await apiErrorOf(
      h.engine.renderPortrait('00000000-0000-4000-8000-000000000000', { size: { kind: 'full' }, encode: 'png' }),
    );
    expect(missing.code).toBe('not_found');
  });
});
