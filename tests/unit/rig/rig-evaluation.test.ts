import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir, readCache, sha256Of } from '../../../tools/rig/eval/landmark-cache';
import { evaluateRig, formatEvaluation, THRESHOLDS, type Evaluation } from '../../../tools/rig/eval/rig-evaluation';

/**
 * The rig evaluation (tools/rig/eval, issue 13) on frames of the fixture videos and portraits
 * labelled by eye, with the landmarks cached in tests/fixtures/rig-eval/landmarks.json (the face
 * pipeline's output, regenerable with tools/rig/eval/build-landmark-cache.ts). The cache must
 * belong to the fixtures beside the repository (../shared/fixtures, or MIEN_FIXTURES): where they
 * are present a fixture that differs from the cache fails the test. The suite must pass without
 * that folder (fixtures/README), and the landmarks the rig is graded on are in the committed cache,
 * so without it the test still grades the rig and prints that the fixtures' hashes went unchecked.
 * Full table: npx tsx tools/rig/eval/evaluate.ts
 */
let evaluation: Evaluation;

beforeAll(async () => {
  const fixtures = fixturesDir();
  const cache = readCache();
  for (const source of cache) {
    const file = path.join(fixtures, source.file);
    if (!existsSync(file)) {
      console.warn(
        `[rig evaluation] ${file} is missing: grading on the committed landmark cache without checking that it ` +
          'matches the fixture (the fixtures live beside the repository in ../shared/fixtures; MIEN_FIXTURES overrides).',
      );
      continue;
    }
    if (sha256Of(file) !== source.sha256) {
      throw new Error(
        `${file} is not the fixture the landmark cache was made from; regenerate it: npx tsx tools/rig/eval/build-landmark-cache.ts`,
      );
    }
  }
  evaluation = await evaluateRig(cache);
  console.log(formatEvaluation(evaluation));
}, 120_000);

const labels = (label: string) => evaluation.labels.filter((r) => r.label === label);
const passRate = (label: string) => {
  const rows = labels(label);
  return rows.reduce((sum, r) => sum + r.passed, 0) / rows.reduce((sum, r) => sum + r.frames, 0);
};
/** A coefficient that never moves (r undefined) cannot cross-talk. */
const magnitude = (r: number) => (Number.isNaN(r) ? 0 : Math.abs(r));

