import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MASK_ATLAS_SIZE,
  applyMaskOperation,
  applyStrokeToAtlas,
  atlasLayout,
  atlasPixelsOnPhoto,
  atlasUvsOfPhotoPoints,
  brushFalloff,
  emptyMaskAtlas,
  greyImage,
  layerVertexWeights,
  mapFaceAtlas,
  maskOnPhoto,
  paintValue,
  photoRasterAtlasUvs,
  photoRasterOf,
  stampSegment,
  steppedBrushSize,
} from '../../../src/shared/masks';
import { BLENDSHAPE_COUNT, blendshapeIndex, synthesizeLandmarks } from '../../../src/shared/rig';

const astronaut = Float32Array.from(
  (
    JSON.parse(
      readFileSync(path.resolve(__dirname, '../../integration/face/expected/astronaut-landmarks.json'), 'utf8'),
    ) as { landmarks: number[] }
  ).landmarks,
);

describe('brush strokes', () => {
  it('paints a capsule: full inside the hard core, fading to nothing at the radius', () => {
    const coverage = greyImage(100, 40);
    const bounds = stampSegment(coverage, [20, 20], [80, 20], 10, 0.5);
    expect(bounds).toEqual({ x0: 10, y0: 10, x1: 90, y1: 30 });
    const at = (x: number, y: number) => coverage.data[y * 100 + x]!;
    expect(at(50, 19)).toBe(255); // on the line
    expect(at(50, 23)).toBe(255); // within the core (5 px)
    expect(at(50, 27)).toBe(128); // half way through the falloff (7.5 px)
    expect(at(50, 28)).toBeGreaterThan(0);
    expect(at(50, 28)).toBeLessThan(128);
    expect(at(50, 31 - 1)).toBe(0); // pixel centre 10.5 px away: outside
    expect(at(5, 20)).toBe(0); // beyond the cap
    expect(at(12, 19)).toBeGreaterThan(0); // round cap
  });

  it('does not build up where a stroke crosses itself', () => {
    const coverage = greyImage(60, 60);
    stampSegment(coverage, [10, 30], [50, 30], 8, 0);
    const once = coverage.data[30 * 60 + 30]!;
    stampSegment(coverage, [30, 10], [30, 50], 8, 0);
    stampSegment(coverage, [10, 30], [50, 30], 8, 0);
    expect(coverage.data[30 * 60 + 30]).toBe(once);
    // Hardness 0 is a smooth bump: half way out it is half strength.
    expect(brushFalloff(4, 8, 0)).toBeCloseTo(0.5, 5);
  });

  it('brush adds towards full and eraser removes towards none, at most the opacity per stroke', () => {
    expect(paintValue(0, 255, 'brush', 1)).toBe(255);
    expect(paintValue(0, 255, 'brush', 0.5)).toBe(128);
    expect(paintValue(128, 255, 'brush', 0.5)).toBe(192);
    expect(paintValue(200, 255, 'eraser', 1)).toBe(0);
    expect(paintValue(200, 255, 'eraser', 0.25)).toBe(150);
    expect(paintValue(77, 0, 'eraser', 1)).toBe(77);
  });

  it('steps the size with [ and ] within its range', () => {
    expect(steppedBrushSize(40, 1)).toBe(50);
    expect(steppedBrushSize(40, -1)).toBe(32);
    expect(steppedBrushSize(2, -1)).toBe(2);
    expect(steppedBrushSize(3, 1)).toBe(4);
    expect(steppedBrushSize(1000, 1)).toBe(1000);
  });
});

describe('whole-mask edits', () => {
  it('fill, clear and invert', () => {
    const mask = greyImage(4, 1);
    mask.data.set([0, 10, 200, 255]);
    expect([...applyMaskOperation(mask, 'invert').data]).toEqual([255, 245, 55, 0]);
    expect([...applyMaskOperation(mask, 'fill').data]).toEqual([255, 255, 255, 255]);
    expect([...applyMaskOperation(mask, 'clear').data]).toEqual([0, 0, 0, 0]);
    expect([...mask.data]).toEqual([0, 10, 200, 255]); // untouched
  });
});

