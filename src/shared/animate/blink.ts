import { minimumJerk } from './min-jerk';

/** One blink: lids start closing at `start` and are open again at start + duration (seconds). */
export interface BlinkEvent {
  start: number;
  duration: number;
}

/** Lids close in the first 40% of a blink and open more slowly in the rest, as measured in people. */
const CLOSING_SHARE = 0.4;

/** Lid closure 0..1 of a blink at time t (0 outside it, 1 when shut). */
export function blinkClosure(blink: BlinkEvent, t: number): number {
  const phase = (t - blink.start) / blink.duration;
  if (phase <= 0 || phase >= 1) return 0;
  if (phase < CLOSING_SHARE) return minimumJerk(phase / CLOSING_SHARE);
  return 1 - minimumJerk((phase - CLOSING_SHARE) / (1 - CLOSING_SHARE));
}

/** Adds blinks to eyeBlink channels sampled at fps: a closing lid moves from its value towards 1. */
export function applyBlinks(channel: Float32Array, fps: number, blinks: readonly BlinkEvent[]): void {
  for (const blink of blinks) {
    const first = Math.max(0, Math.floor(blink.start * fps));
    const last = Math.min(channel.length - 1, Math.ceil((blink.start + blink.duration) * fps));
    for (let frame = first; frame <= last; frame++) {
      const closure = blinkClosure(blink, frame / fps);
      channel[frame] = channel[frame]! + (1 - channel[frame]!) * closure;
    }
  }
}
