import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ARKIT_BLENDSHAPE_NAMES,
  BLENDSHAPE_COUNT,
  HEAD_EYE_CHANNELS,
  serializeLiveLinkCsv,
  type CoefficientTracks,
} from '../../../src/shared/rig';
import { apiErrorOf, ASTRONAUT, startEngine, type Harness } from '../engine/engine-harness';

const FRAMES = 12;
const JAW = ARKIT_BLENDSHAPE_NAMES.indexOf('jawOpen');
const SMILE_L = ARKIT_BLENDSHAPE_NAMES.indexOf('mouthSmileLeft');

/** A capture at 60 fps: the jaw opens 0.1 -> 0.65, the smile holds at 0.3, the head turns 0 -> 0.2 rad. */
function capture(): CoefficientTracks {
  const coefficients = new Float32Array(FRAMES * BLENDSHAPE_COUNT);
  const headAndEyes = new Float32Array(FRAMES * HEAD_EYE_CHANNELS.length);
  for (let f = 0; f < FRAMES; f++) {
    coefficients[f * BLENDSHAPE_COUNT + JAW] = 0.1 + 0.05 * f;
    coefficients[f * BLENDSHAPE_COUNT + SMILE_L] = 0.3;
    headAndEyes[f * HEAD_EYE_CHANNELS.length] = (0.2 * f) / (FRAMES - 1);
  }
  return {
    fps: 60,
    frameCount: FRAMES,
    times: Float64Array.from({ length: FRAMES }, (_, f) => f / 60),
    startSeconds: 3600 + 12.5,
    coefficients,
    headAndEyes,
  };
}

let h: Harness;
beforeAll(async () => {
  h = await startEngine();
});
afterAll(async () => h?.close());

const bytesOf = (text: string) => new TextEncoder().encode(text);

