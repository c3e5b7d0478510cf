/**
 * Identity and an independent expression check of the built-in generator over the fixture
 * portraits, every edit of EDIT_CASES and every built-in preset, rendered at full resolution and
 * run through the face pipeline again:
 * - identity: cosine similarity of the pipeline's face descriptor (faceres) between the photo and
 *   each render (the issue asks >= 0.8);
 * - independent of the rig (neither the rig's shapes nor its fitter are used to read the render):
 *   (a) the pipeline's expression classifier (a separate CNN on the face crop): how the
 *       probabilities of happy / surprise / neutral move from the photo to the render;
 *   (b) raw-landmark geometry: mouth opening (inner lip gap / mouth width) and eye opening
 *       (lid gap / eye width) as the generator meant to draw them (its target mesh) against what
 *       the landmark model measures on the render.
 * npx tsx tools/generate/quality-check.ts   (MIEN_FIXTURES overrides ../shared/fixtures)
 */
import path from 'node:path';
import sharp from 'sharp';
import { analyzeImage } from '../../src/main/engine/face/analyze-image';
import { createOrtFaceModels } from '../../src/main/engine/face/ort-face-models';
import { NO_MASKS } from '../../src/main/engine/generate/generator';
import { warpGenerator } from '../../src/main/engine/generate/warp/warp-generator';
import { BUILT_IN_PRESETS, builtInPreset, coefficientsToRecord } from '../../src/shared/rig';
import { loadPortraitLandmarks, repoRoot } from '../rig/portrait-landmarks';
import { EDIT_CASES, fitOf, sourceFromPhoto, type EditCase } from './edit-cases';

const models = await createOrtFaceModels({ modelsDir: path.join(repoRoot, 'resources/models') });
const cases: EditCase[] = [
  ...EDIT_CASES.filter((c) => c.id !== 'photo'),
  ...BUILT_IN_PRESETS.filter((p) => !['neutral', 'smile', 'surprise'].includes(p.id)).map((p) => ({
    id: `preset:${p.id}`,
    label: p.label,
    target: (fit: Parameters<EditCase['target']>[0]) => ({
      coefficients: {
        ...Object.fromEntries(Object.keys(coefficientsToRecord(fit.coefficients)).map((n) => [n, 0])),
        ...builtInPreset(p.id).coefficients,
      } as ReturnType<EditCase['target']>['coefficients'],
      head: { yawDeg: fit.pose.yawDeg, pitchDeg: fit.pose.pitchDeg, rollDeg: fit.pose.rollDeg },
    }),
  })),
];

const cosine = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! ** 2;
    nb += b[i]! ** 2;
  }
  return dot / Math.sqrt(na * nb);
};
const gap = (p: ArrayLike<number>, a: number, b: number) =>
  Math.hypot(p[a * 3]! - p[b * 3]!, p[a * 3 + 1]! - p[b * 3 + 1]!);
const mouthOpening = (p: ArrayLike<number>) => gap(p, 13, 14) / gap(p, 78, 308);
const eyeOpening = (p: ArrayLike<number>) =>
  (gap(p, 159, 145) / gap(p, 33, 133) + gap(p, 386, 374) / gap(p, 263, 362)) / 2;

const similarities: number[] = [];
const geometry: Array<{ what: string; intended: number; measured: number }> = [];
for (const portrait of await loadPortraitLandmarks()) {
  const source = await sourceFromPhoto(portrait.image, portrait.landmarks);
  const prepared = warpGenerator.prepare(source);
  const photo = await analyzeImage(models, source.image);
  if (!photo.ok) throw new Error(`${portrait.name}: ${photo.message}`);
  const photoFace = photo.faces[photo.chosenIndex]!;
  const ex = (e: Record<string, number> | null) =>
    e ? `happy ${e.happy!.toFixed(2)} surprise ${e.surprise!.toFixed(2)} neutral ${e.neutral!.toFixed(2)}` : '-';
  console.log(`\n${portrait.name}: photo ${ex(photoFace.expressions)}`);
  for (const edit of cases) {
    const frame = warpGenerator.render(prepared, edit.target(fitOf(source)), {}, NO_MASKS, { kind: 'full' });
    const intended = Float32Array.from(prepared.target.subarray(0, 478 * 3));
    const analysis = await analyzeImage(models, frame.image);
    if (!analysis.ok) {
      console.log(`  ${edit.id.padEnd(18)} no face found on the render: ${analysis.message}`);
      continue;
    }
    const face = analysis.faces[analysis.chosenIndex]!;
    const similarity = cosine(photoFace.descriptor!, face.descriptor!);
    similarities.push(similarity);
    const mouth = { intended: mouthOpening(intended), measured: mouthOpening(face.landmarks) };
    const eyes = { intended: eyeOpening(intended), measured: eyeOpening(face.landmarks) };
    geometry.push({ what: 'mouth', ...mouth }, { what: 'eyes', ...eyes });
    console.log(
      `  ${edit.id.padEnd(18)} identity ${similarity.toFixed(3)}  ${ex(face.expressions)}  mouth open ${mouth.intended.toFixed(2)}→${mouth.measured.toFixed(2)}  eyes open ${eyes.intended.toFixed(2)}→${eyes.measured.toFixed(2)}`,
    );
    if (process.env.MIEN_KEEP_RENDERS) {
      await sharp(frame.image.data, { raw: { width: frame.image.width, height: frame.image.height, channels: 4 } })
        .png()
        .toFile(path.join(repoRoot, `.tmp/generate/${portrait.name}-${edit.id.replace(':', '-')}.png`));
    }
  }
}
await models.dispose();
const sorted = [...similarities].sort((a, b) => a - b);
const q = (f: number) => sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))]!.toFixed(3);
console.log(
  `\nidentity over ${sorted.length} renders: min ${q(0)}, p10 ${q(0.1)}, median ${q(0.5)}, max ${q(1)}; below 0.8: ${sorted.filter((s) => s < 0.8).length}`,
);
for (const what of ['mouth', 'eyes']) {
  const rows = geometry.filter((g) => g.what === what);
  const meanAbs = rows.reduce((s, g) => s + Math.abs(g.measured - g.intended), 0) / rows.length;
  const bias = rows.reduce((s, g) => s + (g.measured - g.intended), 0) / rows.length;
  console.log(
    `${what} opening: mean |measured - intended| ${meanAbs.toFixed(3)}, mean bias ${bias.toFixed(3)} (${rows.length} renders)`,
  );
}
