/**
 * What a video frame's mouth donor costs (issue 9), per piece, on frames of a driving video:
 * - the interactive path (one frame): ffmpeg decoding that frame to PNG (`VideoFrameGrabber`:
 *   seeking by the packets' times; early and late frames, the first call includes ffprobe reading
 *   the times), checked against the frame as the tracker decodes it (mean difference, 0 = same);
 * - a whole-video path (every frame a donor): the same per frame when frames come decoded in order
 *   (one ffmpeg stream): PNG encode + decode, fit, prepare;
 * - the render itself with and without a donor (the astronaut, full size, jaw opened).
 *
 *   npx tsx bench/transfer/video-donor.bench.ts [DRIVER.mp4] [FRAMES=30]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { analyzeImage } from '../../src/main/engine/face/analyze-image';
import { createOrtFaceModels } from '../../src/main/engine/face/ort-face-models';
import { probeVideo, readVideoFrames } from '../../src/main/engine/face/video-frames';
import { NO_MASKS } from '../../src/main/engine/generate/generator';
import { fitLandmarksForSource, generatorSource } from '../../src/main/engine/generate/generator-source';
import { warpGenerator } from '../../src/main/engine/generate/warp/warp-generator';
import { findFfmpeg } from '../../src/main/engine/media/ffmpeg';
import { VideoFrameGrabber } from '../../src/main/engine/media/video-frame-png';
import { coefficientsToRecord } from '../../src/shared/rig';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
const driver = process.argv[2] ?? path.join(root, '../../shared/fixtures/driving/smile-grimace-78f.mp4');
const frames = Number(process.argv[3] ?? 30);
const grabber = new VideoFrameGrabber(findFfmpeg());
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-donor-bench-'));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const time = async <T>(work: () => Promise<T> | T): Promise<[T, number]> => {
  const started = performance.now();
  const value = await work();
  return [value, performance.now() - started];
};

try {
  const models = await createOrtFaceModels({ modelsDir: path.join(root, 'resources/models') });
  const info = await probeVideo(driver);
  const total = info.frameCountEstimate ?? frames;

  // The interactive path: one frame decoded (seeking), compared with the same frame streamed.
  const picks = [1, Math.floor(total / 2), total - 2];
  const streamed = new Map<number, Uint8Array>();
  for await (const frame of readVideoFrames(driver, info))
    if (picks.includes(frame.index)) streamed.set(frame.index, frame.rgba);
  const single: string[] = [];
  for (const index of picks) {
    const out = path.join(dir, `single-${index}.png`);
    const [, ms] = await time(() => grabber.writePng(driver, index, out));
    const png = await sharp(out).ensureAlpha().raw().toBuffer();
    const expected = streamed.get(index)!;
    let difference = 0;
    for (let i = 0; i < png.length; i++) difference += Math.abs(png[i]! - expected[i]!);
    single.push(`frame ${index}: ${ms.toFixed(0)} ms (mean difference ${(difference / png.length).toFixed(3)})`);
  }
  console.log(`ffmpeg one frame to PNG (${info.width}x${info.height}, ${total} frames): ${single.join(', ')}`);

  // The portrait the donors are rendered onto, jaw opened so the gap shows.
  const { data, info: pInfo } = await sharp(path.join(root, 'tests/fixtures/astronaut.png'))
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const photo = { data: new Uint8Array(data), width: pInfo.width, height: pInfo.height };
  const pAnalysis = await analyzeImage(models, photo, { expressions: false });
  if (!pAnalysis.ok) throw new Error(pAnalysis.message);
  const pLandmarks = pAnalysis.faces[pAnalysis.chosenIndex]!.landmarks;
  const pFit = fitLandmarksForSource(pLandmarks);
  const portrait = warpGenerator.prepare(generatorSource('portrait', photo, pLandmarks, photo.width, pFit));
  const own = coefficientsToRecord(pFit.coefficients);
  const head = { yawDeg: pFit.pose.yawDeg, pitchDeg: pFit.pose.pitchDeg, rollDeg: pFit.pose.rollDeg };
  const target = { coefficients: { ...own, jawOpen: Math.min(1, own.jawOpen + 0.6) }, head };
  const expression = { state: target, neutral: { coefficients: own, head }, mode: 'absolute' as const };

  const cost = { encode: [] as number[], decode: [] as number[], fit: [] as number[], prepare: [] as number[] };
  // The cheapest file sharp both writes and reads: uncompressed TIFF, instead of the PNG.
  const tiff = { encode: [] as number[], decode: [] as number[] };
  const render = { without: [] as number[], with: [] as number[] };
  let done = 0;
  for await (const frame of readVideoFrames(driver, info)) {
    if (done >= frames) break;
    const image = { data: frame.rgba, width: info.width, height: info.height };
    const analysis = await analyzeImage(models, image, { expressions: false });
    if (!analysis.ok) continue;
    const landmarks = analysis.faces[analysis.chosenIndex]!.landmarks;
    const file = path.join(dir, `stream-${frame.index}.png`);
    const [, encodeMs] = await time(() =>
      sharp(frame.rgba, { raw: { width: info.width, height: info.height, channels: 4 } })
        .png({ compressionLevel: 1 })
        .toFile(file),
    );
    const [decoded, decodeMs] = await time(() => sharp(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true }));
    const tiffFile = path.join(dir, `stream-${frame.index}.tif`);
    const [, tiffEncodeMs] = await time(() =>
      sharp(frame.rgba, { raw: { width: info.width, height: info.height, channels: 4 } })
        .tiff({ compression: 'none' })
        .toFile(tiffFile),
    );
    const [, tiffDecodeMs] = await time(() => sharp(tiffFile).ensureAlpha().raw().toBuffer());
    tiff.encode.push(tiffEncodeMs);
    tiff.decode.push(tiffDecodeMs);
    const [fit, fitMs] = await time(() => fitLandmarksForSource(landmarks));
    const donorImage = { data: new Uint8Array(decoded.data), width: decoded.info.width, height: decoded.info.height };
    const [donor, prepareMs] = await time(() =>
      warpGenerator.prepare(generatorSource(`d${frame.index}`, donorImage, landmarks, info.width, fit)),
    );
    cost.encode.push(encodeMs);
    cost.decode.push(decodeMs);
    cost.fit.push(fitMs);
    cost.prepare.push(prepareMs);
    // Alternating, three each: the machine's load moves between runs.
    for (const withDonor of [false, true, false, true, false, true]) {
      const [, ms] = await time(() =>
        warpGenerator.render(
          portrait,
          { coefficients: own, head },
          { mouth: 1 },
          NO_MASKS,
          { kind: 'full' },
          expression,
          withDonor ? donor : null,
        ),
      );
      (withDonor ? render.with : render.without).push(ms);
    }
    done++;
  }
  await models.dispose();
  const f = (values: number[]) => `${median(values).toFixed(1)} ms`;
  const perDonor = median(cost.encode) + median(cost.decode) + median(cost.fit) + median(cost.prepare);
  console.log(
    `per frame (median of ${done}): PNG encode ${f(cost.encode)}, PNG decode ${f(cost.decode)}, fit ${f(cost.fit)}, ` +
      `warp prepare ${f(cost.prepare)}; donor total ${perDonor.toFixed(1)} ms`,
  );
  const perTiffDonor = median(tiff.encode) + median(tiff.decode) + median(cost.fit) + median(cost.prepare);
  console.log(
    `as uncompressed TIFF: encode ${f(tiff.encode)}, decode ${f(tiff.decode)}; donor total ${perTiffDonor.toFixed(1)} ms ` +
      `(${((median(render.with) + perTiffDonor) / median(render.without)).toFixed(2)}x the render without)`,
  );
  console.log(
    `render ${photo.width}x${photo.height} full: without donor ${f(render.without)}, with ${f(render.with)}; ` +
      `with a new donor every frame ${(median(render.with) + perDonor).toFixed(1)} ms ` +
      `(${((median(render.with) + perDonor) / median(render.without)).toFixed(2)}x)`,
  );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
