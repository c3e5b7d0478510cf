/**
 * Sanity check of the rig fit on real faces: the astronaut (the face pipeline's reference
 * landmarks) and the fixture portraits (through the product's face pipeline, 478 points with
 * iris; portrait-landmarks.ts). Prints, per face and for the canonical identity and the photo fit
 * the app uses (identity modes + expressions): pose, residual, the number of saturated
 * coefficients, any antagonist pair with both shapes on, and every coefficient >= 0.05.
 * Run: npx tsx tools/rig/fit-portraits.ts   (MIEN_FIXTURES overrides ../shared/fixtures)
 */
import { ARKIT_BLENDSHAPE_NAMES, blendshapeIndex } from '../../src/shared/rig/arkit-names';
import { EXCLUSIVE_PAIRS } from '../../src/shared/rig/fit/fit-priors';
import { RigFitter, type RigFitResult } from '../../src/shared/rig/fit/rig-fitter';
import { IDENTITY_MODE_NAMES } from '../../src/shared/rig/identity-basis';
import { loadPortraitLandmarks } from './portrait-landmarks';

const GAZE_PAIRS = (['Left', 'Right'] as const).flatMap((side) => [
  [`eyeLookIn${side}`, `eyeLookOut${side}`],
  [`eyeLookUp${side}`, `eyeLookDown${side}`],
]);

function describeFit(label: string, fit: RigFitResult, withModes: boolean): void {
  const c = fit.coefficients;
  const active = ARKIT_BLENDSHAPE_NAMES.map((name, k) => [name, c[k]!] as const)
    .filter(([, v]) => v >= 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(([n, v]) => `${n} ${v.toFixed(2)}`)
    .join(', ');
  const both = [...EXCLUSIVE_PAIRS, ...GAZE_PAIRS]
    .filter(([a, b]) => Math.min(c[blendshapeIndex(a)]!, c[blendshapeIndex(b)]!) >= 0.1)
    .map(([a, b]) => `${a}+${b}`);
  const p = fit.pose;
  console.log(
    `  ${label}: yaw ${p.yawDeg.toFixed(1)} pitch ${p.pitchDeg.toFixed(1)} roll ${p.rollDeg.toFixed(1)}; ` +
      `residual ${(fit.residualRms * 100).toFixed(2)}% of face width (${fit.residualRmsPixels.toFixed(2)} px); ` +
      `${Array.from(c).filter((v) => v >= 0.95).length} at >= 0.95; antagonists both on: ${both.length ? both.join(', ') : 'none'}\n    ${active}`,
  );
  if (withModes) {
    const modes = IDENTITY_MODE_NAMES.map((name, m) => `${name} ${fit.identity.modes[m]!.toFixed(2)}`).join(', ');
    console.log(`    identity modes: ${modes}`);
  }
}

const fitter = new RigFitter();
for (const portrait of await loadPortraitLandmarks()) {
  console.log(`${portrait.name} (${portrait.expect}):`);
  describeFit('canonical identity', fitter.fit(portrait.landmarks), false);
  describeFit('photo fit (identity + expressions)', fitter.fit(portrait.landmarks, { fitIdentity: true }), true);
}
