import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Asset, Job, RigPreset, RigState } from '../../../src/shared/api';
import { ARKIT_BLENDSHAPE_NAMES, blendshapeIndex, synthesizeLandmarks } from '../../../src/shared/rig';
import { apiErrorOf, startEngine, type Harness } from '../engine/engine-harness';

/** A plain grey photo: the rig API does not look at pixels, only at the stored face rows. */
async function importPortrait(h: Harness, projectId: string, name = 'portrait.png'): Promise<Asset> {
  const bytes = await sharp({ create: { width: 640, height: 800, channels: 3, background: '#808080' } })
    .png()
    .toBuffer();
  const job = Job.parse(await h.call('assets.importBytes', { projectId, fileName: name, bytes }));
  expect((await h.waitForJob(job.id)).state).toBe('succeeded');
  const assets = await h.call('assets.list', { projectId });
  return Asset.parse(assets.find((asset) => asset.originalName === name));
}

/** Writes a face row as the face pipeline would (Float32 x, y, z in working-image pixels). */
function storeFace(dataDir: string, assetId: string, landmarks: ArrayLike<number>): void {
  const db = new Database(path.join(dataDir, 'mien.sqlite'));
  try {
    db.prepare(
      `INSERT INTO faces (id, asset_id, frame_index, face_index, detector, bbox_json, score, landmarks, landmark_count, created_at)
       VALUES (?, ?, NULL, 0, 'synthetic', '{}', 1, ?, ?, ?)`,
    ).run(randomUUID(), assetId, Buffer.from(Float32Array.from(landmarks).buffer), landmarks.length / 3, Date.now());
  } finally {
    db.close();
  }
}

