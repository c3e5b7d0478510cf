/**
 * The generator against real footage of the same person: a driving video's neutral frame is the
 * photo; every chosen frame's rig (fitted with the neutral frame's identity) is rendered onto it,
 * and the face pipeline + rig fit read both the real frame and the render. Where the render reads
 * less than the real frame while the warp's target mesh reads the same as the real frame, the
 * picture lacks what makes the real expression legible (to the landmark model), not the geometry.
 *   npx tsx tools/generate/real-vs-render.ts VIDEO NEUTRAL_FRAME FRAME[,FRAME...] [OUT_DIR]
 * OUT_DIR: writes each real frame and its render as real-N.png / render-N.png.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { analyzeImage } from '../../src/main/engine/face/analyze-image';
import { createOrtFaceModels } from '../../src/main/engine/face/ort-face-models';
import { probeVideo, readVideoFrames } from '../../src/main/engine/face/video-frames';
import { NO_MASKS, type RgbaFrame } from '../../src/main/engine/generate/generator';
import { generatorSource } from '../../src/main/engine/generate/generator-source';
import { warpGenerator } from '../../src/main/engine/generate/warp/warp-generator';
import { coefficientsToRecord, RigFitter, type ArkitBlendshapeName } from '../../src/shared/rig';
import { repoRoot } from '../rig/portrait-landmarks';

const [video, neutralArg, framesArg, outDir] = process.argv.slice(2);
if (!video || !neutralArg || !framesArg) {
  console.error('usage: real-vs-render.ts VIDEO NEUTRAL_FRAME FRAME[,FRAME...] [OUT_DIR]');
  process.exit(2);
}
const neutralIndex = Number(neutralArg);
const wanted = new Set(framesArg.split(',').map(Number));
const SHOWN: ArkitBlendshapeName[] = [
  'jawOpen',
  'mouthSmileLeft',
  'mouthSmileRight',
  'eyeBlinkLeft',
  'eyeBlinkRight',
  'browInnerUp',
];

const frames = new Map<number, RgbaFrame>();
const info = await probeVideo(video);
for await (const frame of readVideoFrames(video, info)) {
  if (frame.index === neutralIndex || wanted.has(frame.index)) {
    frames.set(frame.index, { data: frame.rgba, width: info.width, height: info.height });
  }
}
const models = await createOrtFaceModels({ modelsDir: path.join(repoRoot, 'resources/models') });
const fitter = new RigFitter();
async function landmarksOf(image: RgbaFrame): Promise<Float32Array | null> {
  const analysis = await analyzeImage(models, image, { expressions: false });
  return analysis.ok ? Float32Array.from(analysis.faces[analysis.chosenIndex]!.landmarks) : null;
}
const neutral = frames.get(neutralIndex);
const neutralLandmarks = neutral && (await landmarksOf(neutral));
if (!neutral || !neutralLandmarks) throw new Error(`no face in the neutral frame ${neutralIndex}`);
const neutralFit = fitter.fit(neutralLandmarks, { fitIdentity: true, captureDetail: true });
const identity = { modes: Float32Array.from(neutralFit.identity.modes), detail: neutralFit.identity.detail };
const prepared = warpGenerator.prepare(
  generatorSource('neutral', neutral, neutralLandmarks, neutral.width, {
    pose: neutralFit.pose,
    coefficients: neutralFit.coefficients,
    identityModes: neutralFit.identity.modes,
    identityDetail: neutralFit.identity.detail,
  }),
);
const row = (label: string, fit: ReturnType<RigFitter['fit']>) => {
  const read = coefficientsToRecord(fit.coefficients);
  return `  ${label.padEnd(7)}${SHOWN.map((name) => `${name} ${read[name].toFixed(2)}`).join('  ')}  yaw ${fit.pose.yawDeg.toFixed(1)}`;
};
if (outDir) mkdirSync(outDir, { recursive: true });
for (const index of [...wanted].sort((a, b) => a - b)) {
  const image = frames.get(index);
  const landmarks = image && (await landmarksOf(image));
  if (!image || !landmarks) {
    console.info(`frame ${index}: no face`);
    continue;
  }
  const real = fitter.fit(landmarks, { identity });
  const { coefficients, pose } = real;
  const target = {
    coefficients: coefficientsToRecord(coefficients),
    head: { yawDeg: pose.yawDeg, pitchDeg: pose.pitchDeg, rollDeg: pose.rollDeg },
  };
  const frame = warpGenerator.render(prepared, target, {}, NO_MASKS, { kind: 'full' });
  const mesh = fitter.fit(prepared.target.slice(0, 478 * 3), { identity });
  const rendered = await landmarksOf(frame.image);
  const capped = frame.report.capped.map((c) => `${c.name} ${c.given.toFixed(0)}→${c.used.toFixed(0)}`).join(' ');
  console.info(`frame ${index}${capped ? ` (capped ${capped})` : ''}`);
  console.info(row('real', real));
  console.info(row('mesh', mesh));
  console.info(rendered ? row('render', fitter.fit(rendered, { identity })) : '  render: no face');
  if (outDir) {
    const raw = { width: image.width, height: image.height, channels: 4 as const };
    await sharp(image.data, { raw })
      .png()
      .toFile(path.join(outDir, `real-${index}.png`));
    await sharp(frame.image.data, { raw })
      .png()
      .toFile(path.join(outDir, `render-${index}.png`));
  }
}
await models.dispose();
