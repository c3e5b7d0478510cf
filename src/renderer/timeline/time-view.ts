/** The visible time window: seconds at the left edge and the zoom. */
export interface TimeView {
  startSeconds: number;
  pxPerSecond: number;
}

/** Zoom limits: a whole 10-minute scene fits at the low end, single frames are wide at the high end. */
export const MIN_PX_PER_SECOND = 2;
export const MAX_PX_PER_SECOND = 4000;

/** The view may show this many pixels before 0 s, so a key at 0 s is drawn whole. */
const EDGE_PX = 12;
const earliestStart = (pxPerSecond: number): number => -EDGE_PX / pxPerSecond;

export const timeToX = (view: TimeView, time: number): number => (time - view.startSeconds) * view.pxPerSecond;
export const xToTime = (view: TimeView, x: number): number => view.startSeconds + x / view.pxPerSecond;

/** Zooms by `factor` keeping the time under `x` where it is; never scrolls far before 0 s. */
export function zoomAt(view: TimeView, factor: number, x: number): TimeView {
  const pxPerSecond = Math.min(MAX_PX_PER_SECOND, Math.max(MIN_PX_PER_SECOND, view.pxPerSecond * factor));
  const anchor = xToTime(view, x);
  return { pxPerSecond, startSeconds: Math.max(earliestStart(pxPerSecond), anchor - x / pxPerSecond) };
}

export function panBy(view: TimeView, dx: number): TimeView {
  return {
    ...view,
    startSeconds: Math.max(earliestStart(view.pxPerSecond), view.startSeconds - dx / view.pxPerSecond),
  };
}

/** The view that shows [start, end] across `width` px with a small margin each side. */
export function frameRange(start: number, end: number, width: number): TimeView {
  const span = Math.max(end - start, 1 / 30);
  const margin = EDGE_PX;
  const pxPerSecond = Math.min(
    MAX_PX_PER_SECOND,
    Math.max(MIN_PX_PER_SECOND, (Math.max(width, 2 * margin + 1) - 2 * margin) / span),
  );
  return { pxPerSecond, startSeconds: start - margin / pxPerSecond };
}

/**
 * Snaps a time: to the nearest whole frame always (keys and the playhead live on frames), and to
 * the nearest of `targets` (other keys, the playhead) when one lies within `thresholdSeconds`.
 */
export function snapTime(time: number, fps: number, targets: readonly number[], thresholdSeconds: number): number {
  let best = Math.round(time * fps) / fps;
  let bestDistance = thresholdSeconds;
  for (const target of targets) {
    const distance = Math.abs(target - time);
    if (distance < bestDistance) {
      best = target;
      bestDistance = distance;
    }
  }
  return Math.max(0, best);
}

/**
 * Ruler ticks: a step in seconds that leaves at least `minPx` between labels, chosen from frame
 * multiples below a second and 1-2-5 multiples of seconds above.
 */
export function rulerStep(pxPerSecond: number, fps: number, minPx = 64): { major: number; minor: number } {
  const frame = 1 / fps;
  const frameSteps = [1, 2, 5, 10, fps / 2].filter((n) => Number.isInteger(n)).map((n) => n * frame);
  const candidates = [...frameSteps, 1, 2, 5, 10, 15, 30, 60, 120, 300];
  const major = candidates.find((step) => step * pxPerSecond >= minPx) ?? 600;
  const minorCandidates = [frame, ...candidates].filter((step) => step < major && isMultiple(major, step));
  const minor = minorCandidates.reverse().find((step) => step * pxPerSecond >= 8) ?? major;
  return { major, minor };
}

const isMultiple = (a: number, b: number): boolean => Math.abs(a / b - Math.round(a / b)) < 1e-6;
