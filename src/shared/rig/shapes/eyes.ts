import { LEFT_EYE, leftEyeOpeningAt } from './anatomy';
import { addField, members, newDisplacement, type DisplacementField } from './region-tools';

/**
 * Eyelid family (left eye; Right is mirrored). Lids move vertically by a fraction of the local
 * eye opening (upper minus lower margin height at the point's x), so the motion tapers to
 * nothing at the corners. Rows further from the margin follow with smaller fractions.
 */
interface LidMotion {
  /** fraction of the local opening per upper row (margin, crease, sulcus); + is up */
  upper: readonly number[];
  /** fraction per lower row (margin, 1, 2, 3); + is up */
  lower: readonly number[];
}

export function lidDisplacement(motion: LidMotion): DisplacementField {
  const field = newDisplacement();
  const rows: [readonly number[], number][] = [];
  LEFT_EYE.upper.forEach((row, k) => rows.push([row, motion.upper[k] ?? 0]));
  LEFT_EYE.lower.forEach((row, k) => rows.push([row, motion.lower[k] ?? 0]));
  for (const [row, fraction] of rows) {
    if (fraction === 0) continue;
    addField(field, members([[row, 1]]), (x) => {
      const dy = fraction * leftEyeOpeningAt(x);
      // A closing lid slides over the cornea, which bulges forward: a little forward motion.
      return [0, dy, 0.12 * Math.abs(dy)];
    });
  }
  return field;
}

export function buildEyeShapes(): Record<'eyeBlinkLeft' | 'eyeSquintLeft' | 'eyeWideLeft', DisplacementField> {
  return {
    // The upper lid does most of a blink; the lower lid rises a little to meet it.
    eyeBlinkLeft: lidDisplacement({ upper: [-0.86, -0.75, -0.4], lower: [0.14, 0.1] }),
    // Squint: lower lid and the skin below it rise, the upper lid drops slightly.
    eyeSquintLeft: lidDisplacement({ upper: [-0.12, -0.08], lower: [0.32, 0.26, 0.16, 0.08] }),
    // Wide: upper lid lifts, lower lid drops a little.
    eyeWideLeft: lidDisplacement({ upper: [0.35, 0.28, 0.12], lower: [-0.1, -0.06] }),
  };
}
