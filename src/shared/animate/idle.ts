import { frameAt } from '../timeline/frames';
import type { ParameterId } from '../timeline/keyframe';
import { applyBlinks, type BlinkEvent } from './blink';
import type { FrameChannels, RigValues } from './channels';
import { minimumJerk } from './min-jerk';
import { seededRandom, type Random } from './random';

/**
 * Idle motion ("bring the portrait to life"): blinks at human rates, small head motion, gaze
 * shifts and breathing, deterministic for a seed. `amount` scales the motion (1 = a calm person;
 * 0 = still); blinks keep human timing at any amount above 0.
 *
 * Human figures the defaults follow: spontaneous blinks about 10–20 per minute at rest with
 * gamma-like intervals, 100–400 ms each, some in quick pairs; fixational head sway of a degree or
 * two; gaze saccades every one to a few seconds lasting 30–60 ms; 12–17 breaths per minute (shown as
 * a slight head nod, since the rig has no chest).
 */
export interface IdleOptions {
  fps: number;
  duration: number;
  amount?: number;
  seed?: number;
  /** The rig state the motion plays around; missing parameters are at rest. */
  base?: RigValues;
  /** Blinks per minute, double blinks counted twice. Default: drawn per clip in 12–17. */
  blinksPerMinute?: number;
}

export interface IdleResult extends FrameChannels {
  blinks: BlinkEvent[];
}

const DOUBLE_BLINK_CHANCE = 0.12;
const HEAD_AMPLITUDE_DEG = { 'head.yawDeg': 2.2, 'head.pitchDeg': 1.4, 'head.rollDeg': 1.0 } as const;
const BREATH_PITCH_DEG = 0.35;
const GAZE_SPREAD = 0.12;
const GAZE_LIMIT = 0.35;

export function generateIdle(options: IdleOptions): IdleResult {
  const { fps, duration } = options;
  if (!(duration > 0) || !(fps > 0)) throw new Error('generateIdle: duration and fps must be positive.');
  const amount = Math.max(0, options.amount ?? 1);
  const random = seededRandom(options.seed ?? 1);
  const base = options.base ?? {};
  const frameCount = frameAt(duration, fps) + 1;
  const channels: FrameChannels['channels'] = {};
  const channel = (parameter: ParameterId) => {
    const values = new Float32Array(frameCount).fill(base[parameter] ?? 0);
    channels[parameter] = values;
    return values;
  };

  // Independent streams so changing one feature's draws does not reshuffle the others.
  const blinkRandom = seededRandom(Math.floor(random.next() * 2 ** 32));
  const headRandom = seededRandom(Math.floor(random.next() * 2 ** 32));
  const gazeRandom = seededRandom(Math.floor(random.next() * 2 ** 32));

  const blinks = amount > 0 ? scheduleBlinks(blinkRandom, duration, options.blinksPerMinute) : [];
  for (const name of ['rig.eyeBlinkLeft', 'rig.eyeBlinkRight'] as const) applyBlinks(channel(name), fps, blinks);

  const breathPeriod = headRandom.range(60 / 17, 60 / 12);
  const breathPhase = headRandom.range(0, 2 * Math.PI);
  for (const [parameter, amplitude] of Object.entries(HEAD_AMPLITUDE_DEG) as Array<[ParameterId, number]>) {
    const values = channel(parameter);
    const slow = smoothNoise(headRandom, duration, 2.6);
    const fast = smoothNoise(headRandom, duration, 0.9);
    for (let frame = 0; frame < frameCount; frame++) {
      const t = frame / fps;
      let offset = amplitude * (slow(t) + 0.3 * fast(t));
      if (parameter === 'head.pitchDeg')
        offset += BREATH_PITCH_DEG * Math.sin((2 * Math.PI * t) / breathPeriod + breathPhase);
      values[frame] = values[frame]! + amount * offset;
    }
  }

  addGaze(gazeRandom, channel, fps, frameCount, amount, base);
  return { fps, frameCount, channels, blinks };
}

