import { describe, expect, it } from 'vitest';
import { analyzeImage } from '../../../src/main/engine/face/analyze-image';
import type { FaceModels } from '../../../src/main/engine/face/face-models';

/**
 * A scripted stand-in for the five models (test double only): one detection in the middle of a
 * 256x256 image and a mesh whose presence and cheek depths the test chooses, to check the
 * pipeline's decisions without depending on what a real photo makes the networks say.
 */
function scriptedModels(options: { presence: number; cheekDepth: number; faceSide?: number }): FaceModels {
  const side = options.faceSide ?? 100;
  return {
    layouts: { detector: 'nhwc', mesh: 'nhwc', iris: 'nhwc', emotion: 'nhwc', descriptor: 'nhwc' },
    async detect() {
      const logits = new Float32Array(896).fill(-10);
      const regressors = new Float32Array(896 * 16);
      logits[0] = 5; // anchor 0 sits at (8, 8) of the 256 px input
      regressors.set([120, 120, side, side, 100, 100, 140, 100, 120, 120, 120, 140, 90, 110, 150, 110], 0);
      return { logits, regressors };
    },
    async mesh() {
      const points = new Float32Array(468 * 3);
      for (let i = 0; i < 468; i++) points.set([60 + (i % 70), 50 + (i % 90), 0], 3 * i);
      points.set([60, 80, 0], 3 * 33);
      points.set([132, 80, 0], 3 * 263);
      points.set([40, 100, -options.cheekDepth], 3 * 234);
      points.set([150, 100, options.cheekDepth], 3 * 454);
      return { points, presence: new Float32Array([options.presence]) };
    },
    async iris(_input, batch) {
      return new Float32Array(228 * batch).fill(32);
    },
    async emotion() {
      return new Float32Array(7).fill(1 / 7);
    },
    async descriptor() {
      return new Float32Array(1024).fill(0.5);
    },
    async dispose() {},
  };
}

const grey = { data: new Uint8Array(256 * 256 * 4).fill(128), width: 256, height: 256 };
const PROFILE = 'Face is in profile; Mien needs a face turned less than about 60°';

describe('analyzeImage decisions', () => {
  it('fits a frontal face and reports its expressions and descriptor', async () => {
    const analysis = await analyzeImage(scriptedModels({ presence: 0.95, cheekDepth: 0 }), grey);
    expect(analysis.ok).toBe(true);
    if (!analysis.ok) return;
    expect(analysis.faces[0]!.landmarks).toHaveLength(1434);
    expect(analysis.faces[0]!.expressions!.happy).toBeCloseTo(1 / 7, 6);
    expect(analysis.faces[0]!.descriptor).toHaveLength(1024);
  });

  it('fits a frontal face the mesh is unsure of, flagged as not looking human instead of called a profile', async () => {
    // A frontal dog or a cartoon: the mesh finds something face-like (presence 0.35) looking straight on.
    const analysis = await analyzeImage(scriptedModels({ presence: 0.35, cheekDepth: 0 }), grey);
    expect(analysis.ok).toBe(true);
    if (!analysis.ok) return;
    expect(analysis.faces[0]!.likelyHuman).toBe(false);
    expect(analysis.faces[0]!.landmarks).toHaveLength(1434);
  });

  it('still calls a face turned beyond 60 degrees with a middling presence a profile', async () => {
    const analysis = await analyzeImage(scriptedModels({ presence: 0.35, cheekDepth: 150 }), grey);
    expect(analysis).toMatchObject({ ok: false, reason: 'profile', message: PROFILE });
  });

  it('rejects a face turned beyond 60 degrees as a profile', async () => {
    // Cheeks 110 crop px apart with 300 px of depth between them: yaw = atan2(300, 110), about 70 degrees.
    const analysis = await analyzeImage(scriptedModels({ presence: 0.95, cheekDepth: 150 }), grey);
    expect(analysis).toMatchObject({ ok: false, reason: 'profile', message: PROFILE });
  });

  it('drops a detection the mesh sees no face in at all', async () => {
    const analysis = await analyzeImage(scriptedModels({ presence: 0.05, cheekDepth: 0 }), grey);
    expect(analysis).toMatchObject({ ok: false, reason: 'no_face', message: 'No face found' });
  });

  it('never says a face is too small with the size it needs', async () => {
    // 47.6 px rounds to 48; the message must not read "48 px (needs at least 48 px)".
    const analysis = await analyzeImage(scriptedModels({ presence: 0.95, cheekDepth: 0, faceSide: 47.6 }), grey);
    expect(analysis).toMatchObject({ ok: false, message: 'Face too small: 47 px (needs at least 48 px)' });
  });

  it('reports a small face with its size', async () => {
    const analysis = await analyzeImage(scriptedModels({ presence: 0.95, cheekDepth: 0, faceSide: 31 }), grey);
    expect(analysis).toMatchObject({
      ok: false,
      reason: 'face_too_small',
      message: 'Face too small: 31 px (needs at least 48 px)',
    });
  });
});
