import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASK_PNG_MAX_BYTES, type Scene } from '../../../src/shared/api';
import { MASK_ATLAS_SIZE, encodeGreyPng, greyImage } from '../../../src/shared/masks';
import { loadMaskAtlas, loadSceneMaskAtlases } from '../../../src/main/engine/masks';
import { openProjectStore } from '../../../src/main/engine/schema';
import { apiErrorOf, importAnalysedAstronaut, startEngine, type Harness } from '../engine/engine-harness';

const maskPng = async (paint: (x: number, y: number) => number) => {
  const image = greyImage(MASK_ATLAS_SIZE, MASK_ATLAS_SIZE);
  for (let y = 0; y < MASK_ATLAS_SIZE; y++) {
    for (let x = 0; x < MASK_ATLAS_SIZE; x++) image.data[y * MASK_ATLAS_SIZE + x] = paint(x, y);
  }
  return { image, png: await encodeGreyPng(image) };
};

describe('masks.* through the engine', () => {
  let h: Harness;
  let scene: Scene;

  beforeAll(async () => {
    h = await startEngine();
    const asset = await importAnalysedAstronaut(h, 'Masks');
    scene = await h.call('scenes.create', { projectId: asset.projectId, assetId: asset.id });
  }, 60_000);
  afterAll(() => h.close());

  it('stores a grey PNG per layer, reads it back, replaces it, and clears it', async () => {
    expect(await h.call('masks.get', { sceneId: scene.id, layer: 'mouth' })).toEqual({ mask: null });
    const { image, png } = await maskPng((x) => (x < 256 ? 255 : 0));
    const events = h.events.length;
    const stored = await h.call('masks.set', { sceneId: scene.id, layer: 'mouth', png });
    expect(stored).toMatchObject({ sceneId: scene.id, layer: 'mouth', width: 512, height: 512, byteSize: png.length });
    expect(h.events.slice(events).map((e) => e.event)).toContain('mask.changed');
    expect((await h.call('masks.get', { sceneId: scene.id, layer: 'mouth' })).mask).toEqual(stored);
    expect(await h.call('masks.list', { sceneId: scene.id })).toEqual([stored]);

    // The stored file is the PNG, byte for byte, and decodes to the painted pixels.
    const blob = h.engine.resolveBlob(stored.sha256);
    expect(blob?.mime).toBe('image/png');
    expect(new Uint8Array(fs.readFileSync(blob!.path))).toEqual(png);
    const raw = await sharp(blob!.path).extractChannel(0).raw().toBuffer();
    expect(new Uint8Array(raw)).toEqual(image.data);

    // Replacing drops the old file once nothing names it.
    const second = await h.call('masks.set', {
      sceneId: scene.id,
      layer: 'mouth',
      png: (await maskPng((_, y) => (y < 100 ? 255 : 0))).png,
    });
    expect(second.sha256).not.toBe(stored.sha256);
    expect(h.engine.resolveBlob(stored.sha256)).toBeNull();

    expect(await h.call('masks.clear', { sceneId: scene.id, layer: 'mouth' })).toEqual({ removed: true });
    expect(await h.call('masks.get', { sceneId: scene.id, layer: 'mouth' })).toEqual({ mask: null });
    expect(await h.call('masks.clear', { sceneId: scene.id, layer: 'mouth' })).toEqual({ removed: false });
    expect(h.engine.resolveBlob(second.sha256)).toBeNull();
  });

  it('refuses what is not a grey PNG of the atlas size, and stores nothing', async () => {
    const set = (png: Uint8Array) => h.call('masks.set', { sceneId: scene.id, layer: 'eyes', png });
    const rgb = await sharp({ create: { width: 512, height: 512, channels: 3, background: '#888' } })
      .png()
      .toBuffer();
    const rgbError = await apiErrorOf(set(new Uint8Array(rgb)));
    expect(rgbError.code).toBe('invalid_request');
    expect(rgbError.message).toContain('8-bit greyscale');

    const greyAlpha = await sharp({ create: { width: 512, height: 512, channels: 4, background: '#8888' } })
      .toColourspace('b-w')
      .png()
      .toBuffer();
    expect((await apiErrorOf(set(new Uint8Array(greyAlpha)))).code).toBe('invalid_request');

    const small = await encodeGreyPng(greyImage(256, 256));
    const smallError = await apiErrorOf(set(small));
    expect(smallError.code).toBe('invalid_request');
    expect(smallError.message).toContain('256 x 256');

    const jpeg = await sharp({ create: { width: 512, height: 512, channels: 3, background: '#888' } })
      .jpeg()
      .toBuffer();
    expect((await apiErrorOf(set(new Uint8Array(jpeg)))).code).toBe('not_an_image');

    const { png } = await maskPng((x, y) => (x * 31 + y * 17) % 256);
    const cut = png.slice(0, Math.floor(png.length / 2));
    const cutError = await apiErrorOf(set(cut));
    expect(cutError.code).toBe('not_an_image');

    const huge = new Uint8Array(MASK_PNG_MAX_BYTES + 1);
    huge.set(png.subarray(0, 64));
    expect((await apiErrorOf(set(huge))).code).toBe('image_too_large');

    expect((await apiErrorOf(h.call('masks.set', { sceneId: 'no-such-scene', layer: 'eyes', png }))).code).toBe(
      'not_found',
    );
    expect((await apiErrorOf(h.call('masks.get', { sceneId: 'no-such-scene', layer: 'eyes' }))).code).toBe('not_found');
    expect(await h.call('masks.list', { sceneId: scene.id })).toEqual([]);
  });

  it('is copied with the project and loaded for renders', async () => {
    const { png } = await maskPng((x, y) => (((x >> 4) + (y >> 4)) % 2 ? 200 : 10));
    const stored = await h.call('masks.set', { sceneId: scene.id, layer: 'brows', png });
    const copy = await h.call('projects.duplicate', { id: scene.projectId });
    const [copiedScene] = await h.call('scenes.list', { projectId: copy.id });
    expect(copiedScene?.id).toBeDefined();
    expect(copiedScene!.id).not.toBe(scene.id);
    const copied = await h.call('masks.get', { sceneId: copiedScene!.id, layer: 'brows' });
    expect(copied.mask?.sha256).toBe(stored.sha256);
  });

  it('loads a stored mask as atlas pixels for a render', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-masks-'));
    const own = await startEngine({ dataDir });
    const asset = await importAnalysedAstronaut(own, 'Masks render');
    const ownScene = await own.call('scenes.create', { projectId: asset.projectId, assetId: asset.id });
    const { image, png } = await maskPng((x, y) => (((x >> 4) + (y >> 4)) % 2 ? 200 : 10));
    await own.call('masks.set', { sceneId: ownScene.id, layer: 'mouth', png });
    await own.close();
    const opened = openProjectStore(dataDir);
    if (!opened.ok) throw new Error('the store did not open');
    try {
      const atlas = await loadMaskAtlas(opened.store, ownScene.id, 'mouth');
      expect(atlas?.width).toBe(MASK_ATLAS_SIZE);
      expect(atlas?.data).toEqual(image.data);
      expect(await loadMaskAtlas(opened.store, ownScene.id, 'eyes')).toBeNull();
      expect(Object.keys(await loadSceneMaskAtlases(opened.store, ownScene.id))).toEqual(['mouth']);
    } finally {
      opened.store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
