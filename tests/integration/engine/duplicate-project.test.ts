import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Asset, FaceAnalysis, Job, type RigState } from '../../../src/shared/api';
import {
  ARKIT_BLENDSHAPE_NAMES,
  BLENDSHAPE_COUNT,
  HEAD_EYE_CHANNELS,
  serializeLiveLinkCsv,
  type CoefficientTracks,
} from '../../../src/shared/rig';
import { ASTRONAUT, startEngine, type Harness } from './engine-harness';

const FRAMES = 6;
const JAW = ARKIT_BLENDSHAPE_NAMES.indexOf('jawOpen');

/** A short Live Link Face capture at 60 fps: the jaw opens 0.1 -> 0.6, the head turns 0 -> 0.1 rad. */
function capture(): CoefficientTracks {
  const coefficients = new Float32Array(FRAMES * BLENDSHAPE_COUNT);
  const headAndEyes = new Float32Array(FRAMES * HEAD_EYE_CHANNELS.length);
  for (let f = 0; f < FRAMES; f++) {
    coefficients[f * BLENDSHAPE_COUNT + JAW] = 0.1 + 0.1 * f;
    headAndEyes[f * HEAD_EYE_CHANNELS.length] = (0.1 * f) / (FRAMES - 1);
  }
  return {
    fps: 60,
    frameCount: FRAMES,
    times: Float64Array.from({ length: FRAMES }, (_, f) => f / 60),
    startSeconds: 10,
    coefficients,
    headAndEyes,
  };
}

let h: Harness;
beforeAll(async () => {
  h = await startEngine();
});
afterAll(async () => h?.close());

/** What a rig read shows the user, without the asset id (differs between copies) and edit time. */
const rigView = ({ assetId: _assetId, updatedAt: _updatedAt, ...rest }: RigState) => rest;

describe('projects.duplicate through the engine', () => {
  it('copies assets, face analysis, rig edits, presets and track sets; the copy outlives the original', async () => {
    const project = await h.call('projects.create', { name: 'Astronaut' });
    const importJob = Job.parse(
      await h.call('assets.importBytes', {
        projectId: project.id,
        fileName: 'astronaut.png',
        bytes: fs.readFileSync(ASTRONAUT) as Uint8Array<ArrayBuffer>,
      }),
    );
    expect((await h.waitForJob(importJob.id)).state).toBe('succeeded');
    const [asset] = (await h.call('assets.list', { projectId: project.id })).map((a) => Asset.parse(a));
    const analysis = await h.waitForJob((await h.call('faces.analyze', { assetId: asset!.id })).id, 60_000);
    expect(analysis.state).toBe('succeeded');
    await h.call('rig.setCoefficients', {
      assetId: asset!.id,
      coefficients: { jawOpen: 0.45, mouthSmileRight: 0.3 },
      head: { yawDeg: 12, rollDeg: -4 },
    });
    await h.call('presets.save', { projectId: project.id, name: 'Half smile', coefficients: { mouthSmileLeft: 0.5 } });
    const imported = await h.call('tracks.importFile', {
      projectId: project.id,
      fileName: 'take.csv',
      bytes: new TextEncoder().encode(serializeLiveLinkCsv(capture())),
    });

    const originalFaces = await h.call('faces.get', { assetId: asset!.id });
    const originalRig = await h.call('rig.get', { assetId: asset!.id });
    const originalPresets = await h.call('presets.list', { projectId: project.id });
    const originalTracks = await h.call('tracks.get', { trackSetId: imported.trackSet.id });
    expect(FaceAnalysis.parse(originalFaces.analysis).ok).toBe(true);
    expect(originalRig.fit).not.toBeNull();
    expect(originalRig.edited).toBe(true);

    const copy = await h.call('projects.duplicate', { id: project.id });
    expect(copy).toMatchObject({ name: 'Astronaut (copy)', assetCount: 1, thumbnailSha256: asset!.thumbnailSha256 });
    const [copiedAsset] = (await h.call('assets.list', { projectId: copy.id })).map((a) => Asset.parse(a));
    expect(copiedAsset!.id).not.toBe(asset!.id);
    const [copiedSet] = await h.call('tracks.list', { projectId: copy.id });
    expect(copiedSet!.id).not.toBe(imported.trackSet.id);

    /** Everything the copy shows must equal what the original showed, with the copy's own ids. */
    const expectCopyMatchesOriginal = async () => {
      expect(await h.call('faces.get', { assetId: copiedAsset!.id })).toEqual(originalFaces);
      const rig = await h.call('rig.get', { assetId: copiedAsset!.id });
      expect(rig.assetId).toBe(copiedAsset!.id);
      expect(rigView(rig)).toEqual(rigView(originalRig));
      expect(rig.coefficients.jawOpen).toBeCloseTo(0.45, 6);
      // Unedited axes keep the fitted pose; the edited ones are the user's.
      expect(rig.head).toMatchObject({ yawDeg: 12, rollDeg: -4 });
      const presets = await h.call('presets.list', { projectId: copy.id });
      expect(presets).toHaveLength(1);
      expect(presets[0]!.id).not.toBe(originalPresets[0]!.id);
      expect(presets[0]).toEqual({ ...originalPresets[0], id: presets[0]!.id, projectId: copy.id });
      const tracks = await h.call('tracks.get', { trackSetId: copiedSet!.id });
      expect(tracks).toEqual({
        ...originalTracks,
        summary: { ...originalTracks.summary, id: copiedSet!.id, projectId: copy.id },
      });
      const jaw = tracks.channels.find((c) => c.name === 'rig.jawOpen')!.values;
      expect(jaw[FRAMES - 1]).toBeCloseTo(0.6, 6);
      for (const sha of [copiedAsset!.originalSha256, copiedAsset!.workingSha256, copiedAsset!.thumbnailSha256]) {
        const blob = h.engine.resolveBlob(sha);
        expect(blob, sha).not.toBeNull();
        expect(fs.existsSync(blob!.path)).toBe(true);
      }
    };
    await expectCopyMatchesOriginal();
    expect((await h.call('rig.get', { assetId: copiedAsset!.id })).updatedAt).toBe(originalRig.updatedAt);

    // Editing the copy leaves the original alone.
    await h.call('rig.setCoefficients', { assetId: copiedAsset!.id, coefficients: { jawOpen: 0.9 } });
    expect((await h.call('rig.get', { assetId: asset!.id })).coefficients.jawOpen).toBeCloseTo(0.45, 6);
    await h.call('rig.setCoefficients', { assetId: copiedAsset!.id, coefficients: { jawOpen: 0.45 } });

    // projects.delete also collects garbage: the shared blobs must survive for the copy.
    await h.call('projects.delete', { id: project.id });
    expect((await h.call('projects.list', {})).map((p) => p.id)).toEqual([copy.id]);
    await expectCopyMatchesOriginal();
  });
});
