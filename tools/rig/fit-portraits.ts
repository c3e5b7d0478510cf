/**
 * Sanity check of the rig fit on real faces: runs MediaPipe facemesh (tools/rig/facemesh-node.ts,
 * hand-given rough face boxes, no detector) on the fixture portraits and prints the fitted pose,
 * residual and the strongest coefficients. The astronaut smiles, so mouthSmileLeft/Right should
 * be clearly high. Until the project's face pipeline exists this is the real-photo check.
 * Run: npx tsx tools/rig/fit-portraits.ts   (MIEN_FIXTURES overrides ../shared/fixtures)
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ARKIT_BLENDSHAPE_NAMES, blendshapeIndex } from '../../src/shared/rig/arkit-names';
import { RigFitter, type RigFitResult } from '../../src/shared/rig/fit/rig-fitter';
import { detectFaceMesh, type FaceBox } from './facemesh-node';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = process.env.MIEN_FIXTURES ?? path.resolve(root, '../shared/fixtures');

const portraits: { name: string; file: string; box: FaceBox }[] = [
  {
    name: 'astronaut (smiling)',
    file: path.join(root, 'tests/fixtures/astronaut.png'),
    box: { centerX: 225, centerY: 115, size: 160 },
  },
  {
    name: 'mona lisa',
    file: path.join(fixtures, 'portraits/painting-mona-lisa.jpg'),
    box: { centerX: 365, centerY: 300, size: 330 },
  },
  {
    name: 'bw man',
    file: path.join(fixtures, 'portraits/photo-bw-man.jpg'),
    box: { centerX: 190, centerY: 170, size: 200 },
  },
  {
    name: 'child painting',
    file: path.join(fixtures, 'portraits/painting-child.jpg'),
    box: { centerX: 360, centerY: 300, size: 420 },
  },
  {
    name: 'render boy',
    file: path.join(fixtures, 'portraits/render-boy.jpg'),
    box: { centerX: 420, centerY: 420, size: 560 },
  },
];

function describeFit(label: string, fit: RigFitResult): void {
  const top = ARKIT_BLENDSHAPE_NAMES.map((name, k) => [name, fit.coefficients[k]!] as const)
    .filter(([, v]) => v > 0.15)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([n, v]) => `${n} ${v.toFixed(2)}`)
    .join(', ');
  const smile = (side: 'Left' | 'Right') => fit.coefficients[blendshapeIndex(`mouthSmile${side}`)]!.toFixed(2);
  const p = fit.pose;
  console.log(
    `  ${label}: mouthSmileLeft ${smile('Left')}, mouthSmileRight ${smile('Right')}, jawOpen ${fit.coefficients[blendshapeIndex('jawOpen')]!.toFixed(2)}; ` +
      `yaw ${p.yawDeg.toFixed(1)} pitch ${p.pitchDeg.toFixed(1)} roll ${p.rollDeg.toFixed(1)}; ` +
      `residual ${(fit.residualRms * 100).toFixed(2)}% of face width (${fit.residualRmsPixels.toFixed(2)} px)\n    strongest: ${top}`,
  );
}

const fitter = new RigFitter();
for (const portrait of portraits) {
  if (!existsSync(portrait.file)) {
    console.log(`${portrait.name}: missing ${portrait.file} (set MIEN_FIXTURES), skipped`);
    continue;
  }
  const { mesh } = await detectFaceMesh(portrait.file, portrait.box);
  console.log(`${portrait.name}:`);
  describeFit('canonical identity', fitter.fit(mesh));
  describeFit('identity modes fitted jointly', fitter.fit(mesh, { fitIdentity: true }));
}
