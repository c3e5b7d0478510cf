/**
 * The generator's cycle (issue 8) on every fixture face, not only the astronaut: each fixture
 * portrait and a few driving-video frames taken as portraits are rendered with the cycle test's
 * edit (jawOpen 0.6, smile 0.8, left blink, inner brows 0.7) and a 10° turn from their own yaw, then
 * read back by the face pipeline and the rig fit with the photo's identity held (as
 * tests/integration/generate/cycle.test.ts does). Prints each reading (* where it misses the issue's
 * tolerance: 0.15, yaw 3°) and how many of the 60 readings are within it.
 *   npx tsx tools/generate/cycle-sweep.ts        (MIEN_FIXTURES overrides ../shared/fixtures)
 *   MIEN_SWEEP_OUT=dir ...                       also writes each face's photo and render, cropped
 *                                                to the face, side by side, to look at
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { analyzeImage } from '../../src/main/engine/face/analyze-image';
import { createOrtFaceModels } from '../../src/main/engine/face/ort-face-models';
import { probeVideo, readVideoFrames } from '../../src/main/engine/face/video-frames';
import { NO_MASKS, type RgbaFrame } from '../../src/main/engine/generate/generator';
import { fitLandmarksForSource, generatorSource } from '../../src/main/engine/generate/generator-source';
import { warpGenerator } from '../../src/main/engine/generate/warp/warp-generator';
import { coefficientsToRecord, RigFitter } from '../../src/shared/rig';
import { repoRoot } from '../rig/portrait-landmarks';

const EDIT = { jawOpen: 0.6, mouthSmileLeft: 0.8, mouthSmileRight: 0.8, eyeBlinkLeft: 1, browInnerUp: 0.7 } as const;
const TURN = 10;
const fixtures = process.env.MIEN_FIXTURES ?? path.resolve(repoRoot, '../shared/fixtures');
const PORTRAITS = ['painting-child.jpg', 'painting-mona-lisa.jpg', 'photo-bw-man.jpg', 'render-boy.jpg'];
const VIDEO_FRAMES: Record<string, number[]> = {
  'talking-354f.mp4': [0, 200],
  'child-talking-225f.mp4': [0, 52],
  'smile-grimace-78f.mp4': [5],
};

async function photo(file: string): Promise<RgbaFrame> {
  const { data, info } = await sharp(file).rotate().ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
  };
}

const faces: { name: string; image: RgbaFrame }[] = [
  { name: 'astronaut', image: await photo(path.join(repoRoot, 'tests/fixtures/astronaut.png')) },
];
for (const file of PORTRAITS) faces.push({ name: file, image: await photo(path.join(fixtures, 'portraits', file)) });
for (const [file, wanted] of Object.entries(VIDEO_FRAMES)) {
  const video = path.join(fixtures, 'driving', file);
  const info = await probeVideo(video);
  for await (const frame of readVideoFrames(video, info)) {
    if (wanted.includes(frame.index)) {
      faces.push({
        name: `${file}#${frame.index}`,
        image: { data: frame.rgba, width: info.width, height: info.height },
      });
    }
  }
}

const models = await createOrtFaceModels({ modelsDir: path.join(repoRoot, 'resources/models') });
const landmarksOf = async (image: RgbaFrame): Promise<Float32Array | null> => {
  const analysis = await analyzeImage(models, image, { expressions: false, descriptor: false });
  return analysis.ok ? Float32Array.from(analysis.faces[analysis.chosenIndex]!.landmarks) : null;
};
async function writeSideBySide(
  dir: string,
  name: string,
  before: RgbaFrame,
  after: RgbaFrame,
  landmarks: Float32Array,
): Promise<void> {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < landmarks.length; i += 3) {
    [x0, x1] = [Math.min(x0, landmarks[i]!), Math.max(x1, landmarks[i]!)];
    [y0, y1] = [Math.min(y0, landmarks[i + 1]!), Math.max(y1, landmarks[i + 1]!)];
  }
  const pad = 0.25 * Math.max(x1 - x0, y1 - y0);
  const left = Math.max(0, Math.floor(x0 - pad));
  const top = Math.max(0, Math.floor(y0 - pad));
  const width = Math.min(before.width - left, Math.ceil(x1 - x0 + 2 * pad));
  const height = Math.min(before.height - top, Math.ceil(y1 - y0 + 2 * pad));
  const crop = (image: RgbaFrame) =>
    sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } })
      .extract({ left, top, width, height })
      .resize({ height: 400 })
      .png()
      .toBuffer();
  mkdirSync(dir, { recursive: true });
  const [a, b] = [await crop(before), await crop(after)];
  const w = (await sharp(a).metadata()).width ?? 400;
  await sharp({ create: { width: 2 * w, height: 400, channels: 3, background: '#222' } })
    .composite([
      { input: a, left: 0, top: 0 },
      { input: b, left: w, top: 0 },
    ])
    .png()
    .toFile(path.join(dir, `${name.replace(/[^\w.-]+/g, '_')}.png`));
}

let within = 0;
let readings = 0;
for (const { name, image } of faces) {
  const landmarks = await landmarksOf(image);
  if (!landmarks) {
    console.log(`${name}: no face`);
    continue;
  }
  const fit = fitLandmarksForSource(landmarks);
  const prepared = warpGenerator.prepare(
    generatorSource(name, { ...image, data: new Uint8Array(image.data) }, landmarks, image.width, fit),
  );
  const identity = {
    modes: Float32Array.from(fit.identityModes),
    detail: fit.identityDetail ? Float32Array.from(fit.identityDetail) : null,
  };
  const yaw = fit.pose.yawDeg + TURN;
  const head = { yawDeg: yaw, pitchDeg: fit.pose.pitchDeg, rollDeg: fit.pose.rollDeg };
  const frame = warpGenerator.render(
    prepared,
    { coefficients: { ...coefficientsToRecord(fit.coefficients), ...EDIT }, head },
    {},
    NO_MASKS,
    { kind: 'full' },
  );
  const turn = (frame.report.capped.find((c) => c.name === 'yawDeg')?.used ?? yaw) - fit.pose.yawDeg;
  if (process.env.MIEN_SWEEP_OUT)
    await writeSideBySide(process.env.MIEN_SWEEP_OUT, name, image, frame.image, landmarks);
  const [back, own] = [await landmarksOf(frame.image), landmarks];
  if (!back) {
    console.log(`${name}: no face in the render`);
    continue;
  }
  const read = new RigFitter().fit(back, { identity });
  const before = new RigFitter().fit(own, { identity });
  const values = coefficientsToRecord(read.coefficients);
  const cells = Object.entries(EDIT).map(([shape, wanted]) => {
    const value = values[shape as keyof typeof values];
    const ok = Math.abs(value - wanted) < 0.15;
    within += ok ? 1 : 0;
    readings++;
    return `${shape} ${value.toFixed(2)}${ok ? ' ' : '*'}`;
  });
  const turned = read.pose.yawDeg - before.pose.yawDeg;
  const yawOk = Math.abs(turned - turn) < 3;
  within += yawOk ? 1 : 0;
  readings++;
  console.log(
    `${name.padEnd(28)} ${cells.join(' ')} | turn ${turn.toFixed(1)} read ${turned.toFixed(1)}${yawOk ? '' : '*'}`,
  );
}
console.log(`${within}/${readings} readings within the tolerance (0.15; yaw 3°)`);
await models.dispose();
