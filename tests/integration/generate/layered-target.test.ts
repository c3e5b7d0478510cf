import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitLandmarksForSource, generatorSource } from '../../../src/main/engine/generate/generator-source';
import {
  computeTargetWithinLimits,
  prepareGeometry,
  warpTears,
} from '../../../src/main/engine/generate/warp/warp-geometry';
import { computeLayeredTarget } from '../../../src/main/engine/generate/warp/warp-layers';
import { WARP_VERTEX_COUNT } from '../../../src/main/engine/generate/warp/warp-topology';
import type { ExpressionTransfer, LayerMix, RenderTarget } from '../../../src/shared/generate';
import { coefficientsToRecord } from '../../../src/shared/rig';
import { expectedPath } from '../face/face-fixtures';

const landmarks = (JSON.parse(readFileSync(expectedPath, 'utf8')) as { landmarks: number[] }).landmarks;
const fit = fitLandmarksForSource(landmarks);
const image = { data: new Uint8Array(512 * 512 * 4), width: 512, height: 512 };
const geometry = prepareGeometry(generatorSource('astronaut', image, landmarks, 512, fit));
const appearance: RenderTarget = {
  coefficients: coefficientsToRecord(fit.coefficients),
  head: { yawDeg: fit.pose.yawDeg, pitchDeg: fit.pose.pitchDeg, rollDeg: fit.pose.rollDeg },
};
const zero = coefficientsToRecord(new Float32Array(52));
const expression: ExpressionTransfer = {
  state: { coefficients: { ...zero, jawOpen: 0.6, browInnerUp: 0.8 }, head: { yawDeg: 8, pitchDeg: 0, rollDeg: 0 } },
  neutral: { coefficients: zero, head: { yawDeg: 0, pitchDeg: 0, rollDeg: 0 } },
  mode: 'relative',
};

function target(mix: LayerMix, weights?: Record<string, Float32Array>, source: ExpressionTransfer | null = expression) {
  const out = new Float32Array(WARP_VERTEX_COUNT * 3);
  computeLayeredTarget(
    geometry,
    { appearance, expression: source, mix, layerVertexWeights: weights },
    new Float32Array(52),
    out,
  );
  return out;
}
const maxDifference = (a: Float32Array, b: Float32Array) =>
  a.reduce((max, v, i) => Math.max(max, Math.abs(v - b[i]!)), 0);

describe('layered warp target (per-layer alphas and per-vertex weights)', () => {
  const all: LayerMix = { head: 1, brows: 1, eyes: 1, nose: 1, mouth: 1 };
  const off: LayerMix = { head: 0, brows: 0, eyes: 0, nose: 0, mouth: 0 };

  it('alphas at 0, or no expression source, give the photo itself', () => {
    const photo = target(off, undefined, null);
    expect(maxDifference(target(off), photo)).toBe(0);
    expect(maxDifference(target(all, undefined, null), photo)).toBe(0);
    // The face points are the detected landmarks: an unedited rig reproduces the photo.
    for (let j = 0; j < 468 * 3; j++) expect(Math.abs(photo[j]! - landmarks[j]!)).toBeLessThan(1e-3);
  });

  it('the mouth layer moves the lower lip and chin, not the brows', () => {
    const photo = target(off);
    const mouth = target({ ...off, mouth: 1 });
    const chinY = 152 * 3 + 1;
    const browY = 105 * 3 + 1;
    expect(mouth[chinY]! - photo[chinY]!).toBeGreaterThan(3);
    expect(Math.abs(mouth[browY]! - photo[browY]!)).toBeLessThan(0.05);
  });

  it('per-vertex weights: 1 everywhere changes nothing, 0 removes the layer, 0.5 halves it where given', () => {
    const full = target(all);
    const ones = new Float32Array(478).fill(1);
    expect(maxDifference(target(all, { mouth: ones, brows: ones }), full)).toBeLessThan(1e-4);
    const zeros = new Float32Array(478);
    const noMouth = target({ ...all, mouth: 0 });
    expect(maxDifference(target(all, { mouth: zeros }), noMouth)).toBeLessThan(1e-3);
    const half = new Float32Array(478).fill(0.5);
    const halfMouth = target({ ...all, mouth: 0.5 });
    expect(maxDifference(target(all, { mouth: half }), halfMouth)).toBeLessThan(1e-2);
    // A weight on one region only: the chin keeps the mouth layer, the mask at 0 elsewhere holds the lips.
    const chinOnly = new Float32Array(478);
    chinOnly[152] = 1;
    const masked = target(all, { mouth: chinOnly });
    expect(masked[152 * 3 + 1]).toBeCloseTo(full[152 * 3 + 1]!, 3);
    expect(masked[14 * 3 + 1]).toBeCloseTo(noMouth[14 * 3 + 1]!, 3);
  });
});

describe('head turns the warp cannot show', () => {
  it('are limited along the whole turn, and only the axes that really changed are reported', () => {
    const out = new Float32Array(WARP_VERTEX_COUNT * 3);
    const photo = appearance.head;
    // A large turn with a roll barely different from the photo's: the whole rotation is scaled back,
    // which moves the roll a hair too; that must not read as "roll limited".
    const asked = { yawDeg: photo.yawDeg + 60, pitchDeg: photo.pitchDeg, rollDeg: photo.rollDeg + 0.3 };
    const { head, capped } = computeTargetWithinLimits(geometry, new Float32Array(52), asked, out);
    expect(warpTears(geometry, out)).toBe(false);
    expect(head.yawDeg - photo.yawDeg).toBeGreaterThan(1);
    expect(head.yawDeg - photo.yawDeg).toBeLessThan(60);
    expect(capped.map((angle) => angle.name)).toEqual(['yawDeg']);
    expect(capped[0]).toMatchObject({ given: asked.yawDeg, used: head.yawDeg });
  });
});
