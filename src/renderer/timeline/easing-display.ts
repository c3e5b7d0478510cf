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

const onCorner = (x: number, y: number, corner: number) =>
  Math.abs(x - corner) < TOLERANCE && Math.abs(y - corner) < TOLERANCE;

/**
 * The handles the easing editor draws and reads out: as stored, except handles sitting on the
 * curve's own ends ((0,0) and (1,1) either way round: keys made before linear moved to thirds, or
 * CSS's linear), which cannot be grabbed apart from the ends there: those show at the linear
 * preset's thirds (the same curve). Only those: a handle dragged along the diagonal stays where it
 * is dragged (replacing every linear pair made a drag snap both handles to the thirds).
 */
export function shownHandles(handles: BezierHandles): BezierHandles {
  const [x1, y1, x2, y2] = handles;
  const atEnds = (onCorner(x1, y1, 0) || onCorner(x1, y1, 1)) && (onCorner(x2, y2, 0) || onCorner(x2, y2, 1));
  return atEnds ? PRESET_BEZIERS.linear : handles;
}

/** The preset whose curve these handles draw, if any (shown pressed). */
export function presetOf(handles: BezierHandles): EasingPreset | null {
  if (isLinearSegment(handles)) return 'linear';
  const match = (Object.entries(PRESET_BEZIERS) as Array<[EasingPreset, BezierHandles]>).find(([, preset]) =>
    preset.every((value, i) => Math.abs(value - handles[i]!) < TOLERANCE),
  );
  return match ? match[0] : null;
}
