import { spawn } from 'node:child_process';
import { analyzeImage } from '../../src/main/engine/face/analyze-image';
import type { OrtFaceModels } from '../../src/main/engine/face/ort-face-models';
import { blendshapeIndex, RigFitter } from '../../src/shared/rig';

const JAW_OPEN = blendshapeIndex('jawOpen');

/**
 * Independent per-frame face measures for judging retargeting (the retarget test, bench/retarget,
 * tools/transfer/evaluate-driving.ts): the face pipeline's landmarks on each decoded frame, turned
 * into geometric readings that do not come from the rig's coefficients.
 */
export interface FaceMeasure {
  /** Inner-lip gap (13-14) over the face's height (10-152). */
  mouth: number;
  /** Outer lip height (0-17) over the face's height: opening that painted teeth do not hide. */
  mouthOuter: number;
  /** Nose tip to chin (1-152) over brow to nose (9-1): how far the jaw dropped. */
  jaw: number;
  /** jawOpen + mean mouthLowerDown of a rig fit (canonical identity) of the landmarks. */
  jawOpen: number;
  /** Mean lid gap (159-145, 386-374) over the eye's width (33-133, 263-362). */
  eyes: number;
  /** Head yaw in degrees from a rig fit of the landmarks. */
  yawDeg: number;
  /** The 478 x, y landmarks (for jitter). */
  landmarks: Float32Array;
}

const distance = (p: ArrayLike<number>, a: number, b: number): number =>
  Math.hypot(p[a * 3]! - p[b * 3]!, p[a * 3 + 1]! - p[b * 3 + 1]!);

export function measuresOf(landmarks: ArrayLike<number>, fitter: RigFitter): Omit<FaceMeasure, 'landmarks'> {
  const face = distance(landmarks, 10, 152);
  const eyes =
    (distance(landmarks, 159, 145) / distance(landmarks, 33, 133) +
      distance(landmarks, 386, 374) / distance(landmarks, 263, 362)) /
    2;
  const fit = fitter.fit(Float32Array.from(landmarks));
  return {
    mouth: distance(landmarks, 13, 14) / face,
    mouthOuter: distance(landmarks, 0, 17) / face,
    jaw: distance(landmarks, 1, 152) / distance(landmarks, 9, 1),
    jawOpen: fit.coefficients[JAW_OPEN]!,
    eyes,
    yawDeg: fit.pose.yawDeg,
  };
}

/** Decodes a video into RGBA frames (ffmpeg to a pipe), one callback per frame, in order. */
export async function forEachFrame(
  ffmpeg: string,
  file: string,
  size: { width: number; height: number },
  onFrame: (rgba: Uint8Array, index: number) => Promise<void>,
): Promise<number> {
  const child = spawn(ffmpeg, ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgba', 'pipe:1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const frameBytes = size.width * size.height * 4;
  let pending = Buffer.alloc(0);
  let index = 0;
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // Listened for before reading: the process may close while the last frames are handled.
  const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
  for await (const chunk of child.stdout) {
    pending = Buffer.concat([pending, chunk as Buffer]);
    while (pending.length >= frameBytes) {
      const frame = new Uint8Array(pending.subarray(0, frameBytes));
      pending = pending.subarray(frameBytes);
      await onFrame(frame, index++);
    }
  }
  const code = await closed;
  if (code !== 0) throw new Error(`ffmpeg could not decode ${file}: ${stderr.trim()}`);
  return index;
}

/** Per-frame measures of a video's face (NaN-filled where no face was found). */
export async function measureVideo(
  models: OrtFaceModels,
  ffmpeg: string,
  file: string,
  size: { width: number; height: number },
  options: { step?: number } = {},
): Promise<Array<FaceMeasure | null>> {
  const fitter = new RigFitter();
  const out: Array<FaceMeasure | null> = [];
  const step = options.step ?? 1;
  await forEachFrame(ffmpeg, file, size, async (data, index) => {
    if (index % step !== 0) return;
    const analysis = await analyzeImage(
      models,
      { data, width: size.width, height: size.height },
      { expressions: false },
    );
    if (!analysis.ok) {
      out.push(null);
      return;
    }
    const landmarks = Float32Array.from(analysis.faces[analysis.chosenIndex]!.landmarks);
    out.push({ ...measuresOf(landmarks, fitter), landmarks });
  });
  return out;
}

export function pearson(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]! / n;
    mb += b[i]! / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}

/**
 * Landmark jitter on still stretches: the mean frame-to-frame landmark motion (pixels, over face
 * height) in frames where the reference's measures barely change (mouth and yaw), i.e. where the
 * output should stand still too.
 */
export function jitterOnStill(
  frames: ReadonlyArray<FaceMeasure | null>,
  still: readonly boolean[],
): { jitter: number; frames: number } {
  let sum = 0;
  let count = 0;
  for (let i = 1; i < frames.length; i++) {
    const a = frames[i - 1];
    const b = frames[i];
    if (!a || !b || !still[i]) continue;
    const face = distance(b.landmarks, 10, 152);
    let motion = 0;
    for (let p = 0; p < 468; p++) motion += distance2(a.landmarks, b.landmarks, p);
    sum += motion / 468 / face;
    count += 1;
  }
  return { jitter: count ? sum / count : NaN, frames: count };
}

const distance2 = (a: ArrayLike<number>, b: ArrayLike<number>, p: number): number =>
  Math.hypot(a[p * 3]! - b[p * 3]!, a[p * 3 + 1]! - b[p * 3 + 1]!);

/** Frames where the measures change little from the previous one (mouth, eyes and yaw). */
export function stillFrames(frames: ReadonlyArray<FaceMeasure | null>): boolean[] {
  return frames.map((frame, i) => {
    const before = frames[i - 1];
    if (!frame || !before) return false;
    return (
      Math.abs(frame.mouth - before.mouth) < 0.004 &&
      Math.abs(frame.eyes - before.eyes) < 0.02 &&
      Math.abs(frame.yawDeg - before.yawDeg) < 0.5
    );
  });
}
