/**
 * Regenerates tests/fixtures/rig-eval/landmarks.json (see landmark-cache.ts) from the fixtures
 * with the product's face pipeline: videos through the tracker (analyzeVideo, as video import
 * does), portraits through analyzeImage (as photo import does).
 *   npx tsx tools/rig/eval/build-landmark-cache.ts     (MIEN_FIXTURES overrides ../shared/fixtures)
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { analyzeImage } from '../../../src/main/engine/face/analyze-image';
import { analyzeVideo } from '../../../src/main/engine/face/analyze-video';
import { createOrtFaceModels } from '../../../src/main/engine/face/ort-face-models';
import { CACHE_FILE, encodeSource, fixturesDir, repoRoot, sha256Of, type CachedSource } from './landmark-cache';

export const CACHED_VIDEOS = [
  'driving/smile-grimace-78f.mp4',
  'driving/talking-354f.mp4',
  'driving/child-talking-225f.mp4',
];
export const CACHED_PHOTOS = [
  'portraits/astronaut.png',
  'portraits/painting-child.jpg',
  'portraits/painting-mona-lisa.jpg',
  'portraits/photo-bw-man.jpg',
  'portraits/render-boy.jpg',
];

const fixtures = fixturesDir();
for (const file of [...CACHED_VIDEOS, ...CACHED_PHOTOS]) {
  if (!existsSync(path.join(fixtures, file))) {
    console.error(`Missing fixture ${path.join(fixtures, file)}: set MIEN_FIXTURES to the fixtures folder.`);
    process.exit(1);
  }
}
const models = await createOrtFaceModels({ modelsDir: path.join(repoRoot, 'resources/models') });
const sources: CachedSource[] = [];
try {
  for (const file of CACHED_VIDEOS) {
    const started = performance.now();
    const analysis = await analyzeVideo(models, path.join(fixtures, file));
    sources.push({
      file,
      sha256: sha256Of(path.join(fixtures, file)),
      kind: 'video',
      fps: analysis.fps,
      width: analysis.width,
      height: analysis.height,
      presence: analysis.frames.map((f) => (f.landmarks ? Math.max(f.presence, 0.001) : 0)),
      landmarks: analysis.frames.map((f) => (f.landmarks ? Float64Array.from(f.landmarks) : null)),
    });
    console.log(
      `${file}: ${analysis.counters.framesWithFace}/${analysis.frames.length} frames with a face, ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  for (const file of CACHED_PHOTOS) {
    const { data, info } = await sharp(path.join(fixtures, file))
      .rotate()
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const analysis = await analyzeImage(
      models,
      { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height },
      { expressions: false, descriptor: false },
    );
    const face = analysis.ok ? analysis.faces[analysis.chosenIndex]! : null;
    sources.push({
      file,
      sha256: sha256Of(path.join(fixtures, file)),
      kind: 'photo',
      fps: null,
      width: info.width,
      height: info.height,
      presence: [face ? Math.max(face.presence, 0.001) : 0],
      landmarks: [face ? Float64Array.from(face.landmarks) : null],
    });
    console.log(
      `${file}: ${face ? `face, presence ${face.presence.toFixed(3)}` : (analysis as { message: string }).message}`,
    );
  }
} finally {
  await models.dispose();
}
writeFileSync(
  CACHE_FILE,
  JSON.stringify(
    { generatedBy: 'npx tsx tools/rig/eval/build-landmark-cache.ts', sources: sources.map(encodeSource) },
    null,
    1,
  ) + '\n',
);
console.log(`wrote ${path.relative(repoRoot, CACHE_FILE)}`);
