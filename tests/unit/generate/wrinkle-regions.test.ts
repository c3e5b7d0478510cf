import { describe, expect, it } from 'vitest';
import {
  hairProneWeight,
  regionActivations,
  WRINKLE_REGIONS,
  wrinkleRegionWeights,
  sampleWrinkleRegions,
  wrinkleRegionGrid,
  wrinkleRegionWeight,
} from '../../../src/shared/generate';
import { ARKIT_BLENDSHAPE_NAMES, type ArkitBlendshapeName } from '../../../src/shared/rig';
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
    const sampled = new Float32Array(4);
    for (let i = 0; i < 468; i++) {
      const [x, y] = at(i);
      expect(wrinkleRegionWeight(-x, y)).toBeCloseTo(wrinkleRegionWeight(x, y), 6);
      expect(Math.abs(sampleWrinkleRegions(grid, x, y, sampled) - wrinkleRegionWeight(x, y))).toBeLessThan(0.2);
      const exact = wrinkleRegionWeights(x, y);
      for (let k = 0; k < 4; k++) expect(Math.abs(sampled[k]! - exact[k]!)).toBeLessThan(0.2);
    }
    expect(sampleWrinkleRegions(grid, 5, 5, sampled)).toBe(0);
    expect([...sampled]).toEqual([0, 0, 0, 0]);
    // The regions are the ones named: mid-forehead is forehead, beside the nose wing the smile line.
    expect(WRINKLE_REGIONS[wrinkleRegionWeights(...at(151)).indexOf(1)]).toBe('forehead');
    expect(wrinkleRegionWeights(-0.22, -0.17)[WRINKLE_REGIONS.indexOf('nasolabial')]).toBeGreaterThan(0.9);
  });

  it('are folded by the matching expressions only: a face at rest folds none', () => {
    const coefficients = (values: Partial<Record<ArkitBlendshapeName, number>>) => {
      const out = new Float32Array(52);
      for (const [name, value] of Object.entries(values))
        out[ARKIT_BLENDSHAPE_NAMES.indexOf(name as ArkitBlendshapeName)] = value;
      return out;
    };
    expect([...regionActivations(new Float32Array(52))]).toEqual([0, 0, 0, 0]);
    // A little resting tension (0.04) is still rest.
    expect([...regionActivations(coefficients({ mouthSmileLeft: 0.04, mouthSmileRight: 0.04 }))]).toEqual([0, 0, 0, 0]);
    const [forehead, glabella, crowsFeet, smileLines] = regionActivations(
      coefficients({ mouthSmileLeft: 1, mouthSmileRight: 1 }),
    );
    expect([forehead, glabella, smileLines]).toEqual([0, 0, 1]);
    // A full smile narrows the eyes too (0.7 of it: crow's feet fully).
    expect(crowsFeet).toBe(1);
    const raised = regionActivations(coefficients({ browInnerUp: 0.9 }));
    expect([...raised]).toEqual([1, 0, 0, 0]);
    const frown = regionActivations(coefficients({ browDownLeft: 0.2, browDownRight: 0.2 }));
    expect(frown[1]).toBeGreaterThan(0.4);
    expect(frown[1]).toBeLessThan(0.7);
  });

  it('treat the upper face as where hair may lie, not the smile lines', () => {
    expect(hairProneWeight(at(151)[1])).toBe(1);
    expect(hairProneWeight(at(33)[1])).toBe(1);
    expect(hairProneWeight(-0.17)).toBe(0);
  });
});