describe('rig API', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startEngine();
  });
  afterEach(async () => {
    await h?.close();
  });

  it('gives an unanalysed photo the canonical face at rest, and says why', async () => {
    const project = await h.call('projects.create', { name: 'Canonical' });
    const asset = await importPortrait(h, project.id);
    const state = RigState.parse(await h.call('rig.get', { assetId: asset.id }));
    expect(state.fit).toBeNull();
    expect(state.identityNeutral).toBeNull();
    expect(state.fitMissingReason).toMatch(/not been analysed/);
    expect(Object.values(state.coefficients)).toEqual(new Array(52).fill(0));
    expect(state.head).toEqual({ yawDeg: 0, pitchDeg: 0, rollDeg: 0 });
    expect(state.edited).toBe(false);
  });

  it('clamps edits, says what it clamped, and keeps them across a restart', async () => {
    const project = await h.call('projects.create', { name: 'Edits' });
    const asset = await importPortrait(h, project.id);
    const result = await h.call('rig.setCoefficients', {
      assetId: asset.id,
      coefficients: { jawOpen: 1.4, mouthSmileLeft: 0.25, browInnerUp: -0.2 },
      head: { yawDeg: 80 },
    });
    expect(result.coefficients.jawOpen).toBe(1);
    expect(result.coefficients.mouthSmileLeft).toBeCloseTo(0.25, 6);
    expect(result.coefficients.browInnerUp).toBe(0);
    expect(result.head).toEqual({ yawDeg: 45, pitchDeg: 0, rollDeg: 0 });
    expect(result.clamped).toEqual(
      expect.arrayContaining([
        { name: 'jawOpen', given: 1.4, used: 1 },
        { name: 'browInnerUp', given: -0.2, used: 0 },
        { name: 'yawDeg', given: 80, used: 45 },
      ]),
    );
    expect(result.clamped).toHaveLength(3);

    // A second partial edit keeps the first one's values.
    await h.call('rig.setCoefficients', { assetId: asset.id, coefficients: { eyeBlinkLeft: 0.5 } });

    const dataDir = h.dataDir;
    await h.engine.close();
    const reopened = await startEngine({ dataDir });
    try {
      const state = RigState.parse(await reopened.call('rig.get', { assetId: asset.id }));
      expect(state.edited).toBe(true);
      expect(state.coefficients.jawOpen).toBe(1);
      expect(state.coefficients.mouthSmileLeft).toBeCloseTo(0.25, 6);
      expect(state.coefficients.eyeBlinkLeft).toBeCloseTo(0.5, 6);
      expect(state.head.yawDeg).toBe(45);
    } finally {
      await reopened.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    h = null as unknown as Harness;
  });

  it('fits the rig to stored landmarks once and serves the person and the expression', async () => {
    const project = await h.call('projects.create', { name: 'Fitted' });
    const asset = await importPortrait(h, project.id);
    const truth = new Float32Array(52);
    truth[blendshapeIndex('jawOpen')] = 0.6;
    truth[blendshapeIndex('mouthSmileLeft')] = 0.5;
    truth[blendshapeIndex('mouthSmileRight')] = 0.5;
    const pose = { yawDeg: 12, pitchDeg: -5, rollDeg: 4, tx: 320, ty: 420, tz: 0, scale: 300 };
    storeFace(h.dataDir, asset.id, synthesizeLandmarks(truth, pose));

    const state = RigState.parse(await h.call('rig.get', { assetId: asset.id }));
    expect(state.fit).not.toBeNull();
    const fit = state.fit!;
    expect(fit.pose.yawDeg).toBeCloseTo(12, 0);
    expect(fit.pose.rollDeg).toBeCloseTo(4, 0);
    expect(fit.pose.scale).toBeGreaterThan(270);
    expect(fit.pose.scale).toBeLessThan(330);
    expect(fit.coefficients.jawOpen).toBeGreaterThan(0.45);
    expect(fit.coefficients.mouthSmileLeft).toBeGreaterThan(0.3);
    expect(fit.residualRmsPixels).toBeLessThan(2);
    expect([fit.imageWidth, fit.imageHeight]).toEqual([640, 800]);
    // Not edited yet: the rig in use is the photo's own expression and head.
    expect(state.coefficients).toEqual(fit.coefficients);
    expect(state.head.yawDeg).toBeCloseTo(fit.pose.yawDeg, 6);
    expect(state.identityNeutral).toHaveLength(478 * 3);

    // The fit is cached next to the landmarks: a second get returns the same numbers.
    const again = RigState.parse(await h.call('rig.get', { assetId: asset.id }));
    expect(again.fit).toEqual(state.fit);

    // Editing one slider keeps the rest of the fitted expression.
    const edited = await h.call('rig.setCoefficients', { assetId: asset.id, coefficients: { jawOpen: 0 } });
    expect(edited.coefficients.jawOpen).toBe(0);
    expect(edited.coefficients.mouthSmileLeft).toBeCloseTo(fit.coefficients.mouthSmileLeft, 6);
  });

  it('saves, lists and deletes user presets per project, refusing duplicate names', async () => {
    const project = await h.call('projects.create', { name: 'Presets' });
    const other = await h.call('projects.create', { name: 'Other' });
    const saved = await h.call('presets.save', {
      projectId: project.id,
      name: '  Big grin ',
      coefficients: { mouthSmileLeft: 1.2, mouthSmileRight: 0.9 },
    });
    const preset = RigPreset.parse(saved.preset);
    expect(preset.name).toBe('Big grin');
    expect(preset.coefficients.mouthSmileLeft).toBe(1);
    expect(preset.coefficients.jawOpen).toBe(0);
    expect(Object.keys(preset.coefficients)).toHaveLength(ARKIT_BLENDSHAPE_NAMES.length);
    expect(saved.clamped).toEqual([{ name: 'mouthSmileLeft', given: 1.2, used: 1 }]);

    const duplicate = await apiErrorOf(
      h.call('presets.save', { projectId: project.id, name: 'Big grin', coefficients: {} }),
    );
    expect(duplicate.code).toBe('conflict');
    expect(duplicate.message).toBe('There is already a preset named “Big grin”.');
    // Case and surrounding spaces do not make a name new; a built-in expression's name is refused too.
    const sameButCase = await apiErrorOf(
      h.call('presets.save', { projectId: project.id, name: ' BIG GRIN', coefficients: {} }),
    );
    expect(sameButCase).toMatchObject({ code: 'conflict', message: 'There is already a preset named “Big grin”.' });
    const builtIn = await apiErrorOf(
      h.call('presets.save', { projectId: project.id, name: 'smile ', coefficients: {} }),
    );
    expect(builtIn).toMatchObject({
      code: 'conflict',
      message: '“Smile” is a built-in expression; choose another name.',
    });

    expect((await h.call('presets.list', { projectId: project.id })).map((p) => p.name)).toEqual(['Big grin']);
    expect(await h.call('presets.list', { projectId: other.id })).toEqual([]);

    await h.call('presets.delete', { id: preset.id });
    expect(await h.call('presets.list', { projectId: project.id })).toEqual([]);
    expect((await apiErrorOf(h.call('presets.delete', { id: preset.id }))).code).toBe('not_found');
  });

  it('rejects unknown shape names, non-numbers and unknown assets with clear errors', async () => {
    const unknownName = await apiErrorOf(
      h.call('rig.setCoefficients', { assetId: 'x', coefficients: { jawOpened: 1 } as never }),
    );
    expect(unknownName.code).toBe('invalid_request');
    expect(unknownName.message).toContain('coefficients');

    const notANumber = await apiErrorOf(
      h.call('rig.setCoefficients', { assetId: 'x', coefficients: { jawOpen: 'wide' } as never }),
    );
    expect(notANumber.code).toBe('invalid_request');
    expect(notANumber.message).toContain('jawOpen');

    expect((await apiErrorOf(h.call('rig.get', { assetId: 'no-such-asset' }))).code).toBe('not_found');
    expect((await apiErrorOf(h.call('presets.list', { projectId: 'no-such-project' }))).code).toBe('not_found');
  });
});
