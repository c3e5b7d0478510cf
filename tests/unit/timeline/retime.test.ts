import { describe, expect, it } from 'vitest';
import { coefficientsToRecord, ZERO_HEAD } from '../../../src/shared/rig';
import {
  makeKeyframe,
  retimeTracks,
  sceneFrameState,
  sceneFrameTotal,
  type SceneStatics,
  type Track,
} from '../../../src/shared/timeline';

const statics = (): SceneStatics => ({
  coefficients: coefficientsToRecord(new Float32Array(52)),
  head: { ...ZERO_HEAD },
  layerMix: {},
  sourceFrame: 0,
});

/** The QA scene: 3 s at 30 fps, keys on frames 27, 58 and 89 (the last frame: the smile pose). */
const smileScene = (): Track[] => [
  {
    parameter: 'rig.mouthSmileLeft',
    keyframes: [makeKeyframe(27 / 30, 0), makeKeyframe(58 / 30, 0.3), makeKeyframe(89 / 30, 0.9)],
  },
  { parameter: 'rig.jawOpen', keyframes: [makeKeyframe(27 / 30, 0.1), makeKeyframe(89 / 30, 0.5)] },
];

describe('retimeTracks (changing a scene frame rate)', () => {
  it('30 -> 24 fps: keys move to the nearest frame, none past the last, and the last frame shows the final pose', () => {
    const before = smileScene();
    const last = sceneFrameTotal(3, 24) - 1;
    expect(last).toBe(71);
    // Unconformed, the final key (2.967 s) lies after the last frame (2.958 s): the pose is never shown.
    expect(sceneFrameState(statics(), before, last, 24).coefficients.mouthSmileLeft).toBeLessThan(0.899);

    const { tracks, movedKeys, mergedKeys } = retimeTracks(before, { durationSeconds: 3, fps: 24 });
    expect(tracks[0]!.keyframes.map((key) => key.time * 24)).toEqual([22, 46, 71]);
    expect(tracks[1]!.keyframes.map((key) => key.time * 24)).toEqual([22, 71]);
    expect(movedKeys).toBe(5);
    expect(mergedKeys).toBe(0);
    for (const track of tracks) {
      for (const key of track.keyframes) expect(Number.isInteger(Math.round(key.time * 24 * 1e9) / 1e9)).toBe(true);
    }
    const end = sceneFrameState(statics(), tracks, last, 24);
    expect(end.coefficients.mouthSmileLeft).toBe(0.9);
    expect(end.coefficients.jawOpen).toBe(0.5);
    // Ids, values and handles stay; the input is untouched (undo keeps it).
    expect(tracks[0]!.keyframes.map((key) => [key.id, key.value])).toEqual(
      before[0]!.keyframes.map((key) => [key.id, key.value]),
    );
    expect(before[0]!.keyframes[2]!.time).toBe(89 / 30);
  });

  it('keys already on frames of the new rate stay as they are', () => {
    const tracks: Track[] = [{ parameter: 'rig.jawOpen', keyframes: [makeKeyframe(0, 0), makeKeyframe(1, 1)] }];
    const result = retimeTracks(tracks, { durationSeconds: 3, fps: 25 });
    expect(result.movedKeys).toBe(0);
    expect(result.tracks[0]!.keyframes[1]).toBe(tracks[0]!.keyframes[1]);
  });

  it('60 -> 24 fps: keys landing on one frame merge (the nearest stays; on the last frame the latest)', () => {
    const keys = [
      makeKeyframe(0, 0),
      makeKeyframe(60 / 60, 0.2), // frame 24 exactly
      makeKeyframe(61 / 60, 0.25), // 24.4 -> 24 too: merged into the exact one
      makeKeyframe(177 / 60, 0.7), // 70.8 -> 71, the last frame
      makeKeyframe(179 / 60, 0.8), // 71.6 -> 72, past the end: back onto 71, and the later key wins
    ];
    const { tracks, mergedKeys } = retimeTracks([{ parameter: 'rig.jawOpen', keyframes: keys }], {
      durationSeconds: 3,
      fps: 24,
    });
    expect(tracks[0]!.keyframes.map((key) => [key.time * 24, key.value])).toEqual([
      [0, 0],
      [24, 0.2],
      [71, 0.8],
    ]);
    expect(mergedKeys).toBe(2);
  });
});
