import sharp from 'sharp';
import { analyzeImage } from '../../src/main/engine/face/analyze-image';
import type { OrtFaceModels } from '../../src/main/engine/face/ort-face-models';
import { NO_MASKS } from '../../src/main/engine/generate/generator';
import { fitLandmarksForSource, generatorSource } from '../../src/main/engine/generate/generator-source';
import { insidePolygon } from '../../src/main/engine/generate/warp/photo-colours';
import { warpGenerator, type WarpPrepared } from '../../src/main/engine/generate/warp/warp-generator';
import { LOWER_INNER_LIP, UPPER_INNER_LIP } from '../../src/main/engine/generate/warp/warp-topology';
import { startEncoder } from '../../src/main/engine/media/encode';
import { coefficientsToRecord } from '../../src/shared/rig';

/**
 * A driving video made by the generator itself from known coefficients: the portrait with its jaw
 * opening and closing (jawOpen(f) per frame, on top of its own expression), encoded to MP4 through
 * the export pipe. The retarget test and bench/retarget drive a portrait with it. `markInterior`
 * paints everything between the rendered inner lips in that colour (a mouth interior no painted
 * one can be mistaken for: the video-frame mouth donor test).
 */
export async function writeSyntheticDriver(
  models: OrtFaceModels,
  portraitPath: string,
  outPath: string,
  options: {
    frames: number;
    fps: number;
    jawOpen: (frame: number) => number;
    markInterior?: readonly [number, number, number];
  },
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
    if (options.markInterior) markInterior(prepared, frame.image.data, image.width, options.markInterior);
    await encoder.write(frame.image.data);
  }
  await encoder.finish();
  return { width: image.width, height: image.height, jawOpen };
}

/** Paints the pixels between the inner lips of the last render (its target mesh, photo pixels) in `colour`. */
function markInterior(prepared: WarpPrepared, rgba: Uint8Array, width: number, colour: readonly number[]): void {
  const polygon = [...UPPER_INNER_LIP, ...[...LOWER_INNER_LIP].reverse()].flatMap((i) => [
    prepared.target[i * 3]!,
    prepared.target[i * 3 + 1]!,
  ]);
  const xs = polygon.filter((_, i) => i % 2 === 0);
  const ys = polygon.filter((_, i) => i % 2 === 1);
  const height = rgba.length / 4 / width;
  for (let y = Math.max(0, Math.floor(Math.min(...ys))); y <= Math.min(height - 1, Math.max(...ys)); y++) {
    for (let x = Math.max(0, Math.floor(Math.min(...xs))); x <= Math.min(width - 1, Math.max(...xs)); x++) {
      if (insidePolygon(polygon, x + 0.5, y + 0.5)) rgba.set(colour, (y * width + x) * 4);
    }
  }
}
