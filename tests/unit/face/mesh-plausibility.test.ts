import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { meshMisfit, meshPlausibility } from '../../../src/main/engine/face/mesh-plausibility';

const astronaut = Float64Array.from(
  (
    JSON.parse(
      readFileSync(path.resolve(__dirname, '../../integration/face/expected/astronaut-landmarks.json'), 'utf8'),
    ) as { landmarks: number[] }
  ).landmarks,
);

/** The astronaut's mesh with a muzzle: everything below the eyes pushed down and forward, the eyes set wide. */
function animalLike(): Float64Array {
  const out = Float64Array.from(astronaut);
  const eyeY = (astronaut[33 * 3 + 1]! + astronaut[263 * 3 + 1]!) / 2;
  const midX = (astronaut[33 * 3]! + astronaut[263 * 3]!) / 2;
  const width = Math.abs(astronaut[454 * 3]! - astronaut[234 * 3]!);
  for (let i = 0; i < 478; i++) {
    const below = Math.max(0, astronaut[i * 3 + 1]! - eyeY) / width;
    out[i * 3 + 1] = astronaut[i * 3 + 1]! + below * 1.2 * width;
    out[i * 3 + 2] = astronaut[i * 3 + 2]! - below * 1.0 * width;
    if (below < 0.15) out[i * 3] = midX + (astronaut[i * 3]! - midX) * 1.5;
  }
  return out;
}

describe('mesh plausibility', () => {
  it('finds a real face human, turned or not', () => {
    expect(meshMisfit(astronaut)).toBeLessThan(0.06);
    expect(meshPlausibility(astronaut)).toBe(1);
    // Rotation and scale do not count: the same mesh turned 30 degrees in the image and halved.
    const turned = new Float64Array(astronaut.length);
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    for (let i = 0; i < 478; i++) {
      const [x, y, z] = [astronaut[i * 3]!, astronaut[i * 3 + 1]!, astronaut[i * 3 + 2]!];
      turned.set([0.5 * (c * x - s * y) + 100, 0.5 * (s * x + c * y) + 50, 0.5 * z], i * 3);
    }
    expect(meshPlausibility(turned)).toBe(1);
  });

  it('finds a muzzle with wide-set eyes implausible', () => {
    expect(meshMisfit(animalLike())).toBeGreaterThan(0.1);
    expect(meshPlausibility(animalLike())).toBe(0);
  });
});
