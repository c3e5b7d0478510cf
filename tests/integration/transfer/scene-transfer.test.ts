import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Asset, Job, type Frame, type RenderSessionInfo, type Scene } from '../../../src/shared/api';
import path from 'node:path';
import sharp from 'sharp';
import { encodeGreyPng, MASK_ATLAS_SIZE } from '../../../src/shared/masks';
import { apiErrorOf, ASTRONAUT, importAnalysedAstronaut, startEngine, type Harness } from '../engine/engine-harness';

/**
 * A scene with an expression source through a real engine: render sessions of the scene mix its
 * layers towards the source (update overrides while a slider drags), and the export path renders
 * the same frames.
 */
describe('scene expression transfer (render sessions and scene frames)', () => {
  let h: Harness;
  let portrait: Asset;
  let expression: Asset;
  let scene: Scene;
  const caller = { connectionId: 'window:transfer' };
  const handle = (method: string, params: unknown) => h.engine.handle(method, params, caller);

  beforeAll(async () => {
    h = await startEngine({ analyzeFacesAfterImport: true });
    portrait = await importAnalysedAstronaut(h, 'Transfer');
    // The expression photo: the astronaut rendered with her mouth open and brows raised.
    const rig = await h.call('rig.get', { assetId: portrait.id });
    const open = await h.engine.renderPortrait(portrait.id, {
      target: { coefficients: { ...rig.coefficients, jawOpen: 0.7, browInnerUp: 0.9 }, head: rig.head },
      size: { kind: 'full' },
      encode: 'png',
    });
    const job = Job.parse(
      await h.call('assets.importBytes', {
        projectId: portrait.projectId,
        kind: 'expression',
        fileName: 'open-mouth.png',
        bytes: open.bytes,
      }),
    );
    expect((await h.waitForJob(job.id)).state).toBe('succeeded');
    expression = Asset.parse(
      (await h.call('assets.list', { projectId: portrait.projectId })).find((a) => a.id !== portrait.id),
    );
    for (
      let i = 0;
      i < 300 && (await h.call('jobs.list', { projectId: portrait.projectId, activeOnly: true })).length;
      i++
    )
      await new Promise((resolve) => setTimeout(resolve, 200));
    scene = await h.call('scenes.create', { projectId: portrait.projectId, assetId: portrait.id });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  /** Mean absolute difference of two frames in a box given as fractions of the frame. */
  function difference(a: Frame, b: Frame, [fx0, fy0, fx1, fy1]: number[]): number {
    const { width, height } = a.header;
    let sum = 0;
    let count = 0;
    for (let y = Math.floor(fy0! * height); y < fy1! * height; y++) {
      for (let x = Math.floor(fx0! * width); x < fx1! * width; x++) {
        for (let c = 0; c < 3; c++)
          sum += Math.abs(a.data[(y * width + x) * 4 + c]! - b.data[(y * width + x) * 4 + c]!);
        count += 3;
      }
    }
    return sum / count;
  }

  it('a scene session mixes the mouth layer from the expression photo; layerMix overrides it per update', async () => {
    await h.call('scenes.update', {
      id: scene.id,
      patch: {
        expressionSource: { assetId: expression.id, frameIndex: null, neutralFrameIndex: null },
        layerMix: { mouth: 1, brows: 0, eyes: 0, nose: 0, head: 0 },
      },
    });
    const rig = await h.call('rig.get', { assetId: portrait.id });
    const session = (await handle('render.openSession', {
      assetId: portrait.id,
      sceneId: scene.id,
    })) as RenderSessionInfo;
    expect(session.sceneId).toBe(scene.id);
    const frames: Frame[] = [];
    const stop = h.engine.openStream(session.sessionId, (frame) => void frames.push(frame));
    const render = async (stateId: string, extra: object = {}) => {
      await handle('render.update', {
        sessionId: session.sessionId,
        stateId,
        coefficients: rig.coefficients,
        head: rig.head,
        ...extra,
      });
      await new Promise((resolve) => setTimeout(resolve, 30));
      return frames.find((frame) => frame.header.render?.stateId === stateId)!;
    };
    const mixed = await render('scene');
    const off = await render('off', { layerMix: { mouth: 0 } });
    const plain = (await handle('render.openSession', { assetId: portrait.id })) as RenderSessionInfo;
    const plainFrames: Frame[] = [];
    const stopPlain = h.engine.openStream(plain.sessionId, (frame) => void plainFrames.push(frame));
    await handle('render.update', {
      sessionId: plain.sessionId,
      stateId: 'p',
      coefficients: rig.coefficients,
      head: rig.head,
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    const photo = plainFrames[0]!;
    // The region is the face: the mouth sits about 60-75 % down, the brows about 30 %.
    const mouth = [0.35, 0.58, 0.65, 0.75];
    const brows = [0.3, 0.25, 0.7, 0.33];
    expect(difference(mixed, photo, mouth)).toBeGreaterThan(8);
    expect(difference(mixed, photo, brows)).toBeLessThan(1.5);
    expect(difference(off, photo, [0, 0, 1, 1])).toBeLessThan(0.5);
    expect(difference(mixed, photo, [0, 0, 0.08, 0.08])).toBe(0);
    stop();
    stopPlain();
  }, 60_000);

  it("a painted mask limits its layer: an empty mouth mask keeps the photo's mouth, a full one changes nothing", async () => {
    const rig = await h.call('rig.get', { assetId: portrait.id });
    const session = (await handle('render.openSession', {
      assetId: portrait.id,
      sceneId: scene.id,
    })) as RenderSessionInfo;
    const frames: Frame[] = [];
    const stop = h.engine.openStream(session.sessionId, (frame) => void frames.push(frame));
    const render = async (stateId: string) => {
      await handle('render.update', {
        sessionId: session.sessionId,
        stateId,
        coefficients: rig.coefficients,
        head: rig.head,
      });
      await new Promise((resolve) => setTimeout(resolve, 30));
      return frames.find((frame) => frame.header.render?.stateId === stateId)!;
    };
    const unmasked = await render('unmasked');
    const maskOf = (value: number) =>
      encodeGreyPng({
        data: new Uint8Array(MASK_ATLAS_SIZE * MASK_ATLAS_SIZE).fill(value),
        width: MASK_ATLAS_SIZE,
        height: MASK_ATLAS_SIZE,
      });
    await handle('masks.set', { sceneId: scene.id, layer: 'mouth', png: await maskOf(0) });
    const empty = await render('empty-mask');
    await handle('masks.set', { sceneId: scene.id, layer: 'mouth', png: await maskOf(255) });
    const full = await render('full-mask');
    await handle('masks.clear', { sceneId: scene.id, layer: 'mouth' });
    const plain = await render('mouth-off-by-mix');
    const mouth = [0.35, 0.58, 0.65, 0.75];
    const off = await (async () => {
      await handle('render.update', {
        sessionId: session.sessionId,
        stateId: 'off',
        coefficients: rig.coefficients,
        head: rig.head,
        layerMix: { mouth: 0 },
      });
      await new Promise((resolve) => setTimeout(resolve, 30));
      return frames.find((frame) => frame.header.render?.stateId === 'off')!;
    })();
    expect(difference(unmasked, off, mouth)).toBeGreaterThan(8);
    expect(difference(empty, off, mouth)).toBeLessThan(0.5);
    expect(difference(full, unmasked, [0, 0, 1, 1])).toBeLessThan(0.5);
    expect(difference(plain, unmasked, [0, 0, 1, 1])).toBeLessThan(0.5);
    stop();
  }, 60_000);

  it('a scene saved before the expression detail layer existed loads and renders as with it at 0; at 1 the face changes', async () => {
    // The scene's mix as scenes saved it before issue 9's detail layer: no `wrinkles` key.
    const saved = { mouth: 1, brows: 0, eyes: 0, nose: 0, head: 0 };
    await h.call('scenes.update', { id: scene.id, patch: { layerMix: saved } });
    const loaded = (await h.call('scenes.list', { projectId: portrait.projectId })).find((s) => s.id === scene.id)!;
    expect(loaded.layerMix).toEqual(saved);
    const rig = await h.call('rig.get', { assetId: portrait.id });
    const session = (await handle('render.openSession', {
      assetId: portrait.id,
      sceneId: scene.id,
    })) as RenderSessionInfo;
    const frames: Frame[] = [];
    const stop = h.engine.openStream(session.sessionId, (frame) => void frames.push(frame));
    const render = async (stateId: string, extra: object = {}) => {
      await handle('render.update', {
        sessionId: session.sessionId,
        stateId,
        coefficients: rig.coefficients,
        head: rig.head,
        ...extra,
      });
      for (let i = 0; i < 100 && !frames.some((frame) => frame.header.render?.stateId === stateId); i++) {
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
      return frames.find((frame) => frame.header.render?.stateId === stateId)!;
    };
    const old = await render('old-scene');
    const zero = await render('wrinkles-0', { layerMix: { ...saved, wrinkles: 0 } });
    const one = await render('wrinkles-1', { layerMix: { ...saved, wrinkles: 1 } });
    expect(Buffer.from(old.data).equals(Buffer.from(zero.data))).toBe(true);
    // The source is the astronaut herself, warped: her own lines come back nearly as they were.
    const face = difference(one, old, [0.3, 0.2, 0.7, 0.8]);
    expect(face).toBeGreaterThan(0.01);
    expect(face).toBeLessThan(3);
    expect(difference(one, old, [0, 0, 0.08, 0.08])).toBe(0);
    stop();
  }, 60_000);

  it('the export of the scene renders the transferred mouth (the scene frame renderer takes the expression source)', async () => {
    await h.call('scenes.update', { id: scene.id, patch: { durationSeconds: 0.2, fps: 25 } });
    const job = Job.parse(
      await h.call('exports.start', { sceneId: scene.id, settings: { format: 'png', size: 'original' } }),
    );
    const done = await h.waitForJob(job.id, 120_000);
    expect(done.error).toBeNull();
    const record = (await h.call('renders.list', { projectId: portrait.projectId }))[0]!;
    const folder = path.join(h.dataDir, 'exports', portrait.projectId, record.fileName);
    const frame = await sharp(path.join(folder, 'frame_00000.png')).removeAlpha().raw().toBuffer();
    const photo = await sharp(ASTRONAUT).removeAlpha().raw().toBuffer();
    const box = (data: Buffer, [x0, y0, x1, y1]: number[]) => {
      let sum = 0;
      for (let y = y0!; y < y1!; y++) for (let x = x0!; x < x1!; x++) sum += data[(y * 512 + x) * 3]!;
      return sum;
    };
    const mouthDifference = Math.abs(box(frame, [205, 135, 255, 165]) - box(photo, [205, 135, 255, 165])) / (50 * 30);
    expect(mouthDifference).toBeGreaterThan(8);
    expect(box(frame, [0, 0, 60, 60])).toBe(box(photo, [0, 0, 60, 60]));
  }, 120_000);

  it('refuses a session of a scene that animates another photo', async () => {
    const other = await h.call('scenes.create', { projectId: portrait.projectId, assetId: expression.id });
    const error = await apiErrorOf(handle('render.openSession', { assetId: portrait.id, sceneId: other.id }));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('another photo');
  });
});
