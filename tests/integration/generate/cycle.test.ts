import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeImage } from '../../../src/main/engine/face/analyze-image';
import type { OrtFaceModels } from '../../../src/main/engine/face/ort-face-models';
import { NO_MASKS } from '../../../src/main/engine/generate/generator';
import { fitLandmarksForSource, generatorSource } from '../../../src/main/engine/generate/generator-source';
import { warpGenerator } from '../../../src/main/engine/generate/warp/warp-generator';
import { ARKIT_BLENDSHAPE_NAMES, coefficientsToRecord, RigFitter } from '../../../src/shared/rig';
import { astronaut, expectedPath, loadModels, toRgba } from '../face/face-fixtures';
import { readFileSync } from 'node:fs';

/**
 * The cycle: render the astronaut with an edited rig, run the face pipeline and the rig fit on the
 * render, and read the edit back. The generator must put on the photo what the rig asks for.
 */
const EDIT = { jawOpen: 0.6, mouthSmileLeft: 0.8, mouthSmileRight: 0.8, eyeBlinkLeft: 1, browInnerUp: 0.7 } as const;
const YAW = 10;

describe('generator cycle on the astronaut', () => {
  let models: OrtFaceModels;
  beforeAll(async () => {
    models = await loadModels();
  });
  afterAll(async () => {
    await models?.dispose();
  });

  it('renders jawOpen, smile, a left blink, raised inner brows and yaw 10°, and the fit reads them back', async () => {
    const photo = await toRgba(astronaut());
    const landmarks = (JSON.parse(readFileSync(expectedPath, 'utf8')) as { landmarks: number[] }).landmarks;
    const fit = fitLandmarksForSource(landmarks);
    const source = generatorSource('astronaut', { ...photo, data: new Uint8Array(photo.data) }, landmarks, photo.width, fit);
    const prepared = warpGenerator.prepare(source);
    const target = {
      coefficients: { ...coefficientsToRecord(fit.coefficients), ...EDIT },
      head: { yawDeg: YAW, pitchDeg: fit.pose.pitchDeg, rollDeg: fit.pose.rollDeg },
    };
    const frame = warpGenerator.render(prepared, target, {}, NO_MASKS, { kind: 'full' });
    expect(frame.report.capped).toEqual([]);
    expect([frame.image.width, frame.image.height]).toEqual([photo.width, photo.height]);
    if (process.env.MIEN_KEEP_RENDERS) {
      await sharp(frame.image.data, { raw: { width: photo.width, height: photo.height, channels: 4 } })
        .png()
        .toFile('.tmp/cycle-render.png');
    }

    const analysis = await analyzeImage(models, frame.image, { expressions: false, descriptor: false });
    expect(analysis.ok).toBe(true);
    if (!analysis.ok) return;
    // The render is of the same person: fit it with the photo's identity held, as the engine fits
    // video frames of a known face. A fresh identity fit on one image cannot tell a closed eye or
    // raised brows from proportions (identity modes and per-point detail absorb them), which
    // would measure the fitter's ambiguity, not the generator.
    const recovered = new RigFitter().fit(Float32Array.from(analysis.faces[analysis.chosenIndex]!.landmarks), {
      identity: {
        modes: Float32Array.from(fit.identityModes),
        detail: fit.identityDetail ? Float32Array.from(fit.identityDetail) : null,
      },
    });
    const read = coefficientsToRecord(recovered.coefficients);
    const errors = Object.entries(EDIT).map(([name, wanted]) => ({
      name,
      wanted,
      read: read[name as keyof typeof read],
      error: Math.abs(read[name as keyof typeof read] - wanted),
    }));
    const yawError = Math.abs(recovered.pose.yawDeg - YAW);
    console.info(
      `cycle: ${errors.map((e) => `${e.name} ${e.wanted} -> ${e.read.toFixed(2)}`).join(', ')}; yaw ${YAW} -> ${recovered.pose.yawDeg.toFixed(1)}`,
    );
    for (const e of errors) expect(e.error, `${e.name}: wanted ${e.wanted}, read ${e.read.toFixed(3)}`).toBeLessThan(0.15);
    expect(yawError).toBeLessThan(3);
    // Nothing else the rig can see changed much either (the edit did not leak into other shapes).
    const fitted = coefficientsToRecord(fit.coefficients);
    const leaks = ARKIT_BLENDSHAPE_NAMES.filter((name) => !(name in EDIT))
      .map((name) => ({ name, change: read[name] - fitted[name] }))
      .filter((leak) => Math.abs(leak.change) > 0.3);
    console.info(`cycle: other shapes that moved over 0.3: ${JSON.stringify(leaks)}`);
  }, 60_000);
});
