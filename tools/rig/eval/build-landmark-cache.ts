/**
 * Regenerates tests/fixtures/rig-eval/landmarks.json (see landmark-cache.ts) from the fixtures
 * with the product's face pipeline: videos through the tracker frame by frame (as analyzeVideo
 * does for video import; the cache keeps its unsmoothed landmarks, and checks that the tracker's
 * smoothing re-derived from them gives what the tracker output), portraits through analyzeImage
 * (as photo import does).
 *   npx tsx tools/rig/eval/build-landmark-cache.ts     (MIEN_FIXTURES overrides ../shared/fixtures)
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { analyzeImage } from '../../../src/main/engine/face/analyze-image';
import { createOrtFaceModels } from '../../../src/main/engine/face/ort-face-models';
import { FaceTracker } from '../../../src/main/engine/face/tracker';
import { probeVideo, readVideoFrames } from '../../../src/main/engine/face/video-frames';
import {
  CACHE_FILE,
  encodeSource,
  fixturesDir,
  repoRoot,
  sha256Of,
  smoothLikeTracker,
  type CachedSource,
} from './landmark-cache';

/** Largest difference (px) allowed between the tracker's smoothed landmarks and their re-derivation. */
const SMOOTHING_TOLERANCE = 0.01;

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
    const info = await probeVideo(path.join(fixtures, file));
    const tracker = new FaceTracker(models, { expressions: false });
    const raw: (Float64Array | null)[] = [];
    const smoothed: (Float64Array | null)[] = [];
    const presence: number[] = [];
    for await (const frame of readVideoFrames(path.join(fixtures, file), info)) {
      const tracked = await tracker.track({ data: frame.rgba, width: info.width, height: info.height }, frame.timeMs);
      raw.push(tracked.rawLandmarks ? Float64Array.from(tracked.rawLandmarks) : null);
      smoothed.push(tracked.landmarks);
      presence.push(tracked.landmarks ? Math.max(tracked.presence, 0.001) : 0);
    }
    let worst = 0;
    smoothLikeTracker(raw, info.fps).forEach((derived, t) => {
      for (let j = 0; derived && j < derived.length; j++)
        worst = Math.max(worst, Math.abs(derived[j]! - smoothed[t]![j]!));
    });
    if (worst > SMOOTHING_TOLERANCE) {
      throw new Error(
        `${file}: the tracker's smoothing re-derived from its unsmoothed landmarks is off by ${worst} px`,
      );
    }
    sources.push({
      file,
      sha256: sha256Of(path.join(fixtures, file)),
      kind: 'video',
      fps: info.fps,
      width: info.width,
      height: info.height,
      presence,
      landmarks: smoothed,
      rawLandmarks: raw,
    });
    console.log(
      `${file}: ${presence.filter((p) => p > 0).length}/${raw.length} frames with a face, ${((performance.now() - started) / 1000).toFixed(1)} s`,
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
