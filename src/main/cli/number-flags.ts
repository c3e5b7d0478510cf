import { UsageError } from './cli-io';
import { formatOutOfRange } from './format';

export interface NumberRange {
  min: number;
  max: number;
  /** Only whole numbers mean something (pixels, frames, a seed, iterations). */
  whole?: boolean;
}

/**
 * One rule for every number on the command line, the one --set has always had (the engine clamps
 * coefficients and reports it): text that is not a number (or not a whole one where only whole
 * numbers mean something) is a usage error, a number outside the range is clamped to it and a
 * note says so on stderr. `name` is what the note calls the value ("--size", "--layers mouth").
 */
export function numberInRange(text: string, name: string, range: NumberRange, note: (line: string) => void): number {
  const value = text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(value) || (range.whole && !Number.isInteger(value))) {
    const kind = range.whole ? 'a whole number' : 'a number';
    const span = Number.isFinite(range.max) ? `from ${range.min} to ${range.max}` : `${range.min} or more`;
    throw new UsageError(`${name} must be ${kind} ${span}, got "${text}"`);
  }
  const used = Math.min(range.max, Math.max(range.min, value));
  if (used !== value) note(formatOutOfRange(name, value, used));
  return used;
}
