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

/** A ruler tick; `label` only on the labelled (major) ones. */
export interface RulerTick {
  time: number;
  label: string | null;
}

const SECOND_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600];
/** Frame counts tried between labels at a rate that is not a whole number of frames a second (29.97). */
const FRACTIONAL_RATE_FRAME_STEPS = [1, 2, 5, 10, 15];

/**
 * Frame counts a ruler may step by inside a second: at a whole rate its divisors (so the steps land
 * on the next second: 25 fps steps 1, 5 frames, never 10, which would label 20f then 5f past 1 s),
 * at a fractional rate a few round counts (each second then restarts the count).
 */
function frameSteps(fps: number): number[] {
  if (Number.isInteger(fps)) return Array.from({ length: fps - 1 }, (_, i) => i + 1).filter((n) => fps % n === 0);
  return FRACTIONAL_RATE_FRAME_STEPS.filter((n) => n < fps);
}

/**
 * The ruler's ticks over [from, to] seconds at a zoom: labels at least `minPx` apart and minor
 * ticks at least 8 px apart. Every whole second that falls on a label reads "Ns"; zoomed in, the
 * labels between count frames from the start of their second ("5f", "10f"), so each second is
 * labelled at every rate (24, 25, 30, 29.97, 60). Nothing before 0 s.
 */
export function rulerTicks(from: number, to: number, pxPerSecond: number, fps: number, minPx = 64): RulerTick[] {
  const steps = frameSteps(fps);
  const labelFrames = steps.find((n) => (n / fps) * pxPerSecond >= minPx);
  if (labelFrames !== undefined) {
    const minorFrames = [...steps]
      .reverse()
      .find((n) => n < labelFrames && labelFrames % n === 0 && (n / fps) * pxPerSecond >= 8);
    return framedTicks(from, to, fps, labelFrames, minorFrames ?? labelFrames);
  }
  const seconds = SECOND_STEPS.find((step) => step * pxPerSecond >= minPx) ?? 1200;
  if (seconds === 1) {
    // Minor ticks inside each second: the coarsest frame step that still divides it visibly.
    const minorFrames = [...steps].reverse().find((n) => (n / fps) * pxPerSecond >= 8);
    return framedTicks(from, to, fps, Math.ceil(fps) + 1, minorFrames ?? Math.ceil(fps) + 1);
  }
  const minor =
    [...SECOND_STEPS].reverse().find((step) => step < seconds && seconds % step === 0 && step * pxPerSecond >= 8) ??
    seconds;
  const ticks: RulerTick[] = [];
  for (let time = Math.max(0, Math.floor(from / minor) * minor); time <= to && ticks.length < 2000; time += minor) {
    ticks.push({ time, label: time % seconds === 0 ? `${time}s` : null });
  }
  return ticks;
}

/**
 * Ticks second by second: the second itself labelled "Ns", then a tick every `minorFrames` frames
 * counted from the second's first frame, labelled every `labelFrames` ("10f"). A tick (a label)
 * closer to the next second than half its step is left out (unlabelled), so a fractional rate
 * never crowds the next second's label.
 */
function framedTicks(from: number, to: number, fps: number, labelFrames: number, minorFrames: number): RulerTick[] {
  const ticks: RulerTick[] = [];
  for (let second = Math.max(0, Math.floor(from)); second <= to && ticks.length < 4000; second++) {
    if (second >= from) ticks.push({ time: second, label: `${second}s` });
    const first = Math.ceil(second * fps - 1e-6);
    for (let offset = minorFrames; ; offset += minorFrames) {
      const time = (first + offset) / fps;
      const roomBefore = (frames: number) => time <= second + 1 - frames / fps / 2 + 1e-9;
      if (!roomBefore(minorFrames) || time > to) break;
      const labelled = offset % labelFrames === 0 && roomBefore(labelFrames);
      if (time >= from) ticks.push({ time, label: labelled ? `${offset}f` : null });
    }
  }
  return ticks;
}
