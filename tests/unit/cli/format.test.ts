import { describe, expect, it } from 'vitest';
import { formatLimitedAngles } from '../../../src/main/cli/format';

describe('CLI notes', () => {
  it('says a limited head turn in one line for the whole turn, each axis with what was asked', () => {
    expect(formatLimitedAngles([])).toEqual([]);
    // Mona Lisa asked yaw 10, pitch 0 from her own yaw -8.3, pitch -9.1: the whole turn is scaled,
    // so pitch shrinks too; the note must not say pitch 0 alone would tear.
    expect(
      formatLimitedAngles([
        { name: 'yawDeg' as const, given: 10, used: -3.9 },
        { name: 'pitchDeg' as const, given: 0, used: -7.9 },
      ]),
    ).toEqual([
      'note: the head turn asked would tear the photo; rendered head turn -3.9° (asked 10.0°), head tilt -7.9° (asked 0.0°)',
    ]);
  });
});
