import type { ParameterId } from '../timeline/keyframe';

/**
 * Facial regions for staggered timing. In natural expression changes the eyes and brows move first
 * and the mouth follows (the eyes "announce" the expression); the head moves with the eyes.
 */
export type MotionRegion = 'eyes' | 'brows' | 'mouth' | 'head' | 'other';

export function regionOf(parameter: ParameterId): MotionRegion {
  if (parameter.startsWith('head.')) return 'head';
  if (!parameter.startsWith('rig.')) return 'other';
  const name = parameter.slice(4);
  if (name.startsWith('eye')) return 'eyes';
  if (name.startsWith('brow')) return 'brows';
  if (/^(mouth|jaw|tongue|cheek|nose)/.test(name)) return 'mouth';
  return 'other';
}

/** Regions that lead (start early and arrive early) and those that lag behind them. */
export const LEADING_REGIONS: ReadonlySet<MotionRegion> = new Set(['eyes', 'brows', 'head']);
