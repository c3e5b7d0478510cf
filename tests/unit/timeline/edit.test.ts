import { describe, expect, it } from 'vitest';
import {
  applyEasing,
  deleteKeys,
  evaluateKeyframes,
  makeKeyframe,
  moveKeys,
  setKey,
} from '../../../src/shared/timeline';

const keys = () => [makeKeyframe(0, 0, { id: 'a' }), makeKeyframe(1, 1, { id: 'b' }), makeKeyframe(2, 0, { id: 'c' })];

describe('key edits', () => {
  it('auto-key replaces the value of a key at the playhead and keeps its shape', () => {
    const eased = applyEasing(keys(), 0, 'ease-in-out');
    const before = eased.map((k) => ({ ...k, handles: [...k.handles] }));
    const edited = setKey(eased, 1, 0.5);
    expect(edited.map((k) => k.id)).toEqual(['a', 'b', 'c']);
    expect(edited[1]).toMatchObject({ id: 'b', value: 0.5, handles: eased[1]!.handles });
    expect(evaluateKeyframes(edited, 1)).toBe(0.5);
    expect(eased).toEqual(before); // input untouched (undo keeps it)
  });

  it('inserts a key in order between others', () => {
    const edited = setKey(keys(), 1.5, 0.7, 'n');
    expect(edited.map((k) => k.id)).toEqual(['a', 'b', 'n', 'c']);
    expect(evaluateKeyframes(edited, 1.5)).toBe(0.7);
    expect(setKey([], 0.3, 2)).toHaveLength(1);
    expect(setKey(keys(), 9, 1).at(-1)!.time).toBe(9);
    expect(() => setKey(keys(), -1, 0)).toThrow(/>= 0/);
    expect(() => setKey(keys(), 1, Number.NaN)).toThrow(/finite/);
  });

  it('deletes and moves keys, refusing collisions and negative times', () => {
    expect(deleteKeys(keys(), new Set(['b'])).map((k) => k.id)).toEqual(['a', 'c']);
    const moved = moveKeys(keys(), new Set(['a', 'b']), 0.5);
    expect(moved.map((k) => [k.id, k.time])).toEqual([
      ['a', 0.5],
      ['b', 1.5],
      ['c', 2],
    ]);
    expect(moveKeys(keys(), new Set(['a']), 3).map((k) => k.id)).toEqual(['b', 'c', 'a']);
    expect(() => moveKeys(keys(), new Set(['a']), 1)).toThrow(/share time 1/);
    expect(() => moveKeys(keys(), new Set(['b']), -2)).toThrow(/before 0 s/);
  });
});
