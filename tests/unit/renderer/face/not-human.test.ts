import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NOT_HUMAN_MESSAGE, type AnalyzedFace, type FaceAnalysis } from '../../../../src/shared/api';
import { notHumanWarning } from '../../../../src/renderer/face/not-human';

const landmarks = (
  JSON.parse(
    readFileSync(path.resolve(__dirname, '../../../integration/face/expected/astronaut-landmarks.json'), 'utf8'),
  ) as { landmarks: number[] }
).landmarks;

function analysis(likelyHuman: boolean | undefined): FaceAnalysis {
  const face: AnalyzedFace = {
    box: { x: 10, y: 10, width: 100, height: 100 },
    score: 0.9,
    landmarks,
    presence: likelyHuman === false ? 0.35 : 0.99,
    pose: { yaw: 0, pitch: 0, roll: 0 },
    expressions: null,
    descriptor: null,
    region: { cx: 60, cy: 60, size: 150, angle: 0 },
    ...(likelyHuman === undefined ? {} : { likelyHuman }),
  };
  return { ok: true, imageWidth: 512, imageHeight: 512, faces: [face], chosenIndex: 0, rejected: [] };
}

describe('notHumanWarning', () => {
  it('says a face does not look human, and nothing for a human one', () => {
    expect(notHumanWarning(analysis(false))).toBe(NOT_HUMAN_MESSAGE);
    expect(NOT_HUMAN_MESSAGE).toBe('This does not look like a human face; results may be wrong');
    expect(notHumanWarning(analysis(true))).toBeNull();
    // Analyses stored before the flag existed read as human.
    expect(notHumanWarning(analysis(undefined))).toBeNull();
  });
});
