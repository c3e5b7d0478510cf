import { describe, expect, it } from 'vitest';
import { applyExpressionFolds, foldDepths } from '../../../../src/main/engine/generate/warp/expression-folds';
import { warpTopology } from '../../../../src/main/engine/generate/warp/warp-topology';
import { canonicalMeshXY, foldProfiles } from '../../../../src/shared/generate';
import { ARKIT_BLENDSHAPE_NAMES, type ArkitBlendshapeName } from '../../../../src/shared/rig';

const coefficients = (values: Partial<Record<ArkitBlendshapeName, number>>) =>
  Float32Array.from(ARKIT_BLENDSHAPE_NAMES, (name) => values[name] ?? 0);

/** The canonical face drawn 400 px wide on a flat grey frame (y up in face space, down in the frame). */
function foldedFrame(
  edited: Float32Array,
  photo: Float32Array,
  layers: { layerVertexWeights?: Record<string, Float32Array>; detailAlpha?: number } = {},
) {
  const size = 600;
  const frame = new Uint8ClampedArray(size * size * 4).fill(160);
  const canonical = canonicalMeshXY();
  const frameXY = new Float32Array(canonical.length);
  for (let i = 0; i < canonical.length / 2; i++) {
    frameXY[i * 2] = 300 + 400 * canonical[i * 2]!;
    frameXY[i * 2 + 1] = 300 - 400 * canonical[i * 2 + 1]!;
  }
  applyExpressionFolds({
    frame,
    width: size,
    height: size,
    depthBuffer: new Float32Array(size * size).fill(Infinity),
    frameXY,
    depth: new Float32Array(canonical.length / 2),
    surfaces: warpTopology().surfaces,
    edited,
    photo,
    faceWidthPixels: 400,
    depthTolerance: 1,
    layerVertexWeights: layers.layerVertexWeights,
    detailAlpha: layers.detailAlpha ?? 0,
    detailLayerId: 'wrinkles',
  });
  const at = (fx: number, fy: number) => frame[(Math.round(300 - 400 * fy) * size + Math.round(300 + 400 * fx)) * 4]!;
  return { frame, at };
}

describe('expression folds', () => {
  it('profiles: a valley on each nasolabial line, mirrored left and right, lit on the cheek side, nothing far away', () => {
    const out = new Float32Array(4);
    // On the line's middle (the quadratic from (0.165, -0.035) via (0.24, -0.12) to (0.255, -0.3) at t = 0.5).
    const [mx, my] = [0.25 * 0.165 + 0.5 * 0.24 + 0.25 * 0.255, 0.25 * -0.035 + 0.5 * -0.12 + 0.25 * -0.3];
    expect(foldProfiles(mx, my, 0, out)[3]).toBeLessThan(-0.8);
    expect(foldProfiles(-mx, my, 0, out)[3]).toBeLessThan(-0.8);
    expect(foldProfiles(mx + 0.035, my, 0, out)[3]).toBeGreaterThan(0.1);
    // The lip side stays unlit: only the valley's tail, fading to nothing.
    expect(foldProfiles(mx - 0.035, my, 0, out)[3]).toBeLessThan(0);
    expect(foldProfiles(mx - 0.07, my, 0, out)[3]).toBeCloseTo(0, 2);
    expect(Array.from(foldProfiles(0, -0.05, 0, out))).toEqual([0, 0, 0, 0]);
  });

  it('folds only what the edit adds beyond the photo', () => {
    const photo = coefficients({ mouthSmileLeft: 0.9, mouthSmileRight: 0.9 });
    expect(Math.max(...foldDepths(photo, photo))).toBe(0);
    // Less smile than the photo: nothing drawn (its own folds are in its pixels).
    expect(Math.max(...foldDepths(coefficients({ mouthSmileLeft: 0.3, mouthSmileRight: 0.3 }), photo))).toBe(0);
    const raised = foldDepths(coefficients({ browInnerUp: 0.9 }), coefficients({}));
    expect(raised[0]).toBeGreaterThan(0.05);
    expect(raised[3]).toBe(0);
    // A fold starts from nothing as the edit grows: no jump at the floor (no flicker in a video).
    const depthAt = (smile: number) =>
      foldDepths(coefficients({ mouthSmileLeft: smile, mouthSmileRight: smile }), coefficients({}))[3]!;
    let previous = depthAt(0);
    expect(previous).toBe(0);
    for (let smile = 0.01; smile <= 0.5; smile += 0.01) {
      const next = depthAt(smile);
      expect(next - previous).toBeLessThan(0.01);
      previous = next;
    }
    expect(previous).toBeGreaterThan(0.1);
  });

  it('draws forehead lines for raised brows and smile lines for a smile, on the face only', () => {
    const rest = coefficients({});
    const untouched = foldedFrame(rest, rest);
    expect(untouched.frame.every((v) => v === 160)).toBe(true);

    const surprised = foldedFrame(
      coefficients({ browInnerUp: 0.9, browOuterUpLeft: 0.8, browOuterUpRight: 0.8 }),
      rest,
    );
    // Down the forehead's middle the lines cross the column: dark rows between lighter skin.
    const column = Array.from({ length: 60 }, (_, k) => surprised.at(0, 0.44 + k * 0.002));
    expect(Math.min(...column)).toBeLessThan(150);
    expect(Math.max(...column)).toBe(160);
    expect(surprised.at(0.2, -0.15)).toBe(160);

    const smiling = foldedFrame(coefficients({ mouthSmileLeft: 0.8, mouthSmileRight: 0.8 }), rest);
    const [mx, my] = [0.25 * 0.165 + 0.5 * 0.24 + 0.25 * 0.255, 0.25 * -0.035 + 0.5 * -0.12 + 0.25 * -0.3];
    expect(smiling.at(mx, my)).toBeLessThan(150);
    expect(smiling.at(-mx, my)).toBeLessThan(150);
    expect(smiling.at(0, 0.5)).toBe(160);

    // The smile lines follow the mouth layer's painted mask, and a detail layer that brings a
    // photo's wrinkles takes their place.
    const unmasked = foldedFrame(coefficients({ mouthSmileLeft: 0.8, mouthSmileRight: 0.8 }), rest, {
      layerVertexWeights: { mouth: new Float32Array(478) },
    });
    expect(unmasked.at(mx, my)).toBe(160);
    const replaced = foldedFrame(coefficients({ mouthSmileLeft: 0.8, mouthSmileRight: 0.8 }), rest, { detailAlpha: 1 });
    expect(replaced.at(mx, my)).toBe(160);
  });
});
