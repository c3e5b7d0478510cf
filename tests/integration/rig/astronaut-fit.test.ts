import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Asset, Job, RigState } from '../../../src/shared/api';
import { evaluateRig, projectToImage } from '../../../src/shared/rig';
import { ASTRONAUT, startEngine, type Harness } from '../engine/engine-harness';

/** The face pipeline's reference landmarks of the astronaut (478 points, working-image pixels). */
const REFERENCE = path.resolve(__dirname, '../face/expected/astronaut-landmarks.json');

describe('rig of a real photo', () => {
  let h: Harness;
  let asset: Asset;
  let landmarks: number[];

  beforeAll(async () => {
    h = await startEngine();
    const project = await h.call('projects.create', { name: 'Astronaut' });
    const job = Job.parse(
      await h.call('assets.importBytes', {
        projectId: project.id,
        fileName: 'astronaut.png',
        bytes: fs.readFileSync(ASTRONAUT),
      }),
    );
    expect((await h.waitForJob(job.id)).state).toBe('succeeded');
    asset = Asset.parse((await h.call('assets.list', { projectId: project.id }))[0]);
    landmarks = (JSON.parse(fs.readFileSync(REFERENCE, 'utf8')) as { landmarks: number[] }).landmarks;
    const db = new Database(path.join(h.dataDir, 'mien.sqlite'));
    // As the face pipeline stores a photo's face (OR IGNORE: it may have analysed the import already).
    db.prepare(
      `INSERT OR IGNORE INTO faces (id, asset_id, frame_index, face_index, detector, bbox_json, score, landmarks, landmark_count, created_at)
       VALUES (?, ?, NULL, 0, 'reference', '{}', 1, ?, 478, ?)`,
    ).run(randomUUID(), asset.id, Buffer.from(Float32Array.from(landmarks).buffer), Date.now());
    db.close();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('fits the smiling astronaut with a small residual and reads her smile', async () => {
    const state = RigState.parse(await h.call('rig.get', { assetId: asset.id }));
    const fit = state.fit!;
    expect(fit).not.toBeNull();
    expect((await sharp(ASTRONAUT).metadata()).width).toBe(fit.imageWidth);
    // Face about 110 px wide in a 512 px photo; the fit (before the identity detail) is within 2.5% of that.
    expect(fit.pose.scale).toBeGreaterThan(80);
    expect(fit.pose.scale).toBeLessThan(160);
    expect(fit.residualRmsPixels).toBeLessThan(0.025 * fit.pose.scale);
    const smile = (fit.coefficients.mouthSmileLeft + fit.coefficients.mouthSmileRight) / 2;
    expect(smile).toBeGreaterThan(0.3);
    expect(fit.coefficients.jawOpen).toBeLessThan(0.5);
    expect(Math.abs(fit.pose.yawDeg)).toBeLessThan(25);

    // The person's neutral plus the fitted expression, posed, lands on her landmarks.
    const points = evaluateRig(state.identityNeutral!, Object.values(fit.coefficients));
    const image = projectToImage(points, fit.pose);
    let sum = 0;
    for (let i = 0; i < 468; i++) {
      sum += Math.hypot(image[i * 3]! - landmarks[i * 3]!, image[i * 3 + 1]! - landmarks[i * 3 + 1]!);
    }
    expect(sum / 468).toBeLessThan(1.5);
    console.info(
      `astronaut fit: residual ${fit.residualRmsPixels.toFixed(3)} px, mean 2D error ${(sum / 468).toFixed(3)} px, smile ${smile.toFixed(2)}, jawOpen ${fit.coefficients.jawOpen.toFixed(2)}, yaw ${fit.pose.yawDeg.toFixed(1)}°`,
    );
  });
});