describe('track files through the engine', () => {
  it('imports a Live Link Face CSV, exports it, and the export imports to the same values', async () => {
    const project = await h.call('projects.create', { name: 'Live Link' });
    const csv = serializeLiveLinkCsv(capture());
    const first = await h.call('tracks.importFile', {
      projectId: project.id,
      fileName: 'take 1.csv',
      bytes: bytesOf(csv),
    });
    expect(first.trackSet).toMatchObject({
      name: 'take 1',
      source: { kind: 'live-link-csv', assetId: null, name: 'take 1.csv' },
      fps: 60,
      frameCount: FRAMES,
      measuredFrames: FRAMES,
      fit: null,
    });
    expect(first.trackSet.startSeconds).toBeCloseTo(3612.5, 6);
    expect(first.trackSet.channels.map((c) => c.name)).toEqual([
      ...ARKIT_BLENDSHAPE_NAMES.map((n) => `rig.${n}`),
      'head.yawDeg',
      'head.pitchDeg',
      'head.rollDeg',
      ...HEAD_EYE_CHANNELS.slice(3).map((n) => `eyes.${n}`),
    ]);
    const original = await h.call('tracks.get', { trackSetId: first.trackSet.id });
    const jaw = original.channels.find((c) => c.name === 'rig.jawOpen')!.values;
    expect(jaw[0]).toBeCloseTo(0.1, 6);
    expect(jaw[FRAMES - 1]).toBeCloseTo(0.65, 6);
    // Live Link's radians become the rig's degrees.
    expect(original.channels.find((c) => c.name === 'head.yawDeg')!.values[FRAMES - 1]).toBeCloseTo(11.459, 2);

    const exported = await h.call('tracks.exportCsv', { trackSetId: first.trackSet.id });
    expect(exported.fileName).toBe('take_1.csv');
    expect(exported.text.split('\n')[0]).toMatch(/^Timecode,BlendShapeCount,EyeBlinkLeft,/);
    const again = await h.call('tracks.importFile', {
      projectId: project.id,
      fileName: exported.fileName,
      bytes: bytesOf(exported.text),
    });
    const reread = await h.call('tracks.get', { trackSetId: again.trackSet.id });
    expect(reread.times).toHaveLength(FRAMES);
    reread.times.forEach((t, f) => expect(t).toBeCloseTo(original.times[f]!, 5));
    expect(reread.channels.map((c) => c.name)).toEqual(original.channels.map((c) => c.name));
    reread.channels.forEach((channel, c) =>
      channel.values.forEach((value, f) => expect(value).toBeCloseTo(original.channels[c]!.values[f]!, 4)),
    );
    expect(await h.call('tracks.list', { projectId: project.id })).toHaveLength(2);
  });

  it('names the line of a malformed row and stores nothing', async () => {
    const project = await h.call('projects.create', { name: 'Malformed' });
    const lines = serializeLiveLinkCsv(capture()).split('\n');
    // Line 5 is the 4th data row: one of its values is not a number.
    const cells = lines[4]!.split(',');
    cells[20] = 'oops';
    lines[4] = cells.join(',');
    const error = await apiErrorOf(
      h.call('tracks.importFile', { projectId: project.id, fileName: 'bad.csv', bytes: bytesOf(lines.join('\n')) }),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.message).toMatch(
      /^bad\.csv is not a valid Live Link Face CSV: line 5: \w+ value 'oops' is not a number$/,
    );
    expect(error.details).toMatchObject({ line: 5, format: 'live-link-csv' });
    expect(await h.call('tracks.list', { projectId: project.id })).toEqual([]);

    // A row cut short: the column count is wrong on line 3.
    const short = serializeLiveLinkCsv(capture()).split('\n');
    short[2] = short[2]!.split(',').slice(0, 40).join(',');
    const second = await apiErrorOf(
      h.call('tracks.importFile', { projectId: project.id, fileName: 'short.csv', bytes: bytesOf(short.join('\n')) }),
    );
    expect(second.message).toContain('line 3: expected 63 columns, found 40');
    expect(await h.call('tracks.list', { projectId: project.id })).toEqual([]);
  });

  it('imports MediaPipe blendshape JSON and refuses a bad category naming its frame', async () => {
    const project = await h.call('projects.create', { name: 'MediaPipe' });
    const frames = [0, 1, 2, 3].map((f) => ({
      timestampMs: 1000 + f * 40,
      categories: [
        { categoryName: '_neutral', score: 0.5 },
        { categoryName: 'jawOpen', score: 0.2 * f },
        { categoryName: 'eyeBlinkLeft', score: 1.2 },
      ],
    }));
    const result = await h.call('tracks.importFile', {
      projectId: project.id,
      fileName: 'face.json',
      bytes: bytesOf(JSON.stringify(frames)),
      fps: 25,
    });
    expect(result.trackSet).toMatchObject({ source: { kind: 'blendshape-json' }, fps: 25, frameCount: 4 });
    expect(result.trackSet.channels).toHaveLength(52);
    const values = await h.call('tracks.get', {
      trackSetId: result.trackSet.id,
      channels: ['rig.jawOpen', 'rig.eyeBlinkLeft'],
    });
    expect(Array.from(values.times, (t) => Math.round(t * 1000))).toEqual([0, 40, 80, 120]);
    const byName = Object.fromEntries(values.channels.map((channel) => [channel.name, channel.values]));
    expect(Array.from(byName['rig.jawOpen']!, (v) => Math.round(v * 100) / 100)).toEqual([0, 0.2, 0.4, 0.6]);
    expect(Array.from(byName['rig.eyeBlinkLeft']!)).toEqual([1, 1, 1, 1]); // clamped to [0, 1]

    frames[2]!.categories[1]!.categoryName = 'jawOpenWide';
    const error = await apiErrorOf(
      h.call('tracks.importFile', {
        projectId: project.id,
        fileName: 'bad.json',
        bytes: bytesOf(JSON.stringify(frames)),
      }),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.message).toBe(
      "bad.json is not a valid blendshape JSON: frame 2, category 1: 'jawOpenWide' is not an ARKit blendshape name",
    );
    expect(await h.call('tracks.list', { projectId: project.id })).toHaveLength(1);
  });

  it('applies a frame to a portrait, relative to the driver rest or absolute, and deletes sets', async () => {
    const project = await h.call('projects.create', { name: 'Retarget' });
    const importJob = await h.call('assets.importBytes', {
      projectId: project.id,
      fileName: 'astronaut.png',
      bytes: fs.readFileSync(ASTRONAUT),
    });
    const assetId = (await h.waitForJob(importJob.id)).result!.assetId as string;
    const { trackSet } = await h.call('tracks.importFile', {
      projectId: project.id,
      fileName: 'take.csv',
      bytes: bytesOf(serializeLiveLinkCsv(capture())),
    });

    // Not analysed: the portrait's own expression is rest (all 0), so relative = driver - driver's minimum.
    const relative = await h.call('tracks.applyFrame', {
      trackSetId: trackSet.id,
      frame: 8,
      assetId,
      mode: 'relative',
    });
    expect(relative.written).toBe(true);
    expect(relative.coefficients.jawOpen).toBeCloseTo(0.4, 5); // 0.5 - 0.1
    expect(relative.coefficients.mouthSmileLeft).toBeCloseTo(0, 5); // held at 0.3 throughout
    expect(relative.head).toEqual({ yawDeg: 0, pitchDeg: 0, rollDeg: 0 });
    expect((await h.call('rig.get', { assetId })).coefficients.jawOpen).toBeCloseTo(0.4, 5);

    const absolute = await h.call('tracks.applyFrame', {
      trackSetId: trackSet.id,
      frame: 8,
      assetId,
      mode: 'absolute',
      includePose: true,
      write: false,
    });
    expect(absolute.written).toBe(false);
    expect(absolute.coefficients.jawOpen).toBeCloseTo(0.5, 5);
    expect(absolute.coefficients.mouthSmileLeft).toBeCloseTo(0.3, 5);
    expect(absolute.head.yawDeg).toBeCloseTo((0.2 * 8 * 180) / Math.PI / 11, 2);
    // write: false left the stored rig alone.
    expect((await h.call('rig.get', { assetId })).coefficients.jawOpen).toBeCloseTo(0.4, 5);

    const beyond = await apiErrorOf(h.call('tracks.applyFrame', { trackSetId: trackSet.id, frame: FRAMES, assetId }));
    expect(beyond).toMatchObject({ code: 'invalid_request' });
    expect(beyond.message).toContain(`has ${FRAMES} frames (0-${FRAMES - 1}); there is no frame ${FRAMES}`);

    await h.call('tracks.delete', { trackSetId: trackSet.id });
    expect(await h.call('tracks.list', { projectId: project.id })).toEqual([]);
    expect((await apiErrorOf(h.call('tracks.get', { trackSetId: trackSet.id }))).code).toBe('not_found');
  });
});
