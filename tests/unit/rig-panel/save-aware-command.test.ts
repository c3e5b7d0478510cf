import { describe, expect, it } from 'vitest';
import { History, setValueCommand } from '../../../src/shared/history';
import { DebouncedSaver } from '../../../src/renderer/rig/debounced-saver';
import { waitingForSave } from '../../../src/renderer/rig/save-aware-command';

/**
 * A value saved through the rig's DebouncedSaver, as rig-panel-store wires it: writes schedule a
 * save, settle flushes it and throws when it failed.
 */
function savedValue() {
  const saved: number[] = [];
  const state = { failing: false, lastError: null as unknown };
  const saver = new DebouncedSaver<number>(
    (value) => {
      if (state.failing) return Promise.reject(new Error('database is locked'));
      saved.push(value);
      return Promise.resolve();
    },
    300,
    (saveState, error) => {
      if (saveState === 'error') state.lastError = error;
    },
  );
  const settle = async () => {
    await saver.flush();
    if (saver.state === 'error') throw state.lastError;
  };
  const command = (from: number, to: number, mergeKey?: string) =>
    waitingForSave(
      setValueCommand({ label: 'set jaw', from, to, mergeKey, write: (value) => saver.schedule(value) }),
      settle,
    );
  return { saved, state, command };
}

describe('rig undo waits for its save', () => {
  it('an undo resolves once saved; a failed save fails the undo and keeps the step', async () => {
    const { saved, state, command } = savedValue();
    const history = new History();
    await history.execute(command(0, 0.5));
    // The edit itself is debounced: nothing is saved yet.
    expect(saved).toEqual([]);

    state.failing = true;
    await expect(history.undo()).rejects.toThrow('database is locked');
    expect(history.snapshot().undoDepth).toBe(1);
    expect(history.snapshot().redoDepth).toBe(0);

    state.failing = false;
    await expect(history.undo()).resolves.toBe(true);
    // Resolved only after the saver had sent the undone value.
    expect(saved.at(-1)).toBe(0);
    await expect(history.redo()).resolves.toBe(true);
    expect(saved.at(-1)).toBe(0.5);
  });

  it('a drag still folds into one step, and its undo waits for the save', async () => {
    const { saved, command } = savedValue();
    const history = new History();
    const gesture = history.beginGesture('adjust jaw');
    for (const [from, to] of [
      [0, 0.2],
      [0.2, 0.4],
      [0.4, 0.6],
    ] as const) {
      await gesture.update(command(from, to, 'drag'));
    }
    await gesture.commit();
    expect(history.snapshot().undoDepth).toBe(1);
    await history.undo();
    expect(saved).toEqual([0]);
  });
});
