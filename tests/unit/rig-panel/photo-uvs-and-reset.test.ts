import { describe, expect, it } from 'vitest';
import type { RigFitSummary } from '../../../src/shared/api';
import { ARKIT_BLENDSHAPE_NAMES, getBlendshapeBasis, LANDMARK } from '../../../src/shared/rig';
import { photoUvs } from '../../../src/renderer/rig/photo-uvs';
import { RIG_GROUPS } from '../../../src/renderer/rig/rig-groups';
import { parseTypedValue, resetControl, zeroValues } from '../../../src/renderer/rig/rig-values';

const fit = (pose: Partial<RigFitSummary['pose']>): RigFitSummary => ({
  faceIndex: 0,
  pose: { yawDeg: 0, pitchDeg: 0, rollDeg: 0, tx: 256, ty: 240, tz: 0, scale: 200, ...pose },
  coefficients: Object.fromEntries(ARKIT_BLENDSHAPE_NAMES.map((name) => [name, 0])) as RigFitSummary['coefficients'],
  residualRmsPixels: 1,
  imageWidth: 512,
  imageHeight: 512,
});

describe('photoUvs', () => {
  it('puts each vertex on the image pixel the fit projects it to (v up)', () => {
    const { neutral } = getBlendshapeBasis();
    const uvs = photoUvs(neutral, fit({}));
    expect(uvs).toHaveLength((neutral.length / 3) * 2);
    // A frontal fit: the nose tip lands near the face's centre, the chin below it (smaller v).
    const nose = LANDMARK.noseTip;
    const chin = LANDMARK.chin;
    expect(Math.abs(uvs[nose * 2]! - 0.5)).toBeLessThan(0.05);
    expect(uvs[chin * 2 + 1]!).toBeLessThan(uvs[nose * 2 + 1]!);
    // Every vertex of a 200 px face centred in a 512 px photo falls inside the photo.
    expect(Math.min(...uvs)).toBeGreaterThan(0);
    expect(Math.max(...uvs)).toBeLessThan(1);
  });

  it('follows the fit: moving the face right by 51.2 px moves every u by 0.1', () => {
    const { neutral } = getBlendshapeBasis();
    const left = photoUvs(neutral, fit({}));
    const right = photoUvs(neutral, fit({ tx: 256 + 51.2 }));
    for (let i = 0; i < left.length; i += 2) expect(right[i]! - left[i]!).toBeCloseTo(0.1, 5);
  });
});

describe('rig value edits', () => {
  const brows = RIG_GROUPS.find((group) => group.id === 'brows')!;
  const browDownLeft = brows.controls.find((control) => control.name === 'browDownLeft')!;

  it('double-click reset of a linked control resets both sides', () => {
    const values = zeroValues();
    const edited = {
      ...values,
      coefficients: { ...values.coefficients, browDownLeft: 0.7, browDownRight: 0.6 },
    };
    const baseline = { ...values, coefficients: { ...values.coefficients, browDownLeft: 0.1, browDownRight: 0.2 } };
    const linked = resetControl(edited, baseline, browDownLeft, true);
    expect(linked.coefficients.browDownLeft).toBe(0.1);
    expect(linked.coefficients.browDownRight).toBe(0.2);
    const single = resetControl(edited, baseline, browDownLeft, false);
    expect(single.coefficients.browDownLeft).toBe(0.1);
    expect(single.coefficients.browDownRight).toBe(0.6);
  });

  it('a typed value that is not a number says why', () => {
    expect(parseTypedValue('0,4', browDownLeft)).toEqual({ value: 0.4 });
    const problem = parseTypedValue('abc', browDownLeft);
    expect(problem).toEqual({ problem: expect.stringContaining('“abc” is not a number') });
  });
});
