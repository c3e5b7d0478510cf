import { PRESET_BEZIERS, type BezierHandles, type EasingPreset } from '../../shared/timeline';

export const PRESET_LABELS: Record<EasingPreset, string> = {
  linear: 'Linear',
  ease: 'Ease',
  'ease-in': 'Ease in',
  'ease-out': 'Ease out',
  'ease-in-out': 'In & out',
  back: 'Back',
  elastic: 'Elastic',
  hold: 'Hold',
};

/**
 * The undo step's name: "set easing to ease in" (a label made of "ease" and the preset's name read
 * "Undo ease ease in").
 */
export function easingUndoLabel(preset: EasingPreset): string {
  const name = preset === 'ease-in-out' ? 'ease in and out' : PRESET_LABELS[preset].toLowerCase();
  return `set easing to ${name}`;
}

const TOLERANCE = 1e-6;

/**
 * Both handles on the diagonal: the curve is y = x whatever their x (the evaluator's exact linear
 * case). Keys made before the linear handles moved to thirds have them at the far corners (1,1) and
 * (0,0), which is just as linear.
 */
export function isLinearSegment(handles: BezierHandles): boolean {
  return Math.abs(handles[0] - handles[1]) < TOLERANCE && Math.abs(handles[2] - handles[3]) < TOLERANCE;
}

/**
 * The handles the easing editor draws and reads out: a linear segment's at the linear preset's
 * thirds, where they can be grabbed apart from the curve's ends (the same curve), others as stored.
 */
export function shownHandles(handles: BezierHandles): BezierHandles {
  return isLinearSegment(handles) ? PRESET_BEZIERS.linear : handles;
}

/** The preset whose curve these handles draw, if any (shown pressed). */
export function presetOf(handles: BezierHandles): EasingPreset | null {
  if (isLinearSegment(handles)) return 'linear';
  const match = (Object.entries(PRESET_BEZIERS) as Array<[EasingPreset, BezierHandles]>).find(([, preset]) =>
    preset.every((value, i) => Math.abs(value - handles[i]!) < TOLERANCE),
  );
  return match ? match[0] : null;
}
