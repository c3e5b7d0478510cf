import sharp from 'sharp';
import path from 'node:path';
import { analyzeImage } from '../../src/main/engine/face/analyze-image';
import { createOrtFaceModels } from '../../src/main/engine/face/ort-face-models';
import { NO_MASKS } from '../../src/main/engine/generate/generator';
import { fitLandmarksForSource, generatorSource } from '../../src/main/engine/generate/generator-source';
import { warpGenerator } from '../../src/main/engine/generate/warp/warp-generator';
import { coefficientsToRecord } from '../../src/shared/rig';
import { repoRoot, ASTRONAUT_IMAGE, astronautLandmarks } from '../rig/portrait-landmarks';
const models = await createOrtFaceModels({ modelsDir: path.join(repoRoot, 'resources/models') });
const { data, info } = await sharp(ASTRONAUT_IMAGE).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
const lm = astronautLandmarks();
const fit = fitLandmarksForSource(lm);
const src = generatorSource('a', { data: new Uint8Array(data), width: info.width, height: info.height }, lm, info.width, fit);
const prep = warpGenerator.prepare(src);
for (const yaw of [-10, 10, 20]) {
  const target = { coefficients: coefficientsToRecord(fit.coefficients), head: { yawDeg: yaw, pitchDeg: fit.pose.pitchDeg, rollDeg: fit.pose.rollDeg } };
  const frame = warpGenerator.render(prep, target, {}, NO_MASKS, { kind: 'full' });
  const a = await analyzeImage(models, frame.image, { expressions: false, descriptor: false });
  if (!a.ok) continue;
  const rf = fitLandmarksForSource(a.faces[0]!.landmarks);
  console.log('yaw', yaw, 'read', rf.pose.yawDeg.toFixed(1), 'pipeline pose', JSON.stringify(a.faces[0]!.pose));
}
await models.dispose();
