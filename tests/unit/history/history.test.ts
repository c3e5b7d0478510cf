import { describe, expect, it } from 'vitest';
import { composite, History, setValueCommand, type Command } from '../../../src/shared/history';

/** A tiny document: one named value, edited through commands that log every write. */
function makeDoc<T>(initial: T) {
  const doc = { value: initial, writes: [] as T[] };
  const set = (label: string, to: T, mergeKey?: string, scopes?: string[]): Command => {
    const from = doc.value;
    return setValueCommand({
      label,
      from,
      to,
      mergeKey,
      scopes,
      write: (value) => {
        doc.value = value;
        doc.writes.push(value);
      },
    });
  };
  return { doc, set };
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('History', () => {
  it('undoes and redoes in order and labels the next step', async () => {
    const history = new History();
    const { doc, set } = makeDoc('Untitled');
    await history.execute(set('rename project', 'Portrait A'));
    await history.execute(set('rename project', 'Portrait B'));
    expect(doc.value).toBe('Portrait B');
    expect(history.snapshot()).toMatchObject({
      canUndo: true,
      canRedo: false,
      undoLabel: 'rename project',
      undoDepth: 2,
    });

    expect(await history.undo()).toBe(true);
    expect(doc.value).toBe('Portrait A');
    expect(await history.undo()).toBe(true);
    expect(doc.value).toBe('Untitled');
    expect(await history.undo()).toBe(false);
    expect(history.snapshot()).toMatchObject({ canUndo: false, canRedo: true, redoDepth: 2 });

    expect(await history.redo()).toBe(true);
    expect(doc.value).toBe('Portrait A');
  });

  it('drops the redo branch when a new edit follows an undo', async () => {
    const history = new History();
    const { doc, set } = makeDoc(0);
    await history.execute(set('set', 1));
    await history.execute(set('set', 2));
    await history.undo();
    await history.execute(set('set', 7));
    expect(history.snapshot().canRedo).toBe(false);
    expect(await history.redo()).toBe(false);
    await history.undo();
    expect(doc.value).toBe(1);
  });

  it('folds a gesture into one step that reverts straight to the value before the drag', async () => {
    const history = new History();
    const { doc, set } = makeDoc(0.1);
    const drag = history.beginGesture('change smile');
    for (const value of [0.2, 0.35, 0.5, 0.8]) await drag.update(set('set smile', value, 'smile'));
    await drag.commit();
    expect(doc.value).toBeCloseTo(0.8, 10);
    expect(history.snapshot()).toMatchObject({ undoDepth: 1, undoLabel: 'change smile', gestureOpen: false });

    doc.writes.length = 0;
    await history.undo();
    // The folded command jumps back in one write instead of replaying 0.5, 0.35, 0.2.
    expect(doc.writes).toEqual([0.1]);
    await history.redo();
    expect(doc.value).toBeCloseTo(0.8, 10);
  });

  it('folds gesture updates without a merge of their own into a composite reverted in reverse order', async () => {
    const history = new History();
    const log: string[] = [];
    const step = (name: string): Command => ({
      label: name,
      apply: () => void log.push(`apply ${name}`),
      revert: () => void log.push(`revert ${name}`),
    });
    const drag = history.beginGesture('move points');
    await drag.update(step('a'));
    await drag.update(step('b'));
    await drag.commit();
    log.length = 0;
    await history.undo();
    expect(log).toEqual(['revert b', 'revert a']);
  });

  it('cancel reverts what a gesture applied and records nothing', async () => {
    const history = new History();
    const { doc, set } = makeDoc(3);
    const drag = history.beginGesture('scrub');
    await drag.update(set('set', 4, 'x'));
    await drag.update(set('set', 9, 'x'));
    await drag.cancel();
    expect(doc.value).toBe(3);
    expect(history.snapshot()).toMatchObject({ canUndo: false, undoDepth: 0 });
    await expect(drag.update(set('set', 1, 'x'))).rejects.toThrow(/has ended/);
  });

  it('an empty gesture adds no step', async () => {
    const history = new History();
    await history.beginGesture('nothing').commit();
    expect(history.snapshot().undoDepth).toBe(0);
  });

  it('refuses undo and other edits while a gesture is open', async () => {
    const history = new History();
    const { set } = makeDoc(0);
    await history.execute(set('set', 1));
    const drag = history.beginGesture('drag');
    expect(history.snapshot()).toMatchObject({ gestureOpen: true, canUndo: false });
    expect(await history.undo()).toBe(false);
    expect(() => history.execute(set('set', 2))).toThrow(/gesture "drag" is open/);
    await drag.commit();
    expect(history.snapshot().canUndo).toBe(true);
  });

  it('merges same-key commands inside the merge window only, and seal() closes the step', async () => {
    let clock = 1000;
    const history = new History({ mergeWindowMs: 500, now: () => clock });
    const { doc, set } = makeDoc(0);
    await history.execute(set('nudge', 1, 'nudge-x'));
    clock += 200;
    await history.execute(set('nudge', 2, 'nudge-x'));
    expect(history.snapshot().undoDepth).toBe(1);
    clock += 600; // past the window: a new step
    await history.execute(set('nudge', 3, 'nudge-x'));
    expect(history.snapshot().undoDepth).toBe(2);
    history.seal();
    clock += 10;
    await history.execute(set('nudge', 4, 'nudge-x'));
    expect(history.snapshot().undoDepth).toBe(3);
    await history.execute(set('other', 5, 'nudge-y'));
    expect(history.snapshot().undoDepth).toBe(4);

    await history.undo();
    await history.undo();
    await history.undo();
    expect(doc.value).toBe(2);
    await history.undo();
    expect(doc.value).toBe(0);
  });

  it('runs operations one at a time in call order, even when applies are slow', async () => {
    const history = new History();
    const { doc } = makeDoc('A');
    const slowSet = (to: string, ms: number): Command => {
      let from = '';
      return {
        label: 'rename project',
        apply: async () => {
          from = doc.value;
          await delay(ms);
          doc.value = to;
        },
        revert: async () => {
          await delay(ms);
          doc.value = from;
        },
      };
    };
    const first = history.execute(slowSet('B', 30));
    expect(history.snapshot().busy).toBe(true);
    // Pressed while the rename is still in flight: must revert that rename, not nothing.
    const undone = history.undo();
    await first;
    expect(await undone).toBe(true);
    expect(doc.value).toBe('A');
    await history.whenIdle();
    expect(history.snapshot().busy).toBe(false);
  });

  it('records nothing when apply fails and keeps the step when revert fails', async () => {
    const history = new History();
    await expect(
      history.execute({
        label: 'broken',
        apply: () => Promise.reject(new Error('engine said no')),
        revert: () => undefined,
      }),
    ).rejects.toThrow('engine said no');
    expect(history.snapshot().undoDepth).toBe(0);

    let failRevert = true;
    await history.execute({
      label: 'flaky',
      apply: () => undefined,
      revert: () => (failRevert ? Promise.reject(new Error('offline')) : undefined),
    });
    await expect(history.undo()).rejects.toThrow('offline');
    expect(history.snapshot()).toMatchObject({ undoDepth: 1, undoLabel: 'flaky' });
    failRevert = false;
    expect(await history.undo()).toBe(true);
    expect(history.snapshot().redoLabel).toBe('flaky');
  });

  it('record() adds an already-applied edit without applying it again', async () => {
    const history = new History();
    const { doc, set } = makeDoc(1);
    const command = set('set', 2);
    doc.value = 2;
    doc.writes.length = 0;
    await history.record(command);
    expect(doc.writes).toEqual([]);
    await history.undo();
    expect(doc.value).toBe(1);
  });

  it('dropScope forgets steps that touch a deleted project', async () => {
    const history = new History();
    const { set } = makeDoc('x');
    await history.execute(set('rename project', 'a', undefined, ['p1']));
    await history.execute(set('rename project', 'b', undefined, ['p2']));
    await history.execute(set('rename project', 'c', undefined, ['p1']));
    await history.undo();
    history.dropScope('p1');
    expect(history.snapshot()).toMatchObject({ undoDepth: 1, redoDepth: 0 });
  });

  it('keeps at most `limit` steps, forgetting the oldest', async () => {
    const history = new History({ limit: 3 });
    const { doc, set } = makeDoc(0);
    for (let value = 1; value <= 5; value += 1) await history.execute(set('set', value));
    let undone = 0;
    while (await history.undo()) undone += 1;
    expect(undone).toBe(3);
    expect(doc.value).toBe(2);
  });

  it('notifies subscribers and keeps the snapshot identity stable between changes', async () => {
    const history = new History();
    const { set } = makeDoc(0);
    let notified = 0;
    const unsubscribe = history.subscribe(() => (notified += 1));
    const before = history.snapshot();
    expect(history.snapshot()).toBe(before);
    await history.execute(set('set', 1));
    expect(notified).toBeGreaterThan(0);
    expect(history.snapshot()).not.toBe(before);
    unsubscribe();
    const count = notified;
    await history.execute(set('set', 2));
    expect(notified).toBe(count);
  });
});

describe('History reach (the Projects page undoes only library steps)', () => {
  const libraryOnly = (command: Command) => command.library === true;

  it('leaves a project edit alone where it cannot be seen and names it', async () => {
    const history = new History();
    const project = { value: 'neutral' };
    const rename = { value: 'Portrait' };
    await history.execute(
      setValueCommand({
        label: 'rename project',
        from: 'Portrait',
        to: 'Portrait A',
        scopes: ['p1'],
        library: true,
        write: (value) => void (rename.value = value),
      }),
    );
    await history.execute(
      setValueCommand({
        label: 'apply Anger',
        from: 'neutral',
        to: 'anger',
        scopes: ['p1'],
        write: (value) => void (project.value = value),
      }),
    );

    history.setReach(libraryOnly);
    expect(history.snapshot()).toMatchObject({
      canUndo: false,
      undoLabel: 'apply Anger',
      undoOutOfReach: { label: 'apply Anger', scopes: ['p1'] },
    });
    expect(await history.undo()).toBe(false);
    expect(project.value).toBe('anger');
    expect(rename.value).toBe('Portrait A');

    // Back inside the project: undo works as before, and then the rename is in reach of the library.
    history.setReach(null);
    expect(history.snapshot()).toMatchObject({ canUndo: true, undoOutOfReach: null });
    expect(await history.undo()).toBe(true);
    expect(project.value).toBe('neutral');
    history.setReach(libraryOnly);
    expect(history.snapshot()).toMatchObject({ canUndo: true, undoLabel: 'rename project', undoOutOfReach: null });
    // The undone project edit is next to redo: out of reach too.
    expect(history.snapshot()).toMatchObject({ canRedo: false, redoOutOfReach: { label: 'apply Anger' } });
    expect(await history.redo()).toBe(false);
    expect(await history.undo()).toBe(true);
    expect(rename.value).toBe('Portrait');
    expect(await history.redo()).toBe(true);
    expect(rename.value).toBe('Portrait A');
  });

  it('keeps the library mark through folds and composites of library steps only', () => {
    const a: Command = { label: 'a', library: true, apply: () => undefined, revert: () => undefined };
    const b: Command = { label: 'b', apply: () => undefined, revert: () => undefined };
    expect(composite('ab', [a, a]).library).toBe(true);
    expect(composite('ab', [a, b]).library).toBe(false);
  });
});
