/**
 * Regenerates expected/astronaut-landmarks.json from the current pipeline. Run only after checking
 * the overlay it writes (.tmp/face-overlays/astronaut-expected.png) by eye: the stored values are
 * the reference every later run is compared with.
 *   npx tsx tests/integration/face/generate-expected.ts
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { analyzeImage } from '../../../src/main/engine/face/analyze-image';
import { renderOverlayPng } from '../../../src/main/engine/face/overlay';
import { astronaut, astronautPath, expectedPath, loadModels, repoRoot, toRgba } from './face-fixtures';

const models = await loadModels();
const analysis = await analyzeImage(models, await toRgba(astronaut()));
if (!analysis.ok) throw new Error(`No face on the astronaut: ${analysis.message}`);
const face = analysis.faces[0]!;
const round = (v: number) => Math.round(v * 100) / 100;
await writeFile(
  expectedPath,
  JSON.stringify(
    {
      source: 'tests/fixtures/astronaut.png',
      note: 'x, y, z triplets of the 478 landmarks in image pixels; checked by eye against the overlay',
      landmarks: face.landmarks.map(round),
    },
    null,
    0,
  ) + '\n',
);
const overlays = path.join(repoRoot, '.tmp/face-overlays');
await mkdir(overlays, { recursive: true });
await writeFile(path.join(overlays, 'astronaut-expected.png'), await renderOverlayPng(astronautPath, analysis, 2));
await models.dispose();
console.log(`wrote ${expectedPath}`);
