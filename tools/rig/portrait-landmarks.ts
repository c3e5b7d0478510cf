/**
 * Landmarks of real faces for the rig's offline checks (fit-portraits.ts, render-fit.ts): the
 * astronaut from the face pipeline's committed reference (the same numbers the unit test
 * tests/unit/rig/real-face.test.ts fits), the other fixture portraits through the product's
 * face pipeline (src/main/engine/face, ONNX models in resources/models; 478 points with iris).
 * MIEN_FIXTURES overrides ../shared/fixtures; missing portraits are skipped with a note.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { analyzeImage } from '../../src/main/engine/face/analyze-image';
import { createOrtFaceModels } from '../../src/main/engine/face/ort-face-models';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = process.env.MIEN_FIXTURES ?? path.resolve(repoRoot, '../shared/fixtures');

export interface PortraitLandmarks {
  name: string;
  /** what a plausible fit should show, for the reader of the printout */
  expect: string;
  image: string;
  /** 478 x (x, y, z), image pixels */
  landmarks: Float64Array;
}

const PORTRAITS = [
  { name: 'painting-child', file: 'portraits/painting-child.jpg', expect: 'neutral, looking at the viewer' },
  { name: 'mona-lisa', file: 'portraits/painting-mona-lisa.jpg', expect: 'faint smile, head turned, eyes to her left' },
  { name: 'bw-man', file: 'portraits/photo-bw-man.jpg', expect: 'neutral, head turned a little' },
  { name: 'render-boy', file: 'portraits/render-boy.jpg', expect: 'neutral, cartoon proportions (big eyes)' },
];

export const ASTRONAUT_IMAGE = path.join(repoRoot, 'tests/fixtures/astronaut.png');
export const ASTRONAUT_LANDMARKS = path.join(repoRoot, 'tests/integration/face/expected/astronaut-landmarks.json');

export function astronautLandmarks(): Float64Array {
  return Float64Array.from(
    (JSON.parse(readFileSync(ASTRONAUT_LANDMARKS, 'utf8')) as { landmarks: number[] }).landmarks,
  );
}

export async function loadPortraitLandmarks(): Promise<PortraitLandmarks[]> {
  const out: PortraitLandmarks[] = [
    {
      name: 'astronaut',
      expect: 'broad smile, teeth showing',
      image: ASTRONAUT_IMAGE,
      landmarks: astronautLandmarks(),
    },
  ];
  const models = await createOrtFaceModels({ modelsDir: path.join(repoRoot, 'resources/models') });
  try {
    for (const portrait of PORTRAITS) {
      const file = path.join(fixtures, portrait.file);
      if (!existsSync(file)) {
        console.log(`${portrait.name}: missing ${file} (set MIEN_FIXTURES), skipped`);
        continue;
      }
      const { data, info } = await sharp(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      const rgba = { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height }; // prettier-ignore
      const analysis = await analyzeImage(models, rgba);
      if (!analysis.ok) {
        console.log(`${portrait.name}: ${analysis.message}, skipped`);
        continue;
      }
      const face = analysis.faces[analysis.chosenIndex]!;
      out.push({
        name: portrait.name,
        expect: portrait.expect,
        image: file,
        landmarks: Float64Array.from(face.landmarks),
      });
    }
  } finally {
    await models.dispose();
  }
  return out;
}
