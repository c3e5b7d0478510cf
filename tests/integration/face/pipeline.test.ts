import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { descriptorSimilarity } from '../../../src/main/engine/face/attributes';
import { analyzeImage } from '../../../src/main/engine/face/analyze-image';
import type { OrtFaceModels } from '../../../src/main/engine/face/ort-face-models';
import type { FaceAnalysis, FaceAnalysisSuccess } from '../../../src/main/engine/face/types';
import { astronaut, astronautPath, expectedPath, landmarkError, loadModels, toRgba } from './face-fixtures';

let models: OrtFaceModels;
let expected: number[];

beforeAll(async () => {
  // No skip: the models come from `npm install`; if they are missing the registry's message says how to make them.
  models = await loadModels();
  expected = (JSON.parse(await readFile(expectedPath, 'utf8')) as { landmarks: number[] }).landmarks;
});
afterAll(async () => models?.dispose());

function success(analysis: FaceAnalysis): FaceAnalysisSuccess {
  if (!analysis.ok) throw new Error(`expected a face, got ${analysis.reason}: ${analysis.message}`);
  return analysis;
}

const point = (landmarks: ArrayLike<number>, i: number) => [landmarks[3 * i]!, landmarks[3 * i + 1]!] as const;

describe('face pipeline on the astronaut', () => {
  it('places all 478 landmarks where the stored reference has them', async () => {
    const analysis = success(await analyzeImage(models, await toRgba(astronaut())));
    expect(analysis.faces).toHaveLength(1);
    expect(analysis.chosenIndex).toBe(0);
    const face = analysis.faces[0]!;
    expect(face.landmarks).toHaveLength(478 * 3);
    const error = landmarkError(face.landmarks, expected);
    expect(error.mean).toBeLessThan(2);
    expect(error.max).toBeLessThan(5);
    expect(face.presence).toBeGreaterThan(0.9);
    expect(Math.abs(face.pose.yaw)).toBeLessThan(15);
  });

  it('puts eyes, irises, nose and mouth in anatomically sensible places', async () => {
    const face = success(await analyzeImage(models, await toRgba(astronaut()))).faces[0]!;
    const p = (i: number) => point(face.landmarks, i);
    // Subject's right eye (33..133) is on the image's left, left eye (362..263) on the right.
    expect(p(33)[0]).toBeLessThan(p(133)[0]);
    expect(p(133)[0]).toBeLessThan(p(362)[0]);
    expect(p(362)[0]).toBeLessThan(p(263)[0]);
    // Each iris centre lies between its eye's corners and near the eye line.
    for (const [iris, outer, inner] of [
      [468, 33, 133],
      [473, 263, 362],
    ] as const) {
      const [ix, iy] = p(iris);
      expect(ix).toBeGreaterThan(Math.min(p(outer)[0], p(inner)[0]));
      expect(ix).toBeLessThan(Math.max(p(outer)[0], p(inner)[0]));
      expect(Math.abs(iy - (p(outer)[1] + p(inner)[1]) / 2)).toBeLessThan(6);
    }
    // Nose tip below the eyes and above the lips; mouth corners either side of the nose.
    const eyeY = (p(33)[1] + p(263)[1]) / 2;
    expect(p(1)[1]).toBeGreaterThan(eyeY + 15);
    expect(p(13)[1]).toBeGreaterThan(p(1)[1]);
    expect(p(61)[0]).toBeLessThan(p(1)[0]);
    expect(p(291)[0]).toBeGreaterThan(p(1)[0]);
    // Known positions in this photo (checked on an overlay): eyes near y 100, nose tip near (224, 132).
    expect(eyeY).toBeGreaterThan(90);
    expect(eyeY).toBeLessThan(112);
    expect(Math.hypot(p(1)[0] - 224, p(1)[1] - 132)).toBeLessThan(6);
  });

  it('reads the smile and returns an identity descriptor', async () => {
    const face = success(await analyzeImage(models, await toRgba(astronaut()))).faces[0]!;
    const expressions = face.expressions!;
    const total = Object.values(expressions).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 3);
    expect(expressions.happy).toBeGreaterThan(0.8);
    expect(face.descriptor).toHaveLength(1024);
    const mirrored = success(await analyzeImage(models, await toRgba(astronaut().flop()))).faces[0]!;
    const stranger = success(
      await analyzeImage(models, await toRgba(astronaut().flip().rotate(180).modulate({ hue: 90 }))),
    ).faces[0]!;
    // The same person mirrored stays very close; the descriptor is a real embedding, not a constant.
    expect(descriptorSimilarity(face.descriptor!, mirrored.descriptor!)).toBeGreaterThan(0.8);
    expect(face.descriptor!.some((v) => v !== face.descriptor![0])).toBe(true);
    expect(stranger.descriptor).toHaveLength(1024);
  });
});

