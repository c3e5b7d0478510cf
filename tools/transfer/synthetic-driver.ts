import sharp from 'sharp';
import { analyzeImage } from '../../src/main/engine/face/analyze-image';
import type { OrtFaceModels } from '../../src/main/engine/face/ort-face-models';
import { NO_MASKS } from '../../src/main/engine/generate/generator';
import { fitLandmarksForSource, generatorSource } from '../../src/main/engine/generate/generator-source';
import { warpGenerator } from '../../src/main/engine/generate/warp/warp-generator';
import { startEncoder } from '../../src/main/engine/media/encode';
import { coefficientsToRecord } from '../../src/shared/rig';

/**
 * A driving video made by the generator itself from known coefficients: the portrait with its jaw
 * opening and closing (jawOpen(f) per frame, on top of its own expression), encoded to MP4 through
 * the export pipe. The retarget test and bench/retarget drive a portrait with it.
 */
export async function writeSyntheticDriver(
  models: OrtFaceModels,
  portraitPath: string,
  outPath: string,
  options: { frames: number; fps: number; jawOpen: (frame: number) => number },
): Promise<{ width: number; height: number; jawOpen: number[] }> {
  const { data, info } = await sharp(portraitPath).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const image = { data: new Uint8Array(data), width: info.width, height: info.height };
  const analysis = await analyzeImage(models, image, { expressions: false });
  if (!analysis.ok) throw new Error(`${portraitPath}: ${analysis.message}`);
  const landmarks = analysis.faces[analysis.chosenIndex]!.landmarks;
  const fit = fitLandmarksForSource(landmarks);
  const prepared = warpGenerator.prepare(generatorSource('driver', image, landmarks, image.width, fit));
  const own = coefficientsToRecord(fit.coefficients);
  const head = { yawDeg: fit.pose.yawDeg, pitchDeg: fit.pose.pitchDeg, rollDeg: fit.pose.rollDeg };
  const encoder = startEncoder({
    format: 'mp4',
    width: image.width,
    height: image.height,
    fps: options.fps,
    outPath,
    preset: 'veryfast',
    crf: 16,
  });
  const jawOpen: number[] = [];
  for (let f = 0; f < options.frames; f++) {
    const jaw = options.jawOpen(f);
    jawOpen.push(jaw);
    const frame = warpGenerator.render(
      prepared,
      { coefficients: { ...own, jawOpen: Math.min(1, own.jawOpen + jaw) }, head },
      {},
      NO_MASKS,
      { kind: 'full' },
    );
    await encoder.write(frame.image.data);
  }
  await encoder.finish();
  return { width: image.width, height: image.height, jawOpen };
}
