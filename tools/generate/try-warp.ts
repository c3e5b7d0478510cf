import sharp from 'sharp';
import { mkdirSync } from 'node:fs';
import { astronautLandmarks, ASTRONAUT_IMAGE } from '../rig/portrait-landmarks';
import { fitLandmarksForSource, generatorSource } from '../../src/main/engine/generate/generator-source';
import { warpGenerator } from '../../src/main/engine/generate/warp/warp-generator';
import { NO_MASKS } from '../../src/main/engine/generate/generator';
import { coefficientsToRecord } from '../../src/shared/rig';

const { data, info } = await sharp(ASTRONAUT_IMAGE).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
const landmarks = astronautLandmarks();
const fit = fitLandmarksForSource(landmarks);
const source = generatorSource(
  'a',
  { data: new Uint8Array(data), width: info.width, height: info.height },
  landmarks,
  info.width,
  fit,
);
const prepared = warpGenerator.prepare(source);
const base = coefficientsToRecord(fit.coefficients);
const head = { yawDeg: fit.pose.yawDeg, pitchDeg: fit.pose.pitchDeg, rollDeg: fit.pose.rollDeg };
console.log('fit head', head);
const cases: Record<string, { c?: Record<string, number>; h?: Partial<typeof head> }> = {
  same: {},
  jaw: { c: { jawOpen: 0.6 } },
  blink: { c: { eyeBlinkLeft: 1, eyeBlinkRight: 1 } },
  lookLeft: { c: { eyeLookOutLeft: 1, eyeLookInRight: 1 } },
  yaw15: { h: { yawDeg: 15 } },
  cycle: {
    c: { jawOpen: 0.6, mouthSmileLeft: 0.8, mouthSmileRight: 0.8, eyeBlinkLeft: 1, browInnerUp: 0.7 },
    h: { yawDeg: 10 },
  },
};
mkdirSync('.tmp/warp', { recursive: true });
for (const [name, spec] of Object.entries(cases)) {
  const t0 = performance.now();
  const frame = warpGenerator.render(
    prepared,
    { coefficients: { ...base, ...spec.c }, head: { ...head, ...spec.h } },
    {},
    NO_MASKS,
    { kind: 'preview', maxSide: 512 },
  );
  const ms = performance.now() - t0;
  console.log(name, frame.image.width, frame.image.height, ms.toFixed(1), 'ms', JSON.stringify(frame.report.capped));
  await sharp(frame.image.data, { raw: { width: frame.image.width, height: frame.image.height, channels: 4 } })
    .png()
    .toFile(`.tmp/warp/${name}.png`);
}