function scheduleBlinks(random: Random, duration: number, perMinute?: number): BlinkEvent[] {
  const rate = perMinute ?? random.range(12, 17);
  // Pairs count twice, so events come a little less often than blinks.
  const meanInterval = 60 / (rate / (1 + DOUBLE_BLINK_CHANCE));
  const blinks: BlinkEvent[] = [];
  // Normal around 200 ms, redrawn (not clamped) outside 100–400 ms so no durations pile up at a bound.
  const drawDuration = () => {
    for (;;) {
      const d = 0.2 + 0.055 * random.normal();
      if (d >= 0.1 && d <= 0.4) return d;
    }
  };
  let t = random.range(0.3, 1.5);
  while (t < duration) {
    const first = { start: t, duration: drawDuration() };
    if (first.start + first.duration > duration) break;
    blinks.push(first);
    let end = first.start + first.duration;
    if (random.next() < DOUBLE_BLINK_CHANCE) {
      const second = { start: end + random.range(0.06, 0.18), duration: drawDuration() };
      if (second.start + second.duration <= duration) {
        blinks.push(second);
        end = second.start + second.duration;
      }
    }
    // Gamma(3) intervals between blink onsets, never closer than 0.8 s after the last one ends.
    const interval = (-meanInterval / 3) * Math.log(Math.max(1e-12, random.next() * random.next() * random.next()));
    t = Math.max(first.start + interval, end + 0.8);
  }
  return blinks;
}

/** Random knots every `spacing` seconds joined by minimum-jerk: a smooth wander in about [-1, 1]. */
function smoothNoise(random: Random, duration: number, spacing: number): (t: number) => number {
  const knots = Array.from({ length: Math.ceil(duration / spacing) + 2 }, () =>
    Math.max(-2, Math.min(2, random.normal() * 0.6)),
  );
  const offset = random.range(0, spacing);
  return (t) => {
    const u = (t + offset) / spacing;
    const i = Math.floor(u);
    return knots[i]! + (knots[i + 1]! - knots[i]!) * minimumJerk(u - i);
  };
}

/** Saccades: quick minimum-jerk jumps between small gaze targets, held in between. */
function addGaze(
  random: Random,
  channel: (parameter: ParameterId) => Float32Array,
  fps: number,
  frameCount: number,
  amount: number,
  base: RigValues,
): void {
  const gazeX = new Float32Array(frameCount);
  const gazeY = new Float32Array(frameCount);
  if (amount > 0) {
    let x = 0;
    let y = 0;
    let t = random.range(0.5, 2);
    const duration = (frameCount - 1) / fps;
    const shifts: Array<{ start: number; length: number; fromX: number; fromY: number; toX: number; toY: number }> = [];
    while (t < duration) {
      const clamp = (v: number) => Math.max(-GAZE_LIMIT, Math.min(GAZE_LIMIT, v));
      const toX = clamp(random.normal() * GAZE_SPREAD * amount);
      const toY = clamp(random.normal() * GAZE_SPREAD * 0.6 * amount);
      shifts.push({ start: t, length: random.range(0.035, 0.06), fromX: x, fromY: y, toX, toY });
      x = toX;
      y = toY;
      t += random.range(0.8, 3.5);
    }
    let s = -1;
    for (let frame = 0; frame < frameCount; frame++) {
      const time = frame / fps;
      while (s + 1 < shifts.length && shifts[s + 1]!.start <= time) s++;
      if (s < 0) continue;
      const shift = shifts[s]!;
      const progress = minimumJerk((time - shift.start) / shift.length);
      gazeX[frame] = shift.fromX + (shift.toX - shift.fromX) * progress;
      gazeY[frame] = shift.fromY + (shift.toY - shift.fromY) * progress;
    }
  }
  // gaze x > 0: the subject looks to their left (left eye out, right eye in); y > 0: up.
  const targets: Array<[ParameterId, (gx: number, gy: number) => number]> = [
    ['rig.eyeLookOutLeft', (gx) => Math.max(0, gx)],
    ['rig.eyeLookInRight', (gx) => Math.max(0, gx)],
    ['rig.eyeLookInLeft', (gx) => Math.max(0, -gx)],
    ['rig.eyeLookOutRight', (gx) => Math.max(0, -gx)],
    ['rig.eyeLookUpLeft', (_gx, gy) => Math.max(0, gy)],
    ['rig.eyeLookUpRight', (_gx, gy) => Math.max(0, gy)],
    ['rig.eyeLookDownLeft', (_gx, gy) => Math.max(0, -gy)],
    ['rig.eyeLookDownRight', (_gx, gy) => Math.max(0, -gy)],
  ];
  for (const [parameter, amountOf] of targets) {
    const values = channel(parameter);
    const rest = base[parameter] ?? 0;
    for (let frame = 0; frame < frameCount; frame++) {
      values[frame] = Math.min(1, rest + amountOf(gazeX[frame]!, gazeY[frame]!));
    }
  }
}