describe('rig signal quality on real faces (labels by eye)', () => {
  it('keeps mouthPress and jawOpen apart on every fixture video', () => {
    expect(evaluation.crossTalk).toHaveLength(3);
    for (const video of evaluation.crossTalk) {
      for (const [name, r] of Object.entries(video.pressJaw)) {
        expect(magnitude(r), `${video.file} ${name} ~ jawOpen`).toBeLessThanOrEqual(THRESHOLDS.pressJaw);
      }
    }
  });

  it('reads labelled blinks on both eyes, within 0.15 of each other', () => {
    const closed = labels('eyes closed');
    expect(closed.reduce((sum, r) => sum + r.frames, 0)).toBeGreaterThanOrEqual(5);
    for (const r of closed) expect(r.passed, `${r.file}: ${r.passed}/${r.frames}`).toBe(r.frames);
    // A wink is one eye: the closed one reads as closed, the open one stays open.
    expect(passRate('eyeRight closed')).toBe(1);
    expect(passRate('eyeLeft closed')).toBe(1);
    expect(passRate('eyeLeft open')).toBe(1);
    expect(passRate('eyeRight open')).toBe(1);
  });

  it('keeps left and right blinks as close as the landmarks have them', () => {
    for (const video of evaluation.crossTalk) {
      expect(video.blinkGapRig, video.file).toBeLessThanOrEqual(video.blinkGapLandmarks + 0.02);
    }
  });

  it('agrees with the landmark geometry and with the other labels', () => {
    for (const video of evaluation.crossTalk) {
      expect(video.jawVsGap, `${video.file} jawOpen ~ lip gap`).toBeGreaterThan(0.75);
      expect(video.blinkVsOpening, `${video.file} blink ~ eye closure`).toBeGreaterThan(0.9);
    }
    expect(passRate('eyes open')).toBeGreaterThanOrEqual(0.98);
    expect(passRate('mouth neutral')).toBeGreaterThanOrEqual(0.95);
    expect(passRate('mouth open')).toBeGreaterThanOrEqual(0.9);
    expect(passRate('mouth smile')).toBeGreaterThanOrEqual(0.9);
    expect(passRate('brows neutral')).toBeGreaterThanOrEqual(0.9);
  });

  it('reads labelled puckers as mouthPucker or mouthFunnel >= 0.5, from their first frame', () => {
    // The mouth's narrowing is read from the tracker's unsmoothed landmarks, filtered over the clip
    // without lag (mouth-shape-course.ts): on the smoothed ones the first frames of four puckers
    // read under 0.5 (31 of 37 frames passed).
    for (const r of labels('mouth pucker')) expect(r.passed, r.file).toBe(r.frames);
  });

  it('does not make the mouth shapes noisier where the mouth stands still', () => {
    // Labelled neutral mouths: pucker/funnel's second difference (frame-to-frame noise; a settle
    // after a movement leaves it near 0) read from the smoothed landmarks was 0.00, 2.93, 9.58 per
    // mille, and 3.73, 3.17, 20.82 over all 52; from the unsmoothed ones, filtered, it is 0.00,
    // 1.82, 10.58 and 3.54, 3.07, 21.93 (the child's rise is one frame where the fit swapped two
    // lip shapes, docs/rig.md). Read straight from the unsmoothed landmarks it doubled on talking.
    for (const video of evaluation.stillJitter) {
      expect(video.pairs, video.file).toBeGreaterThanOrEqual(5);
      expect(video.mouthShapeSecond, video.file).toBeLessThan(0.012);
      expect(video.allSecond, video.file).toBeLessThan(0.025);
    }
  });

  // Known gap of issue 13, kept as a failing expectation: when a change makes it hold, this test
  // fails and asks for the expectation to become a plain `it` (docs/rig.md, "Evaluation").
  // The brow one conflicts with the labels on talking-354f: her frowns come with the head down and
  // her surprise with it up, so a perfect brow reading correlates -0.65 (lowered) and +0.34
  // (raised) with pitch there (evaluation.labelBrowPitch); on child-talking-225f facemesh puts the
  // brows (hidden under the fringe) lower as the chin lifts, the opposite of her labelled raises.
  it.fails('keeps every brow coefficient within |r| 0.3 of head pitch on every fixture video (not yet)', () => {
    for (const video of evaluation.crossTalk) {
      for (const [name, r] of Object.entries(video.browPitch)) {
        expect(magnitude(r), `${video.file} ${name} ~ pitch`).toBeLessThanOrEqual(THRESHOLDS.browPitch);
      }
    }
  });

  it('keeps the brows nearly pose-free where the labelled brows do not move (talking-354f)', () => {
    // Cross-talk proper: brows against pitch on frames whose labelled brow state does not change.
    // Only talking-354f measures it: 55 brows-at-rest frames over 8 degrees of pitch, 164 brow-labelled
    // frames over 19 degrees. smile-grimace's rest frames pitch 1 degree (an r there is noise), and
    // the child's brows are hidden under her fringe, so facemesh moves them with pitch (docs/rig.md).
    // r is large there (0.60) but the brows move little: 0.14 per 10 degrees; the limit is the
    // brows-neutral criterion (0.25) over 10 degrees.
    const talking = evaluation.labelBrowPitch.find((video) => video.file.endsWith('talking-354f.mp4'))!;
    for (const slice of [talking.neutral, talking.withinLabel]) {
      expect(slice).not.toBeNull();
      expect(slice!.pitchRange).toBeGreaterThan(5);
      expect(Math.abs(slice!.perTenDegrees), slice!.steepest).toBeLessThan(0.25);
    }
  });
});
