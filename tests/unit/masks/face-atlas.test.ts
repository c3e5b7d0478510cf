import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ATLAS_FACE_POINTS,
  ATLAS_SILHOUETTE,
  ATLAS_VERTEX_COUNT,
  atlasLayout,
  atlasPixelsOnPhoto,
  atlasToPhoto,
  atlasUvsOfPhotoPoints,
  mapFaceAtlas,
  photoRasterAtlasUvs,
  photoRasterOf,
  photoToAtlas,
} from '../../../src/shared/masks';
import { BLENDSHAPE_COUNT, synthesizeLandmarks } from '../../../src/shared/rig';

const astronaut = Float32Array.from(
  (
    JSON.parse(
      readFileSync(path.resolve(__dirname, '../../integration/face/expected/astronaut-landmarks.json'), 'utf8'),
    ) as { landmarks: number[] }
  ).landmarks,
);

describe('atlas layout', () => {
  it('fits in the unit square and never folds (every triangle turns the same way)', () => {
    const { uvs, triangles } = atlasLayout();
    expect(uvs.length).toBe(ATLAS_VERTEX_COUNT * 2);
    for (const value of uvs) {
      expect(value).toBeGreaterThan(0);
      expect(value).toBeLessThan(1);
    }
    let negative = 0;
    for (let t = 0; t < triangles.length; t += 3) {
      const [a, b, c] = [triangles[t]!, triangles[t + 1]!, triangles[t + 2]!];
      const cross =
        (uvs[b * 2]! - uvs[a * 2]!) * (uvs[c * 2 + 1]! - uvs[a * 2 + 1]!) -
        (uvs[b * 2 + 1]! - uvs[a * 2 + 1]!) * (uvs[c * 2]! - uvs[a * 2]!);
      expect(Math.abs(cross)).toBeGreaterThan(0);
      if (cross < 0) negative++;
    }
    expect(negative === 0 || negative === triangles.length / 3).toBe(true);
  });

  it('leaves room past the face: the rings reach beyond the forehead, ears and chin', () => {
    const { uvs } = atlasLayout();
    const faceV = Array.from({ length: ATLAS_FACE_POINTS }, (_, i) => uvs[i * 2 + 1]!);
    const faceU = Array.from({ length: ATLAS_FACE_POINTS }, (_, i) => uvs[i * 2]!);
    const allV = Array.from({ length: ATLAS_VERTEX_COUNT }, (_, i) => uvs[i * 2 + 1]!);
    const allU = Array.from({ length: ATLAS_VERTEX_COUNT }, (_, i) => uvs[i * 2]!);
    const faceHeight = Math.max(...faceV) - Math.min(...faceV);
    // The face takes about half the atlas; forehead/hair above and neck below get about 40% of a face each.
    expect(faceHeight).toBeGreaterThan(0.4);
    expect(Math.min(...faceV) - Math.min(...allV)).toBeGreaterThan(0.3 * faceHeight);
    expect(Math.max(...allV) - Math.max(...faceV)).toBeGreaterThan(0.3 * faceHeight);
    expect(Math.min(...faceU) - Math.min(...allU)).toBeGreaterThan(0.15);
    expect(Math.max(...allU) - Math.max(...faceU)).toBeGreaterThan(0.15);
  });
});

