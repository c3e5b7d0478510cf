import { ARKIT_BLENDSHAPE_NAMES, coefficientsToRecord } from '../rig';
import type { RenderTarget } from './generator-types';

/**
 * A driving video's coefficient tracks as the transfer reads them: per channel name ('rig.<arkit>',
 * 'head.yawDeg'...) one sample per frame. Pure, shared by the engine (render sessions, retargeting,
 * export) and the layers panel (its neutral-frame default).
 */
export interface DriverChannels {
  frameCount: number;
  /** 1 where the frame's face was measured, 0 where it was filled in; null: all measured. */
  measured: ArrayLike<number> | null;
  channel(name: string): ArrayLike<number> | undefined;
}

const HEAD = { yawDeg: 'head.yawDeg', pitchDeg: 'head.pitchDeg', rollDeg: 'head.rollDeg' } as const;
/** Gaze counts at half weight: looking aside is not an expression (as the video fit's calm score). */
const WEIGHTS = ARKIT_BLENDSHAPE_NAMES.map((name) => (name.startsWith('eyeLook') ? 0.5 : 1));

/** The rig state of one frame (coefficients clamped to [0, 1]; a missing head channel reads 0°). */
export function driverFrameState(driver: DriverChannels, frame: number): RenderTarget {
  if (!Number.isInteger(frame) || frame < 0 || frame >= driver.frameCount) {
    throw new RangeError(
      `frame ${frame} is outside the driver's ${driver.frameCount} frames (0-${driver.frameCount - 1})`,
    );
  }
  const values = new Float32Array(ARKIT_BLENDSHAPE_NAMES.length);
  ARKIT_BLENDSHAPE_NAMES.forEach((name, k) => {
    const samples = driver.channel(`rig.${name}`);
    values[k] = Math.min(1, Math.max(0, samples?.[frame] ?? 0));
  });
  const angle = (name: string) => driver.channel(name)?.[frame] ?? 0;
  return {
    coefficients: coefficientsToRecord(values),
    head: { yawDeg: angle(HEAD.yawDeg), pitchDeg: angle(HEAD.pitchDeg), rollDeg: angle(HEAD.rollDeg) },
  };
}

/**
 * The most neutral frame: the measured frame whose coefficients sum lowest (gaze at half weight),
 * ties to the earliest; the default rest face retargeting measures a driver's expression against.
 */
export function mostNeutralFrame(driver: DriverChannels): number {
  const channels = ARKIT_BLENDSHAPE_NAMES.map((name) => driver.channel(`rig.${name}`));
  let best = 0;
  let bestEnergy = Infinity;
  for (let f = 0; f < driver.frameCount; f++) {
    if (driver.measured && !driver.measured[f]) continue;
    let energy = 0;
    channels.forEach((samples, k) => {
      energy += WEIGHTS[k]! * Math.abs(samples?.[f] ?? 0);
    });
    if (energy < bestEnergy) {
      bestEnergy = energy;
      best = f;
    }
  }
  return best;
}
