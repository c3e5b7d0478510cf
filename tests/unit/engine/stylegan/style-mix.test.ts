import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseContract, type SynthesisContract } from '../../../../src/shared/api';
import { styleGeneratorInfo } from '../../../../src/shared/generate';
import { mixStyles } from '../../../../src/main/engine/stylegan/style-generator';
import { alignmentPoints, alignmentTransform } from '../../../../src/main/engine/stylegan/alignment';
import { applySimilarity } from '../../../../src/main/engine/generate/compositing';

const root = resolve(import.meta.dirname, '../../../..');
const contract = parseContract(
  JSON.parse(readFileSync(resolve(root, 'tests/fixtures/autodiff/synthesis-grouped.mien.json'), 'utf8')),
) as SynthesisContract;
const { landmarks } = JSON.parse(
  readFileSync(resolve(root, 'tests/integration/face/expected/astronaut-landmarks.json'), 'utf8'),
) as { landmarks: number[] };

describe('style backend', () => {
  it('names one layer per style input from the metadata, the expression layers on by default', () => {
    const info = styleGeneratorInfo('ffhq', contract);
    expect(info.id).toBe('stylegan:ffhq');
    expect(info.layers.map((l) => l.name)).toEqual([
      'Coarse 1 · b4/conv1 (4 px)',
      'Coarse 2 · b8/conv0_up (8 px)',
      'Coarse 3 · b8/conv1 (8 px)',
      'Middle 4 · b16/conv0_up (16 px)',
      'Middle 5 · b16/conv1 (16 px)',
      'Middle 6 · b32/conv0_up (32 px)',
      'Middle 7 · b32/conv1 (32 px)',
      'Fine 8 · b64/conv0_up (64 px)',
      'Fine 9 · b64/conv1 (64 px)',
      'Fine 10 · b64/torgb (64 px)',
    ]);
    expect(info.layers.map((l) => l.defaultAlpha)).toEqual([0, 0, 0, 1, 1, 0, 0, 0, 0, 0]);
  });

  it('mixes ws per layer: alpha 0 keeps the appearance, 1 takes the expression, between interpolates', () => {
    const appearance = new Float32Array(3 * 512).fill(1);
    const expression = new Float32Array(3 * 512).fill(3);
    const mixed = mixStyles({ appearance, expression }, [0, 1, 0.25]);
    expect(mixed[0]).toBe(1);
    expect(mixed[511]).toBe(1);
    expect(mixed[512]).toBe(3);
    expect(mixed[1023]).toBe(3);
    expect(mixed[1024]).toBe(1.5);
  });

  it('aligns the astronaut: her eyes and mouth land on the template (within a few percent)', () => {
    const points = alignmentPoints(landmarks);
    expect(points.leftEye[0]).toBeLessThan(points.rightEye[0]);
    const t = alignmentTransform(landmarks, contract.alignment, 64);
    const template = contract.alignment.points;
    for (const name of ['leftEye', 'rightEye', 'mouth'] as const) {
      const [x, y] = applySimilarity(t, ...points[name]);
      expect(Math.abs(x / 64 - template[name][0])).toBeLessThan(0.04);
      expect(Math.abs(y / 64 - template[name][1])).toBeLessThan(0.04);
    }
  });
});
