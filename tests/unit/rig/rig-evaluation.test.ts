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

  it('reads most labelled puckers from the mouth narrowing (lip-gather), the rest at their onsets', () => {
    // 31 of 37 today; the misses are the first frames of four puckers, where the tracked landmarks
    // (One Euro smoothed) do not narrow yet. The full threshold is the expected failure below.
    expect(passRate('mouth pucker')).toBeGreaterThanOrEqual(0.75);
  });

  // Known gaps of issue 13, kept as failing expectations: when a change makes one hold, this test
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

  it.fails('reads labelled puckers as mouthPucker or mouthFunnel >= 0.5 (not yet)', () => {
    for (const r of labels('mouth pucker')) expect(r.passed, r.file).toBe(r.frames);
  });
});
