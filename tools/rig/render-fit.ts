/**
 * Visual check of the rig fit on real faces: for the astronaut (face pipeline reference
 * landmarks) and the fixture portraits, fits the rig as the app does for a photo (identity
 * modes and expressions, fit-sheet.ts) and writes one sheet per face to .tmp/rig-fit/
 * (git-ignored): photo with landmarks and the fitted mesh projected, the fitted 3D mesh front,
 * side and mouth close-up, the strongest coefficients.
 * Run: npx tsx tools/rig/render-fit.ts [outDir]   (MIEN_FIXTURES overrides ../shared/fixtures)
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { RigFitter } from '../../src/shared/rig/fit/rig-fitter';
import { renderFitSheet } from './fit-sheet';
import { loadPortraitLandmarks, repoRoot } from './portrait-landmarks';

const outDir = path.resolve(process.argv[2] ?? path.join(repoRoot, '.tmp/rig-fit'));
await mkdir(outDir, { recursive: true });
const fitter = new RigFitter();
for (const portrait of await loadPortraitLandmarks()) {
  const fit = fitter.fit(portrait.landmarks, { fitIdentity: true });
  const file = path.join(outDir, `${portrait.name}.png`);
  await renderFitSheet(portrait.image, portrait.landmarks, fit, `${portrait.name} (${portrait.expect})`, file);
  console.log(`wrote ${file}`);
}