describe('face pipeline edge cases', () => {
  it('reports no_face on a flat gradient and on noise', async () => {
    const gradient = sharp(
      Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"><defs><linearGradient id="g"><stop offset="0" stop-color="#203040"/><stop offset="1" stop-color="#e0d0c0"/></linearGradient></defs><rect width="400" height="300" fill="url(#g)"/></svg>',
      ),
    );
    const noiseBytes = Buffer.alloc(320 * 240 * 3);
    for (let i = 0; i < noiseBytes.length; i++) noiseBytes[i] = (Math.imul(i, 2654435761) >>> 13) & 255;
    const noise = sharp(noiseBytes, { raw: { width: 320, height: 240, channels: 3 } });
    for (const image of [gradient, noise]) {
      const analysis = await analyzeImage(models, await toRgba(image));
      expect(analysis).toMatchObject({ ok: false, reason: 'no_face', message: 'No face found' });
    }
  });

  it('finds both faces in a tiled image and chooses the largest', async () => {
    const small = await astronaut().resize(384, 384).png().toBuffer();
    const tiled = sharp({ create: { width: 896, height: 512, channels: 3, background: '#808080' } }).composite([
      { input: astronautPath, left: 0, top: 0 },
      { input: small, left: 512, top: 128 },
    ]);
    const analysis = success(await analyzeImage(models, await toRgba(sharp(await tiled.png().toBuffer()))));
    expect(analysis.faces).toHaveLength(2);
    expect(analysis.chosenIndex).toBe(0);
    const [large, smaller] = analysis.faces as [FaceAnalysisSuccess['faces'][0], FaceAnalysisSuccess['faces'][0]];
    expect(large.box.x + large.box.width).toBeLessThan(512);
    expect(smaller.box.x).toBeGreaterThan(512);
    expect(landmarkError(large.landmarks, expected).mean).toBeLessThan(2);
    const scaled = expected.map((v, i) => (i % 3 === 0 ? 512 + 0.75 * v : i % 3 === 1 ? 128 + 0.75 * v : v));
    expect(landmarkError(smaller.landmarks, scaled).mean).toBeLessThan(2.5);

    const picked = success(
      await analyzeImage(models, await toRgba(sharp(await tiled.png().toBuffer())), { chooseIndex: 1 }),
    );
    expect(picked.chosenIndex).toBe(1);
  });

  it('finds the face in photos turned by 90 and 180 degrees, landmarks turned with them', async () => {
    // Turning a W x H image 90 degrees clockwise maps (x, y) to (H - y, x).
    const turned90 = expected.map((v, i) =>
      i % 3 === 0 ? 512 - expected[i + 1]! : i % 3 === 1 ? expected[i - 1]! : v,
    );
    const turned180 = expected.map((v, i) => (i % 3 === 2 ? v : 512 - v));
    for (const [degrees, reference] of [
      [90, turned90],
      [180, turned180],
    ] as const) {
      const image = await toRgba(sharp(await astronaut().rotate(degrees).png().toBuffer()));
      const face = success(await analyzeImage(models, image)).faces[0]!;
      const error = landmarkError(face.landmarks, reference);
      expect(error.mean, `${degrees} degrees`).toBeLessThan(2);
      expect(error.max, `${degrees} degrees`).toBeLessThan(8);
    }
  });

  it('finds a 25-35 px face in a large photo and says it is too small, not that there is no face', async () => {
    // Squeezed whole into the detector's 256 px input this face is 5 px: only the tiled search sees it.
    const small = await astronaut().resize(100, 100).png().toBuffer();
    const canvas = sharp({ create: { width: 1200, height: 1200, channels: 4, background: '#808080' } }).composite([
      { input: small, left: 720, top: 360 },
    ]);
    const analysis = await analyzeImage(models, await toRgba(sharp(await canvas.png().toBuffer())));
    expect(analysis.ok).toBe(false);
    if (analysis.ok) return;
    expect(analysis.reason).toBe('face_too_small');
    expect(analysis.message).toMatch(/^Face too small: (2[5-9]|3\d) px \(needs at least 48 px\)$/);
    const { box } = analysis.rejected[0]!;
    expect(box.x).toBeGreaterThan(720);
    expect(box.x + box.width).toBeLessThan(820);
  });

  it('says a tiny face is too small, with its size', async () => {
    const analysis = await analyzeImage(models, await toRgba(astronaut().resize(160, 160)));
    expect(analysis.ok).toBe(false);
    if (analysis.ok) return;
    expect(analysis.reason).toBe('face_too_small');
    expect(analysis.message).toMatch(/^Face too small: (2\d|3\d|4[0-7]) px \(needs at least 48 px\)$/);
    // The message is about the largest detection, the face itself: its box holds the scaled nose tip (70, 41).
    const { box } = analysis.rejected[0]!;
    expect(70).toBeGreaterThan(box.x);
    expect(70).toBeLessThan(box.x + box.width);
    expect(41).toBeGreaterThan(box.y);
    expect(41).toBeLessThan(box.y + box.height);
  });
});
