import { describe, expect, it } from 'vitest';
import { evaluateKeyframes, makeKeyframe, type Track } from '../../../../src/shared/timeline';
import {
  allKeyRefs,
  copySelection,
  deleteSelected,
  easeSelected,
  firstSelectedSegment,
  moveSelected,
  pasteKeys,
} from '../../../../src/renderer/timeline/key-operations';

const key = (id: string, time: number, value: number) => makeKeyframe(time, value, { id });
const jaw = (): Track => ({
  parameter: 'rig.jawOpen',
  keyframes: [key('a', 0, 0), key('b', 1, 0.8), key('c', 2, 0.2)],
});
const smile = (): Track => ({ parameter: 'rig.mouthSmileLeft', keyframes: [key('s', 0, 0), key('t', 1, 1)] });

describe('key operations on a selection', () => {
  it('deletes the selected keys and drops a track left empty', () => {
    const tracks = [jaw(), smile()];
    const next = deleteSelected(tracks, ['rig.jawOpen|b', 'rig.mouthSmileLeft|s', 'rig.mouthSmileLeft|t']);
    expect(next).toHaveLength(1);
    expect(next[0]!.keyframes.map((k) => k.id)).toEqual(['a', 'c']);
    // Inputs untouched (they are the undo state).
    expect(tracks[0]!.keyframes).toHaveLength(3);
  });

  it('moves keys of several tracks together and keeps them sorted', () => {
    const next = moveSelected([jaw(), smile()], ['rig.jawOpen|b', 'rig.mouthSmileLeft|t'], 0.5)!;
    expect(next[0]!.keyframes.map((k) => [k.id, k.time])).toEqual([
      ['a', 0],
      ['b', 1.5],
      ['c', 2],
    ]);
    expect(next[1]!.keyframes.map((k) => k.time)).toEqual([0, 1.5]);
    // A move past a neighbour re-sorts.
    const past = moveSelected([jaw()], ['rig.jawOpen|a'], 1.5)!;
    expect(past[0]!.keyframes.map((k) => k.id)).toEqual(['b', 'a', 'c']);
  });

  it('refuses a move onto another key or before 0 s (the drag stays put)', () => {
    expect(moveSelected([jaw()], ['rig.jawOpen|b'], 1)).toBeNull();
    expect(moveSelected([jaw()], ['rig.jawOpen|b'], -1.01)).toBeNull();
  });

  it('frame-snapped moves land exactly on frame / fps', () => {
    const next = moveSelected([jaw()], ['rig.jawOpen|b'], 7 / 30 - 1e-12)!;
    expect(next[0]!.keyframes[1]!.time).toBe(Math.round((1 + 7 / 30) * 1e6) / 1e6);
  });

  it('copies with times relative to the earliest key and pastes at the playhead, replacing keys at the same times', () => {
    const clipboard = copySelection([jaw(), smile()], ['rig.jawOpen|b', 'rig.jawOpen|c', 'rig.mouthSmileLeft|t'])!;
    expect(clipboard.tracks.map((t) => t.keyframes.map((k) => k.time))).toEqual([[0, 1], [0]]);
    // Pasted into another scene's tracks (only jaw there), at 2 s.
    const { tracks, pasted } = pasteKeys([jaw()], clipboard, 2);
    expect(pasted).toHaveLength(3);
    const jawKeys = tracks.find((t) => t.parameter === 'rig.jawOpen')!.keyframes;
    expect(jawKeys.map((k) => [k.time, k.value])).toEqual([
      [0, 0],
      [1, 0.8],
      [2, 0.8],
      [3, 0.2],
    ]);
    expect(new Set(jawKeys.map((k) => k.id)).size).toBe(4);
    expect(tracks.find((t) => t.parameter === 'rig.mouthSmileLeft')!.keyframes.map((k) => k.time)).toEqual([2]);
    expect(copySelection([jaw()], [])).toBeNull();
  });

  it('eases the segments starting at selected keys; elastic adds keys and still ends on the target', () => {
    const eased = easeSelected([jaw()], ['rig.jawOpen|a'], 'ease-in')[0]!;
    expect(eased.keyframes[0]!.handles.slice(2)).toEqual([0.42, 0]);
    expect(eased.keyframes[1]!.handles.slice(0, 2)).toEqual([1, 1]);
    const elastic = easeSelected([jaw()], ['rig.jawOpen|a', 'rig.jawOpen|b'], 'elastic')[0]!;
    expect(elastic.keyframes.length).toBe(3 + 8);
    expect(evaluateKeyframes(elastic.keyframes, 1)).toBe(0.8);
    expect(evaluateKeyframes(elastic.keyframes, 2)).toBe(0.2);
    const hold = easeSelected([jaw()], ['rig.jawOpen|a'], 'hold')[0]!;
    expect(evaluateKeyframes(hold.keyframes, 0.99)).toBe(0);
  });

  it('finds the first selected segment and lists every key', () => {
    expect(firstSelectedSegment([jaw()], new Set(['rig.jawOpen|c']))).toBeNull();
    expect(firstSelectedSegment([jaw()], new Set(['rig.jawOpen|b']))!.to.id).toBe('c');
    expect(allKeyRefs([jaw(), smile()])).toHaveLength(5);
  });
});
