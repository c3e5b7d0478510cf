import { describe, expect, it } from 'vitest';
import {
  hairProneWeight,
  sampleWrinkleRegions,
  wrinkleRegionGrid,
  wrinkleRegionWeight,
} from '../../../src/shared/generate';
import { CANONICAL_FACE } from '../../../src/shared/rig/canonical/canonical-face';

const at = (point: number): [number, number] => [CANONICAL_FACE[point * 3]!, CANONICAL_FACE[point * 3 + 1]!];
const weightAt = (point: number) => wrinkleRegionWeight(...at(point));

describe('wrinkle regions (face space)', () => {
  it('cover the forehead, glabella, crow’s feet and smile lines and stay off eyes, brows, lips and nose', () => {
    // Mid-forehead (9 is between the brows' upper rows, 151 half way up the forehead), glabella.
    expect(weightAt(151)).toBe(1);
    expect(wrinkleRegionWeight(0, 0.36)).toBe(1);
    // Beside the outer eye corners (33, 263) by 0.09 face widths: crow's feet.
    expect(wrinkleRegionWeight(at(33)[0] - 0.09, at(33)[1])).toBeGreaterThan(0.9);
    expect(wrinkleRegionWeight(at(263)[0] + 0.09, at(263)[1])).toBeGreaterThan(0.9);
    // Nasolabial fold: between the nose wing (129) and the mouth corner (61), a little outwards.
    expect(wrinkleRegionWeight(-0.22, -0.17)).toBeGreaterThan(0.9);
    // Off: the lids (159, 386 upper; 145, 374 lower), brow hair (105, 334, 66, 296), lips (0, 17, 13),
    // nose tip (1), mouth corners (61, 291), chin (152), cheekbones (50, 280).
    for (const point of [159, 386, 145, 374, 105, 334, 66, 296, 0, 17, 13, 1, 61, 291, 152, 50, 280]) {
      expect(weightAt(point), `point ${point}`).toBeLessThan(0.05);
    }
  });

  it('are left/right symmetric and the grid reproduces the function', () => {
    const grid = wrinkleRegionGrid();
    for (let i = 0; i < 468; i++) {
      const [x, y] = at(i);
      expect(wrinkleRegionWeight(-x, y)).toBeCloseTo(wrinkleRegionWeight(x, y), 6);
      expect(Math.abs(sampleWrinkleRegions(grid, x, y) - wrinkleRegionWeight(x, y))).toBeLessThan(0.2);
    }
    expect(sampleWrinkleRegions(grid, 5, 5)).toBe(0);
  });

  it('treat the upper face as where hair may lie, not the smile lines', () => {
    expect(hairProneWeight(at(151)[1])).toBe(1);
    expect(hairProneWeight(at(33)[1])).toBe(1);
    expect(hairProneWeight(-0.17)).toBe(0);
  });
});
