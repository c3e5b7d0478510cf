/**
 * The head rotation the user edits on top of a rig (the fitted pose's translation and scale stay
 * the photo's). Limits are what a warp of a single frontal photo can plausibly show.
 */
export interface HeadRotation {
  yawDeg: number;
  pitchDeg: number;
  rollDeg: number;
}

export type HeadAxis = keyof HeadRotation;

export const HEAD_AXES: readonly HeadAxis[] = ['yawDeg', 'pitchDeg', 'rollDeg'];

export const HEAD_LIMITS_DEG: Readonly<Record<HeadAxis, number>> = { yawDeg: 45, pitchDeg: 30, rollDeg: 30 };

export const ZERO_HEAD: Readonly<HeadRotation> = { yawDeg: 0, pitchDeg: 0, rollDeg: 0 };

/** One head angle outside its limit and what it became. */
export interface ClampedHeadAngle {
  name: HeadAxis;
  given: number;
  used: number;
}

/** Clamps each angle to ±its limit and reports what changed. */
export function clampHeadRotation(head: HeadRotation): { head: HeadRotation; clamped: ClampedHeadAngle[] } {
  const clamped: ClampedHeadAngle[] = [];
  const out = { ...head };
  for (const axis of HEAD_AXES) {
    const limit = HEAD_LIMITS_DEG[axis];
    const given = head[axis];
    const used = Number.isNaN(given) ? 0 : Math.min(limit, Math.max(-limit, given));
    out[axis] = used;
    if (used !== given) clamped.push({ name: axis, given, used });
  }
  return { head: out, clamped };
}
