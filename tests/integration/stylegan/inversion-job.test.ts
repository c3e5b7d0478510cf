import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Asset, Job, ModelContract, parseContract, type Frame } from '../../../src/shared/api';
import { encodeGreyPng, greyImage, MASK_ATLAS_SIZE } from '../../../src/shared/masks';
import { writeModel } from '../../../src/main/engine/onnx/graph';
import { ShapedGraph } from '../../../src/main/engine/onnx/shaped-graph';
import { apiErrorOf, ASTRONAUT, importAnalysedAstronaut, startEngine, type Harness } from '../engine/engine-harness';

const NETS = path.resolve(__dirname, '../../fixtures/autodiff');

/** Installs a reference network through the API, with its sidecar as the metadata. */
async function installReference(h: Harness, file: string, id: string): Promise<void> {
  const metadata = parseContract(JSON.parse(fs.readFileSync(path.join(NETS, `${file}.mien.json`), 'utf8')));
  await h.call('models.install', { source: { kind: 'file', path: path.join(NETS, `${file}.onnx`) }, metadata, id });
}

describe('style-based generator: inversion job and transfer (method A)', () => {
  let h: Harness;
  let astronaut: Asset;
  let mirrored: Asset;

  beforeAll(async () => {
    h = await startEngine({ analyzeFacesAfterImport: true });
    astronaut = await importAnalysedAstronaut(h, 'Style');
    // The expression photo: the astronaut mirrored (another face position and lighting for the inversion).
    const job = Job.parse(
      await h.call('assets.importBytes', {
        projectId: astronaut.projectId,
        kind: 'expression',
        fileName: 'astronaut-mirrored.png',
        bytes: new Uint8Array(await sharp(ASTRONAUT).flop().png().toBuffer()),
      }),
    );
    await h.waitForJob(job.id);
    const deadline = Date.now() + 60_000;
    while ((await h.call('jobs.list', { projectId: astronaut.projectId, activeOnly: true })).length > 0) {
      if (Date.now() > deadline) throw new Error('face analysis did not finish');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    mirrored = (await h.call('assets.list', { projectId: astronaut.projectId })).find((a) => a.id !== astronaut.id)!;
  }, 120_000);

  afterAll(async () => h?.close());

  it('refuses to invert before a generator is installed, naming what is missing', async () => {
    const error = await apiErrorOf(h.call('stylegan.invert', { assetId: astronaut.id, iterations: 5 }));
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(/No style-based generator is installed/);
  });

  it('inverts the astronaut: preview frames arrive, the loss falls, the state is stored and resumes', async () => {
    await installReference(h, 'synthesis-activation', 'ref-synthesis');
    await installReference(h, 'perceptual', 'ref-perceptual');
    const noMapping = await apiErrorOf(h.call('stylegan.invert', { assetId: astronaut.id, iterations: 5 }));
    expect(noMapping.message).toMatch(/mapping network/);
    await installReference(h, 'mapping', 'ref-mapping');

    const generator = await h.call('stylegan.generator', { synthesisId: 'ref-synthesis' });
    expect(generator.layers).toHaveLength(10);
    expect(generator.layers.filter((l) => l.defaultAlpha === 1).map((l) => l.id)).toEqual(['layer-3', 'layer-4']);
    expect(generator.layers[3]!.name).toMatch(/^Middle 4 · b16\/conv0_up/);

    const curve: number[] = [];
    h.engine.onEvent((event, payload) => {
      if (event === 'inversion.progress') curve.push(...(payload as { losses: number[] }).losses);
    });
    const job = await h.call('stylegan.invert', { assetId: astronaut.id, iterations: 60, previewEvery: 10 });
    expect(job.kind).toBe('invert');
    const frames: Frame[] = [];
    const stop = h.engine.openStream(job.id, (frame) => {
      frames.push(frame);
    });
    const done = await h.waitForJob(job.id, 120_000);
    stop();
    expect(done.state).toBe('succeeded');
    const result = done.result as { inversionId: string; firstLoss: number; lastLoss: number; iteration: number };
    expect(result.iteration).toBe(60);
    expect(result.lastLoss).toBeLessThan(result.firstLoss * 0.6);
    // Target and reconstruction side by side at the generator's 64 px.
    expect(frames.length).toBeGreaterThanOrEqual(2);
    expect(frames[0]!.header).toMatchObject({ width: 128, height: 64, format: 'rgba' });
    expect(curve).toHaveLength(60);

    const [stored] = await h.call('stylegan.inversions', { projectId: astronaut.projectId, assetId: astronaut.id });
    expect(stored).toMatchObject({ id: result.inversionId, status: 'done', iteration: 60 });
    expect(stored!.losses).toHaveLength(60);
    expect(stored!.settings).toMatchObject({ start: 'mean-w', layer: 'conv2_2', mappingId: 'ref-mapping' });
    console.log(
      `inversion loss: ${stored!.losses
        .filter((_, i) => i % 10 === 0 || i === 59)
        .map((l) => l.toFixed(4))
        .join(' -> ')}`,
    );

    // Resume: 20 more iterations continue the same curve.
    const resumed = await h.call('stylegan.invert', {
      assetId: astronaut.id,
      iterations: 80,
      resumeInversionId: result.inversionId,
    });
    const after = await h.waitForJob(resumed.id, 120_000);
    expect(after.state).toBe('succeeded');
    const [longer] = await h.call('stylegan.inversions', { projectId: astronaut.projectId, assetId: astronaut.id });
    expect(longer!.iteration).toBe(80);
    expect(longer!.losses.slice(0, 60)).toEqual(stored!.losses);
  }, 240_000);

  it('cancels a running inversion, keeps its last saved chunk and resumes from it', async () => {
    const job = await h.call('stylegan.invert', { assetId: mirrored.id, iterations: 3000, previewEvery: 50 });
    const deadline = Date.now() + 60_000;
    let saved = 0;
    while (saved === 0) {
      if (Date.now() > deadline) throw new Error('no chunk was saved');
      await new Promise((resolve) => setTimeout(resolve, 100));
      const [inversion] = await h.call('stylegan.inversions', { projectId: mirrored.projectId, assetId: mirrored.id });
      saved = inversion?.iteration ?? 0;
      if (inversion) expect(inversion.status).toBe('running');
    }
    expect((await h.call('jobs.cancel', { id: job.id })).state).toBe('cancelled');
    const [stopped] = await h.call('stylegan.inversions', { projectId: mirrored.projectId, assetId: mirrored.id });
    expect(stopped!.status).toBe('stopped');
    expect(stopped!.iteration).toBeGreaterThanOrEqual(saved);
    expect(stopped!.losses).toHaveLength(stopped!.iteration);

    const resumed = await h.call('stylegan.invert', {
      assetId: mirrored.id,
      iterations: 3000,
      resumeInversionId: stopped!.id,
    });
    // Let it run one more chunk, then stop it again: it continued from the saved iteration.
    const later = Date.now() + 60_000;
    for (;;) {
      if (Date.now() > later) throw new Error('the resumed inversion saved nothing');
      await new Promise((resolve) => setTimeout(resolve, 100));
      const [inversion] = await h.call('stylegan.inversions', { projectId: mirrored.projectId, assetId: mirrored.id });
      if (inversion!.iteration > stopped!.iteration) {
        expect(inversion!.losses.slice(0, stopped!.iteration)).toEqual(stopped!.losses);
        break;
      }
    }
    await h.call('jobs.cancel', { id: resumed.id });
    await h.call('stylegan.deleteInversion', { id: stopped!.id });
    expect(await h.call('stylegan.inversions', { projectId: mirrored.projectId, assetId: mirrored.id })).toEqual([]);
  }, 240_000);

  it('mixes two inversions per layer and pastes the result into the photo', async () => {
    const job = await h.call('stylegan.invert', { assetId: mirrored.id, iterations: 20 });
    expect((await h.waitForJob(job.id, 120_000)).state).toBe('succeeded');
    const inversions = await h.call('stylegan.inversions', { projectId: astronaut.projectId });
    const appearance = inversions.find((i) => i.assetId === astronaut.id)!;
    const expression = inversions.find((i) => i.assetId === mirrored.id)!;
    const { streamId } = await h.call('stylegan.openPreview', {});
    const frames: Frame[] = [];
    h.engine.openStream(streamId, (frame) => {
      frames.push(frame);
    });
    const render = async (mix: Record<string, number>, output: 'aligned' | 'pasted', sceneId?: string) => {
      const count = frames.length;
      const report = await h.call('stylegan.preview', {
        streamId,
        appearanceInversionId: appearance.id,
        expressionInversionId: expression.id,
        mix,
        output,
        maxSide: output === 'pasted' ? 256 : 0,
        ...(sceneId ? { sceneId } : {}),
      });
      while (frames.length === count) await new Promise((resolve) => setTimeout(resolve, 10));
      const frame = frames[frames.length - 1]!;
      const { data, info } = await sharp(frame.data).raw().toBuffer({ resolveWithObject: true });
      return { report, data, info };
    };
    const zeros = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`layer-${i}`, 0]));
    const ones = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`layer-${i}`, 1]));
    const a = await render(zeros, 'aligned');
    const b = await render(ones, 'aligned');
    expect(a.info).toMatchObject({ width: 64, height: 64 });
    let diff = 0;
    for (let i = 0; i < a.data.length; i++) diff += Math.abs(a.data[i]! - b.data[i]!);
    expect(diff / a.data.length).toBeGreaterThan(1);

    const pasted = await render({}, 'pasted');
    expect(Math.max(pasted.info.width, pasted.info.height)).toBe(256);
    // Outside the face the photo is untouched; inside it changed.
    const original = await sharp(ASTRONAUT).resize({ width: pasted.info.width }).ensureAlpha().raw().toBuffer();
    const corner = Math.abs(pasted.data[0]! - original[0]!);
    expect(corner).toBeLessThanOrEqual(2);

    // Painted masks of the mixed style layers (3 and 4 by default) limit the paste: all-black masks
    // on both keep the photo everywhere; a mask on only one of them limits nothing.
    const meanDiff = (x: Buffer, y: Buffer) => {
      let sum = 0;
      for (let i = 0; i < x.length; i++) sum += Math.abs(x[i]! - y[i]!);
      return sum / x.length;
    };
    const scene = await h.call('scenes.create', { projectId: astronaut.projectId, assetId: astronaut.id });
    const black = await encodeGreyPng(greyImage(MASK_ATLAS_SIZE, MASK_ATLAS_SIZE, 0));
    await h.call('masks.set', { sceneId: scene.id, layer: 'layer-3', png: black });
    const oneMasked = await render({}, 'pasted', scene.id);
    expect(meanDiff(oneMasked.data, pasted.data)).toBeLessThan(0.01);
    await h.call('masks.set', { sceneId: scene.id, layer: 'layer-4', png: black });
    const masked = await render({}, 'pasted', scene.id);
    const unmaskedDiff = meanDiff(pasted.data, original);
    const maskedDiff = meanDiff(masked.data, original);
    console.log(
      `pasted vs photo, mean |diff|: whole oval ${unmaskedDiff.toFixed(2)}, black masks ${maskedDiff.toFixed(3)}`,
    );
    expect(unmaskedDiff).toBeGreaterThan(0.5);
    expect(maskedDiff).toBeLessThan(0.05);
    // A scene of another photo: its masks are not painted on the appearance photo.
    const elsewhere = await h.call('scenes.create', { projectId: astronaut.projectId, assetId: mirrored.id });
    expect((await apiErrorOf(render({}, 'pasted', elsewhere.id))).message).toMatch(/painted on its own portrait/);

    // Another connection cannot use or close this stream; closing it ends it.
    const other = { connectionId: 'someone-else' };
    const foreign = await apiErrorOf(
      h.engine.handle(
        'stylegan.preview',
        { streamId, appearanceInversionId: appearance.id, expressionInversionId: expression.id },
        other,
      ),
    );
    expect(foreign.code).toBe('not_found');
    await h.call('stylegan.closePreview', { streamId });
    const closed = await apiErrorOf(
      h.call('stylegan.preview', {
        streamId,
        appearanceInversionId: appearance.id,
        expressionInversionId: expression.id,
      }),
    );
    expect(closed.message).toMatch(/no transfer preview stream/);
  }, 240_000);

  it('starts from an installed encoder of the same shape, unless told to use the mean w', async () => {
    // A tiny encoder: the image's mean, spread over every w (enough to tell its start from the mean w's).
    const g = new ShapedGraph('tiny_encoder', {});
    g.addInput('image', 'float32', [1, 3, 64, 64]);
    const mean = g.op1('ReduceMean', ['image'], { axes: { ints: [1, 2, 3] }, keepdims: { i: 1 } });
    const flat = g.op1('Reshape', [mean, g.ints('shape', [1, 1, 1])]);
    g.addOutput(g.op1('Expand', [flat, g.ints('size', [1, 10, 512])], {}, 'ws'));
    const file = path.join(h.dataDir, 'tiny-encoder.onnx');
    fs.writeFileSync(file, writeModel(g.toGraph(), { producerName: 'mien-test' }));
    const synthesis = parseContract(
      JSON.parse(fs.readFileSync(path.join(NETS, 'synthesis-activation.mien.json'), 'utf8')),
    );
    if (synthesis.role !== 'synthesis') throw new Error('fixture sidecar');
    const metadata = ModelContract.parse({
      role: 'encoder',
      resolution: 64,
      numWs: 10,
      alignment: synthesis.alignment,
      licence: 'MIT (test)',
    });
    await h.call('models.install', { source: { kind: 'file', path: file }, metadata, id: 'tiny-encoder' });

    const run = async (useEncoder: boolean) => {
      const job = await h.call('stylegan.invert', { assetId: astronaut.id, iterations: 5, useEncoder });
      const done = await h.waitForJob(job.id, 120_000);
      expect(done.state).toBe('succeeded');
      const id = (done.result as { inversionId: string }).inversionId;
      return (await h.call('stylegan.inversions', { projectId: astronaut.projectId })).find((i) => i.id === id)!;
    };
    const encoded = await run(true);
    expect(encoded.settings).toMatchObject({ start: 'encoder', encoderId: 'tiny-encoder', mappingId: null });
    const meanW = await run(false);
    expect(meanW.settings).toMatchObject({ start: 'mean-w', encoderId: null, mappingId: 'ref-mapping' });
    expect(encoded.losses[0]).not.toBeCloseTo(meanW.losses[0]!, 3);
  }, 120_000);
});
