import { cubicBezierEase } from './bezier';
import { makeKeyframe, type Keyframe } from './keyframe';

/**
 * Easing presets. Most are one cubic bezier (CSS's own values for ease, ease-in, ease-out,
 * ease-in-out), applied to a segment by setting the first key's right handle and the second key's
 * left handle. 'back' is a single bezier whose y handle leaves [0,1], so the value passes the target
 * and settles back (easeOutBack, about 10% overshoot). 'hold' is the step key type.
 *
 * 'elastic' cannot be one cubic (it oscillates several times), so it is baked into keys: the segment
 * gets extra keys at the damped oscillation's turning points, joined by ease-in-out beziers (a
 * half-oscillation between two turning points, both with zero velocity, is close to a sine half-wave).
 * The result stays ordinary, editable Theatre keys and the evaluator needs no special case.
 */
export type EasingPreset = 'linear' | 'ease' | 'ease-in' | 'ease-out' | 'ease-in-out' | 'back' | 'elastic' | 'hold';

export const EASING_PRESETS: readonly EasingPreset[] = [
  'linear',
  'ease',
  'ease-in',
  'ease-out',
  'ease-in-out',
  'back',
  'elastic',
  'hold',
];

export type BezierHandles = readonly [x1: number, y1: number, x2: number, y2: number];

/**
 * Linear's handles sit on the diagonal at the thirds (any handles on the diagonal draw y = x; CSS
 * writes linear as (0, 0, 1, 1), but handles on the curve's ends cannot be grabbed apart from them).
 */
export const PRESET_BEZIERS: Readonly<Record<Exclude<EasingPreset, 'elastic' | 'hold'>, BezierHandles>> = {
  linear: [1 / 3, 1 / 3, 2 / 3, 2 / 3],
  ease: [0.25, 0.1, 0.25, 1],
  'ease-in': [0.42, 0, 1, 1],
  'ease-out': [0, 0, 0.58, 1],
  'ease-in-out': [0.42, 0, 0.58, 1],
  back: [0.34, 1.56, 0.64, 1],
};

/** Between two turning points of the elastic oscillation (zero velocity at both ends). */
const HALF_WAVE: BezierHandles = [0.36, 0, 0.64, 1];

/** Elastic: first reach the target quickly, then this many decaying swings around it. */
const ELASTIC_SWINGS = 4;
const ELASTIC_DECAY = 0.35;
const ELASTIC_FIRST_OVERSHOOT = 0.3;

/**
 * Applies a preset to the segment starting at keyframes[index]. Returns a new sorted key list
 * (elastic adds keys); the input is not changed.
 */
export function applyEasing(keyframes: readonly Keyframe[], index: number, preset: EasingPreset): Keyframe[] {
  const a = keyframes[index];
  const b = keyframes[index + 1];
  if (!a || !b) throw new Error(`No segment starts at key ${index} (the track has ${keyframes.length} keys).`);
  const out = keyframes.map((k) => ({ ...k, handles: [...k.handles] as Keyframe['handles'] }));
  const first = out[index]!;
  const second = out[index + 1]!;
  first.connectedRight = true;
  if (preset === 'hold') {
    first.type = 'hold';
    return out;
  }
  first.type = 'bezier';
  if (preset !== 'elastic') {
    const [x1, y1, x2, y2] = PRESET_BEZIERS[preset];
    first.handles[2] = x1;
    first.handles[3] = y1;
    second.handles[0] = x2;
    second.handles[1] = y2;
    return out;
  }
  return [...out.slice(0, index + 1), ...elasticKeys(first, second), ...out.slice(index + 1)];
}

/** The turning-point keys between a and b (a and b excluded); sets a's and b's handles. */
function elasticKeys(a: Keyframe, b: Keyframe): Keyframe[] {
  const span = b.time - a.time;
  const change = b.value - a.value;
  // Turning point i at fraction 0.3, then equal steps; amplitude alternates and decays.
  const times = Array.from({ length: ELASTIC_SWINGS }, (_, i) => 0.3 + (0.7 * i) / ELASTIC_SWINGS);
  const keys = times.map((fraction, i) => {
    const overshoot = ELASTIC_FIRST_OVERSHOOT * ELASTIC_DECAY ** i * (i % 2 === 0 ? 1 : -1);
    return makeKeyframe(a.time + fraction * span, b.value + overshoot * change, {
      handles: [HALF_WAVE[2], HALF_WAVE[3], HALF_WAVE[0], HALF_WAVE[1]],
    });
  });
  // The first swing leaves a like ease-out (moving fast at once); the rest are half-waves.
  a.handles[2] = 0.2;
  a.handles[3] = 0.6;
  keys[0]!.handles[0] = HALF_WAVE[2];
  keys[0]!.handles[1] = HALF_WAVE[3];
  b.handles[0] = HALF_WAVE[2];
  b.handles[1] = HALF_WAVE[3];
  return keys;
}

/** A preset's progress at x in [0,1] (previews of the preset buttons; elastic by its baked keys). */
export function presetProgress(preset: EasingPreset, x: number): number {
  if (preset === 'hold') return x >= 1 ? 1 : 0;
  if (preset === 'elastic') {
    const keys = applyEasing([makeKeyframe(0, 0), makeKeyframe(1, 1)], 0, 'elastic');
    for (let i = 0; i < keys.length - 1; i++) {
      const a = keys[i]!;
      const b = keys[i + 1]!;
      if (x <= b.time) {
        const local = (x - a.time) / (b.time - a.time);
        return (
          a.value + (b.value - a.value) * cubicBezierEase(local, a.handles[2], a.handles[3], b.handles[0], b.handles[1])
        );
      }
    }
    return 1;
  }
  const [x1, y1, x2, y2] = PRESET_BEZIERS[preset];
  return cubicBezierEase(x, x1, y1, x2, y2);
}
