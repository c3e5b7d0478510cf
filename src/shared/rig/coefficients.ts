import { ARKIT_BLENDSHAPE_NAMES, BLENDSHAPE_COUNT, type ArkitBlendshapeName } from './arkit-names';

/** One coefficient that was outside [0, 1] (or not a number) and what it became. */
export interface ClampedCoefficient {
  name: ArkitBlendshapeName;
  index: number;
  /** the value given (NaN stays NaN here) */
  given: number;
  /** the value used */
  used: number;
}

export interface ClampResult {
  coefficients: Float32Array;
  /** empty when nothing was clamped; the UI shows these */
  clamped: ClampedCoefficient[];
}

/** A fresh all-zero (neutral) coefficient vector. */
export function neutralCoefficients(): Float32Array {
  return new Float32Array(BLENDSHAPE_COUNT);
}

/**
 * Clamps coefficients to ARKit's [0, 1] and reports every change; NaN becomes 0. Throws when the
 * vector has the wrong length, since that is a programming error rather than a value to fix.
 */
export function clampCoefficients(values: ArrayLike<number>): ClampResult {
  if (values.length !== BLENDSHAPE_COUNT) {
    throw new RangeError(`expected ${BLENDSHAPE_COUNT} blendshape coefficients, got ${values.length}`);
  }
  const coefficients = new Float32Array(BLENDSHAPE_COUNT);
  const clamped: ClampedCoefficient[] = [];
  for (let k = 0; k < BLENDSHAPE_COUNT; k++) {
    const given = values[k]!;
    const used = Number.isNaN(given) ? 0 : Math.min(1, Math.max(0, given));
    coefficients[k] = used;
    if (used !== given) clamped.push({ name: ARKIT_BLENDSHAPE_NAMES[k]!, index: k, given, used });
  }
  return { coefficients, clamped };
}

/** Coefficients from a partial name -> value record (missing names are 0), clamped with a report. */
export function coefficientsFromRecord(record: Partial<Record<ArkitBlendshapeName, number>>): ClampResult {
  const values = new Float64Array(BLENDSHAPE_COUNT);
  ARKIT_BLENDSHAPE_NAMES.forEach((name, k) => (values[k] = record[name] ?? 0));
  return clampCoefficients(values);
}

/** Coefficients as a name -> value record (for JSON and the UI). */
export function coefficientsToRecord(coefficients: ArrayLike<number>): Record<ArkitBlendshapeName, number> {
  const record = {} as Record<ArkitBlendshapeName, number>;
  ARKIT_BLENDSHAPE_NAMES.forEach((name, k) => (record[name] = coefficients[k] ?? 0));
  return record;
}
