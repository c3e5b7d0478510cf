/**
 * Before/after sheets of the expression detail layer (issue 9, "Fine detail"): for each pair of
 * fixture portraits (appearance, expression), `mien transfer` with the mouth and brows from the
 * expression photo, once with `wrinkles=0` and once with `wrinkles=1`; the sheet shows both and
 * their difference (grey = none, 4x). Prints the mean and largest change per pair.
 *
 *   MIEN_FIXTURES=/path/to/shared/fixtures npx tsx tools/transfer/detail-before-after.ts [APPEARANCE:EXPRESSION...]
 * Default pairs: render-boy.jpg:astronaut.png, photo-bw-man.jpg:astronaut.png,
 * painting-child.jpg:astronaut.png, astronaut.png:render-boy.jpg. Writes .tmp/wrinkles/*.png, and
 * regions-astronaut.png: where the layer can act on the astronaut (each region darkened by its
 * weight; left without the hair gate, right with it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { runCli } from '../../src/main/cli/run-cli';
import { createEngine } from '../../src/main/engine/engine';
import { NO_MASKS } from '../../src/main/engine/generate/generator';
import { fitLandmarksForSource, generatorSource } from '../../src/main/engine/generate/generator-source';
import { prepareExpressionDetail, warpGenerator } from '../../src/main/engine/generate/warp/warp-generator';
import { coefficientsToRecord } from '../../src/shared/rig';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = process.env.MIEN_FIXTURES ?? path.join(root, '../shared/fixtures');
const portraits = path.join(fixtures, 'portraits');
if (!fs.existsSync(portraits)) {
  console.error(`No portraits at ${portraits}: set MIEN_FIXTURES to the shared fixtures folder.`);
  process.exit(2);
}
const pairs = (
  process.argv.length > 2
    ? process.argv.slice(2)
    : [
        'render-boy.jpg:astronaut.png',
        'photo-bw-man.jpg:astronaut.png',
        'painting-child.jpg:astronaut.png',
        'astronaut.png:render-boy.jpg',
      ]
).map((pair) => pair.split(':') as [string, string]);
const outDir = path.join(root, '.tmp/wrinkles');
fs.mkdirSync(outDir, { recursive: true });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-detail-'));

async function transfer(appearance: string, expression: string, wrinkles: number, out: string): Promise<void> {
  const args = ['transfer', path.join(portraits, appearance), path.join(portraits, expression), '--out', out];
  const code = await runCli([...args, '--layers', `mouth=1,brows=1,wrinkles=${wrinkles}`], {
    io: { out: () => {}, err: () => {} },
    createEngine: (options) => createEngine(options),
  });
  if (code !== 0) throw new Error(`mien transfer ${appearance} ${expression} exited ${code}`);
}

/**
 * The regions on the astronaut: her detail maps replaced by a flat 0.5 (source) and 1 (own), and her
 * fit made to fold every region, so the layer at 1 darkens each pixel by its region weight (and hair
 * gate): what the layer can touch, whatever the photos' detail.
 */
async function regionsOverlay(): Promise<void> {
  const astronaut = path.join(root, 'tests/fixtures/astronaut.png');
  const { data, info } = await sharp(astronaut).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const photo = { data: new Uint8Array(data), width: info.width, height: info.height };
  const expected = path.join(root, 'tests/integration/face/expected/astronaut-landmarks.json');
  const landmarks = (JSON.parse(fs.readFileSync(expected, 'utf8')) as { landmarks: number[] }).landmarks;
  const fit = fitLandmarksForSource(landmarks);
  const folding = { ...fit, coefficients: new Float32Array(fit.coefficients.length).fill(1) };
  const panels: Buffer[] = [];
  for (const gated of [false, true]) {
    const portrait = warpGenerator.prepare(generatorSource('own', photo, landmarks, photo.width, folding));
    const source = warpGenerator.prepare(generatorSource('source', photo, landmarks, photo.width, folding));
    await Promise.all([prepareExpressionDetail(portrait), prepareExpressionDetail(source)]);
    const flat = (map: NonNullable<typeof portrait.detail>, value: number) => ({
      ...map,
      data: new Float32Array(map.data.length).fill(value),
      skin: gated ? map.skin : new Float32Array(map.skin.length).fill(1),
    });
    source.detail = flat(source.detail!, 0.5);
    portrait.detail = flat(portrait.detail!, 1);
    const head = { yawDeg: fit.pose.yawDeg, pitchDeg: fit.pose.pitchDeg, rollDeg: fit.pose.rollDeg };
    // The rig state the fit says the photo shows: the warp reproduces the photo.
    const state = { coefficients: coefficientsToRecord(folding.coefficients), head };
    const mix = { head: 0, brows: 0, eyes: 0, nose: 0, mouth: 0, wrinkles: 1 };
    const transfer = { state, neutral: state, mode: 'absolute' as const };
    const frame = warpGenerator.render(
      portrait,
      state,
      mix,
      NO_MASKS,
      { kind: 'preview', maxSide: 512 },
      transfer,
      source,
    );
    const { width, height } = frame.image;
    panels.push(
      await sharp(frame.image.data, { raw: { width, height, channels: 4 } })
        .png()
        .toBuffer(),
    );
  }
  const { width, height } = await sharp(panels[0]).metadata();
  const sheet = path.join(outDir, 'regions-astronaut.png');
  await sharp({ create: { width: width! * 2 + 10, height: height!, channels: 3, background: '#fff' } })
    .composite(panels.map((input, k) => ({ input, left: k * (width! + 10), top: 0 })))
    .png()
    .toFile(sheet);
  console.log(`regions -> ${path.relative(root, sheet)}`);
}

try {
  await regionsOverlay();
  for (const [appearance, expression] of pairs) {
    const name = `${path.parse(appearance).name}-from-${path.parse(expression).name}`;
    const [before, after] = [path.join(work, `${name}-0.png`), path.join(work, `${name}-1.png`)];
    await transfer(appearance, expression, 0, before);
    await transfer(appearance, expression, 1, after);
    const a = await sharp(before).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const b = await sharp(after).removeAlpha().raw().toBuffer();
    const { width, height } = a.info;
    const difference = Buffer.alloc(a.data.length);
    let sum = 0;
    let largest = 0;
    for (let i = 0; i < difference.length; i++) {
      const change = b[i]! - a.data[i]!;
      sum += Math.abs(change);
      largest = Math.max(largest, Math.abs(change));
      difference[i] = Math.max(0, Math.min(255, 128 + 4 * change));
    }
    const sheet = path.join(outDir, `${name}.png`);
    await sharp({ create: { width: width * 3 + 20, height, channels: 3, background: '#fff' } })
      .composite([
        { input: before, left: 0, top: 0 },
        { input: after, left: width + 10, top: 0 },
        {
          input: await sharp(difference, { raw: { width, height, channels: 3 } })
            .png()
            .toBuffer(),
          left: 2 * width + 20,
          top: 0,
        },
      ])
      .png()
      .toFile(sheet);
    console.log(
      `${name}: mean change ${(sum / difference.length).toFixed(3)}, largest ${largest} (of 255) -> ${path.relative(root, sheet)}`,
    );
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
