import { describe, expect, it } from 'vitest';
import { ARKIT_BLENDSHAPE_NAMES, mirrorBlendshapeName } from '../../../src/shared/rig/arkit-names';
import { getBlendshapeBasis } from '../../../src/shared/rig/blendshape-basis';
import { clampCoefficients } from '../../../src/shared/rig/coefficients';
import { mirrorIndex } from '../../../src/shared/rig/topology/mirror';
import { LEFT_IRIS_POINTS } from '../../../src/shared/rig/topology/rig-points';

const basis = getBlendshapeBasis();
const magnitude = (delta: Float32Array, i: number) => Math.hypot(delta[i * 3]!, delta[i * 3 + 1]!, delta[i * 3 + 2]!);

describe('blendshape basis', () => {
  it('has 52 ARKit shapes on 478 points and a 468-point triangulation', () => {
    expect(ARKIT_BLENDSHAPE_NAMES).toHaveLength(52);
    expect(basis.pointCount).toBe(478);
    expect(basis.neutral).toHaveLength(478 * 3);
    expect(basis.deltas).toHaveLength(52 * 478 * 3);
    expect(basis.triangles.length / 3).toBe(880);
    expect(Math.max(...basis.triangles)).toBe(467);
  });

  it('has a canonical face of unit width, symmetric about x = 0', () => {
    const x = (i: number) => basis.neutral[i * 3]!;
    expect(x(454) - x(234)).toBeCloseTo(1, 4);
    const mirror = mirrorIndex();
    for (let i = 0; i < 478; i++) {
      expect(basis.neutral[i * 3]! + basis.neutral[mirror[i]! * 3]!).toBeCloseTo(0, 4);
      expect(basis.neutral[i * 3 + 1]).toBeCloseTo(basis.neutral[mirror[i]! * 3 + 1]!, 4);
    }
  });

  it('gives every shape a visible, bounded displacement', () => {
    for (const name of ARKIT_BLENDSHAPE_NAMES) {
      const delta = basis.shapeDelta(name);
      let largest = 0;
      for (let i = 0; i < 478; i++) largest = Math.max(largest, magnitude(delta, i));
      expect(largest, name).toBeGreaterThan(0.01);
      expect(largest, name).toBeLessThan(0.4);
    }
  });

  it('mirrors every Left shape exactly onto its Right twin', () => {
    const mirror = mirrorIndex();
    for (const name of ARKIT_BLENDSHAPE_NAMES) {
      const twin = mirrorBlendshapeName(name);
      const a = basis.shapeDelta(name);
      const b = basis.shapeDelta(twin);
      for (let i = 0; i < 478; i++) {
        const j = mirror[i]!;
        expect(b[i * 3]!, `${twin} point ${i}`).toBeCloseTo(-a[j * 3]!, 6);
        expect(b[i * 3 + 1]!, `${twin} point ${i}`).toBeCloseTo(a[j * 3 + 1]!, 6);
      }
    }
  });

  it('opens the jaw by rotation: chin moves down more than the lower lip, the upper lip stays', () => {
    const jaw = basis.shapeDelta('jawOpen');
    expect(jaw[152 * 3 + 1]!).toBeLessThan(-0.1);
    expect(Math.abs(jaw[13 * 3 + 1]!)).toBeLessThan(1e-6);
    expect(magnitude(jaw, 152)).toBeGreaterThan(magnitude(jaw, 14) * 0.9);
    // Points near the hinge move less than the chin.
    expect(magnitude(jaw, 454)).toBeLessThan(magnitude(jaw, 152));
  });

  it('closes the left eye with eyeBlinkLeft only', () => {
    const blink = basis.shapeDelta('eyeBlinkLeft');
    const upper = 386;
    const lower = 374;
    const gapBefore = basis.neutral[upper * 3 + 1]! - basis.neutral[lower * 3 + 1]!;
    const gapAfter = gapBefore + blink[upper * 3 + 1]! - blink[lower * 3 + 1]!;
    expect(gapAfter).toBeLessThan(0.05 * gapBefore);
    expect(magnitude(blink, 159)).toBe(0);
  });

  it('rotates the iris with gaze and keeps its size', () => {
    const look = basis.shapeDelta('eyeLookOutLeft');
    const centre = LEFT_IRIS_POINTS[0];
    expect(look[centre * 3]!).toBeGreaterThan(0.02);
    const moved = (i: number) => [0, 1, 2].map((a) => basis.neutral[i * 3 + a]! + look[i * 3 + a]!);
    const before = Math.hypot(...[0, 1, 2].map((a) => basis.neutral[474 * 3 + a]! - basis.neutral[476 * 3 + a]!));
    const after = Math.hypot(...[0, 1, 2].map((a) => moved(474)[a]! - moved(476)[a]!));
    expect(after).toBeCloseTo(before, 6);
  });

  it('clamps coefficients to [0, 1] and reports each change', () => {
    const values = new Float32Array(52);
    values[0] = 1.5;
    values[3] = -0.2;
    values[7] = NaN;
    const { coefficients, clamped } = clampCoefficients(values);
    expect(coefficients[0]).toBe(1);
    expect(coefficients[3]).toBe(0);
    expect(coefficients[7]).toBe(0);
    expect(clamped.map((c) => [c.name, c.used])).toEqual([
      ['browDownLeft', 1],
      ['browOuterUpLeft', 0],
      ['cheekSquintRight', 0],
    ]);
    expect(() => clampCoefficients(new Float32Array(3))).toThrow(/expected 52/);
  });
});
