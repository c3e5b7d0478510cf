/** Adam moments of one optimised tensor; plain arrays so a state can be saved and resumed. */
export interface AdamSlot {
  value: Float32Array;
  m: Float32Array;
  v: Float32Array;
}

export const newSlot = (value: Float32Array): AdamSlot => ({
  value: Float32Array.from(value),
  m: new Float32Array(value.length),
  v: new Float32Array(value.length),
});

/** One Adam update (Kingma and Ba, with bias correction) at step t >= 1. */
export function adamUpdate(
  slot: AdamSlot,
  grad: Float32Array,
  t: number,
  lr: number,
  beta1 = 0.9,
  beta2 = 0.999,
  eps = 1e-8,
): void {
  const c1 = 1 - beta1 ** t;
  const c2 = 1 - beta2 ** t;
  const { value, m, v } = slot;
  for (let i = 0; i < value.length; i++) {
    const g = grad[i] as number;
    m[i] = beta1 * (m[i] as number) + (1 - beta1) * g;
    v[i] = beta2 * (v[i] as number) + (1 - beta2) * g * g;
    value[i] = (value[i] as number) - (lr * ((m[i] as number) / c1)) / (Math.sqrt((v[i] as number) / c2) + eps);
  }
}

/**
 * StyleGAN2 projector's learning-rate schedule: linear ramp up over the first rampUp fraction,
 * cosine ramp down over the last rampDown fraction of `steps`.
 */
export function scheduledLearningRate(
  iteration: number,
  steps: number,
  base: number,
  rampUp: number,
  rampDown: number,
): number {
  const t = Math.min(iteration / steps, 1);
  let ramp = Math.min(1, (1 - t) / rampDown);
  ramp = 0.5 - 0.5 * Math.cos(ramp * Math.PI);
  ramp *= Math.min(1, t / rampUp);
  return base * ramp;
}