describe('photo <-> atlas on the astronaut', () => {
  const mapping = mapFaceAtlas(astronaut);

  it('maps each landmark to its own atlas position and back within a pixel', () => {
    const { uvs } = atlasLayout();
    let worst = 0;
    for (let i = 0; i < ATLAS_FACE_POINTS; i++) {
      const uv = photoToAtlas(mapping, astronaut[i * 3]!, astronaut[i * 3 + 1]!);
      expect(uv, `landmark ${i}`).not.toBeNull();
      const back = atlasToPhoto(mapping, uv![0], uv![1]);
      expect(back).not.toBeNull();
      worst = Math.max(worst, Math.hypot(back![0] - astronaut[i * 3]!, back![1] - astronaut[i * 3 + 1]!));
      // A landmark maps to its own layout position unless a nearer surface covers it on the photo.
      if (Math.hypot(uv![0] - uvs[i * 2]!, uv![1] - uvs[i * 2 + 1]!) > 1e-3) {
        expect(back![0]).toBeCloseTo(astronaut[i * 3]!, 1);
      }
    }
    expect(worst).toBeLessThan(1);
  });

  it('round-trips every photo pixel of the covered area within a pixel', () => {
    const raster = photoRasterOf(mapping, 512, 512, 512);
    let checked = 0;
    let worst = 0;
    for (let y = raster.y + 0.5; y < raster.y + raster.height; y += 3) {
      for (let x = raster.x + 0.5; x < raster.x + raster.width; x += 3) {
        const uv = photoToAtlas(mapping, x, y);
        if (!uv) continue;
        const back = atlasToPhoto(mapping, uv[0], uv[1]);
        expect(back).not.toBeNull();
        worst = Math.max(worst, Math.hypot(back![0] - x, back![1] - y));
        checked++;
      }
    }
    // The astronaut's face is about 100 px wide; the atlas covers about 180 x 200 px of the photo.
    expect(checked).toBeGreaterThan(2500);
    expect(worst).toBeLessThan(1);
  });

  it('covers the forehead, ears and neck beyond the face', () => {
    const top = astronaut[10 * 3 + 1]!; // mid forehead
    const chin = astronaut[152 * 3 + 1]!;
    const faceHeight = chin - top;
    expect(photoToAtlas(mapping, astronaut[10 * 3]!, top - 0.3 * faceHeight)).not.toBeNull();
    expect(photoToAtlas(mapping, astronaut[152 * 3]!, chin + 0.3 * faceHeight)).not.toBeNull();
    const right = astronaut[234 * 3]!;
    const left = astronaut[454 * 3]!;
    const faceWidth = left - right;
    expect(photoToAtlas(mapping, right - 0.2 * faceWidth, astronaut[234 * 3 + 1]!)).not.toBeNull();
    expect(photoToAtlas(mapping, left + 0.2 * faceWidth, astronaut[454 * 3 + 1]!)).not.toBeNull();
    // Far outside the head: off the atlas.
    expect(photoToAtlas(mapping, 2, 2)).toBeNull();
  });

  it('gives the same positions through the lookup tables as point by point', () => {
    const table = atlasPixelsOnPhoto(mapping, 64);
    let compared = 0;
    for (let i = 0; i < 64 * 64; i += 13) {
      if (Number.isNaN(table[i * 2]!)) continue;
      const u = ((i % 64) + 0.5) / 64;
      const v = (Math.floor(i / 64) + 0.5) / 64;
      const photo = atlasToPhoto(mapping, u, v)!;
      expect(Math.hypot(photo[0] - table[i * 2]!, photo[1] - table[i * 2 + 1]!)).toBeLessThan(1e-2);
      compared++;
    }
    expect(compared).toBeGreaterThan(100);
    const raster = photoRasterOf(mapping, 512, 512, 128);
    const uvs = photoRasterAtlasUvs(mapping, raster);
    compared = 0;
    for (let i = 0; i < raster.width * raster.height; i += 17) {
      if (Number.isNaN(uvs[i * 2]!)) continue;
      const x = raster.x + ((i % raster.width) + 0.5) / raster.scale;
      const y = raster.y + (Math.floor(i / raster.width) + 0.5) / raster.scale;
      const uv = photoToAtlas(mapping, x, y)!;
      expect(Math.hypot(uv[0] - uvs[i * 2]!, uv[1] - uvs[i * 2 + 1]!)).toBeLessThan(1e-3);
      compared++;
    }
    expect(compared).toBeGreaterThan(100);
  });
});

describe('a turned head', () => {
  it('maps a photo pixel where the mesh folds to the nearer surface (the nose, not the cheek behind it)', () => {
    const pose = { yawDeg: 40, pitchDeg: 0, rollDeg: 0, tx: 256, ty: 256, tz: 0, scale: 200 };
    const landmarks = synthesizeLandmarks(new Float32Array(BLENDSHAPE_COUNT), pose);
    const mapping = mapFaceAtlas(landmarks);
    const { uvs } = atlasLayout();
    const noseTip = 1;
    const uv = photoToAtlas(mapping, landmarks[noseTip * 3]!, landmarks[noseTip * 3 + 1]!)!;
    expect(Math.hypot(uv[0] - uvs[noseTip * 2]!, uv[1] - uvs[noseTip * 2 + 1]!)).toBeLessThan(1e-3);
    // Silhouette points all map somewhere (rings sit outside them).
    const silhouetteUvs = atlasUvsOfPhotoPoints(
      mapping,
      Float32Array.from(ATLAS_SILHOUETTE.flatMap((i) => [landmarks[i * 3]!, landmarks[i * 3 + 1]!])),
      2,
    );
    expect(silhouetteUvs.every((value) => !Number.isNaN(value))).toBe(true);
  });
});