describe('a stroke on the photo lands on the face in the atlas', () => {
  const mapping = mapFaceAtlas(astronaut);
  const raster = photoRasterOf(mapping, 512, 512, 1024);
  const atlasOnPhoto = atlasPixelsOnPhoto(mapping);
  const noseTip = [astronaut[1 * 3]!, astronaut[1 * 3 + 1]!] as const;

  it('paints the nose, leaves the chin, and the layer weights follow', () => {
    const coverage = greyImage(raster.width, raster.height);
    const at = (x: number, y: number) => [(x - raster.x) * raster.scale, (y - raster.y) * raster.scale] as const;
    // A short stroke across the nose tip, 12 px wide on the photo.
    stampSegment(coverage, at(noseTip[0] - 4, noseTip[1]), at(noseTip[0] + 4, noseTip[1]), 6 * raster.scale, 0.8);
    const atlas = emptyMaskAtlas();
    const changed = applyStrokeToAtlas(atlas, atlasOnPhoto, coverage, raster, 'brush', 1);
    expect(changed).not.toBeNull();
    // Only a small patch of the atlas changed.
    const area = (changed!.x1 - changed!.x0) * (changed!.y1 - changed!.y0);
    expect(area).toBeGreaterThan(10);
    expect(area).toBeLessThan(MASK_ATLAS_SIZE * MASK_ATLAS_SIZE * 0.02);

    const { uvs } = atlasLayout();
    const vertexUvs = Float32Array.of(
      uvs[1 * 2]!,
      uvs[1 * 2 + 1]!, // nose tip
      uvs[152 * 2]!,
      uvs[152 * 2 + 1]!, // chin
      Number.NaN,
      Number.NaN, // off the atlas
    );
    const weights = layerVertexWeights(atlas, vertexUvs);
    expect(weights[0]).toBeGreaterThan(0.95);
    expect(weights[1]).toBe(0);
    expect(weights[2]).toBe(1);

    // Seen on the photo again, the painted patch sits on the nose tip.
    const rasterUvs = photoRasterAtlasUvs(mapping, raster);
    const shown = maskOnPhoto(atlas, rasterUvs);
    const [nx, ny] = at(noseTip[0], noseTip[1]);
    expect(shown[Math.floor(ny) * raster.width + Math.floor(nx)]).toBeGreaterThan(240);
    const [cx, cy] = at(astronaut[152 * 3]!, astronaut[152 * 3 + 1]!);
    expect(shown[Math.floor(cy) * raster.width + Math.floor(cx)]).toBe(0);
  });

  it('weights the photo landmarks through atlasUvsOfPhotoPoints (vertices off the atlas weigh 1)', () => {
    const atlas = applyMaskOperation(emptyMaskAtlas(), 'fill');
    const points = Float32Array.of(astronaut[0]!, astronaut[1]!, astronaut[2]!, 1, 1, 0);
    const weights = layerVertexWeights(emptyMaskAtlas(), atlasUvsOfPhotoPoints(mapping, points));
    expect([...weights]).toEqual([0, 1]);
    expect([...layerVertexWeights(atlas, atlasUvsOfPhotoPoints(mapping, points))]).toEqual([1, 1]);
  });
});

describe('a mask follows the face', () => {
  it('stays on the mouth when the same face opens its jaw, smiles and turns', () => {
    const neutralPose = { yawDeg: 0, pitchDeg: 0, rollDeg: 0, tx: 256, ty: 256, tz: 0, scale: 200 };
    const neutral = synthesizeLandmarks(new Float32Array(BLENDSHAPE_COUNT), neutralPose);
    const expression = new Float32Array(BLENDSHAPE_COUNT);
    expression[blendshapeIndex('jawOpen')] = 0.7;
    expression[blendshapeIndex('mouthSmileLeft')] = 0.8;
    expression[blendshapeIndex('mouthSmileRight')] = 0.8;
    const moved = synthesizeLandmarks(expression, { ...neutralPose, yawDeg: 25, rollDeg: 10, tx: 300 });

    // Paint over the lips of the neutral face (corners 61 and 291, a stroke as thick as the lips).
    const first = mapFaceAtlas(neutral);
    const raster = photoRasterOf(first, 512, 512, 1024);
    const coverage = greyImage(raster.width, raster.height);
    const at = (points: ArrayLike<number>, i: number) =>
      [(points[i * 3]! - raster.x) * raster.scale, (points[i * 3 + 1]! - raster.y) * raster.scale] as const;
    stampSegment(coverage, at(neutral, 61), at(neutral, 291), 12 * raster.scale, 0.8);
    const atlas = emptyMaskAtlas();
    applyStrokeToAtlas(atlas, atlasPixelsOnPhoto(first), coverage, raster, 'brush', 1);

    // Seen through the moved face, the mask covers its lips (which moved tens of pixels), not its eyes.
    const second = mapFaceAtlas(moved);
    const weightsAt = (indices: number[]) =>
      layerVertexWeights(
        atlas,
        atlasUvsOfPhotoPoints(second, Float32Array.from(indices.flatMap((i) => [moved[i * 3]!, moved[i * 3 + 1]!])), 2),
      );
    const lips = [0, 61, 291, 13, 14]; // upper lip middle, corners, inner lip middles
    expect(Math.hypot(moved[61 * 3]! - neutral[61 * 3]!, moved[61 * 3 + 1]! - neutral[61 * 3 + 1]!)).toBeGreaterThan(
      20,
    );
    for (const weight of weightsAt(lips)) expect(weight).toBeGreaterThan(0.5);
    for (const weight of weightsAt([159, 386, 10, 152])) expect(weight).toBe(0); // eyes, forehead, chin
    // Between the parted lips (no landmark there: the mouth fan), the moved face is painted; where
    // its mouth was before moving, it is not.
    const between = [(moved[13 * 3]! + moved[14 * 3]!) / 2, (moved[13 * 3 + 1]! + moved[14 * 3 + 1]!) / 2];
    const before = [(neutral[13 * 3]! + neutral[14 * 3]!) / 2, (neutral[13 * 3 + 1]! + neutral[14 * 3 + 1]!) / 2];
    const [inside, left] = layerVertexWeights(atlas, atlasUvsOfPhotoPoints(second, [...between, ...before], 2));
    expect(inside).toBeGreaterThan(0.5);
    expect(left).toBe(0);
  });
});
