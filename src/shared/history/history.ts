import { fold, relabel, type Command } from './command';

export interface HistoryOptions {
  /** Oldest steps are forgotten beyond this many. */
  limit?: number;
  /**
   * Two commands with the same merge key fold into one step only if the second arrives within
   * this many milliseconds of the first (repeated arrow-key nudges); a gesture folds regardless.
   */
  mergeWindowMs?: number;
  /** Injected clock, for tests. */
  now?: () => number;
}

export interface HistorySnapshot {
  canUndo: boolean;
  canRedo: boolean;
  /** Label of the step Undo would revert, e.g. "rename project". */
  undoLabel: string | null;
  redoLabel: string | null;
  undoDepth: number;
  redoDepth: number;
  /** An apply or revert is still running (the engine answers asynchronously). */
  busy: boolean;
  /** A gesture (drag, scrub) is open: undo and redo wait until it ends. */
  gestureOpen: boolean;
  /** The step Undo would revert when it lies outside the reach (see History.setReach), else null. */
  undoOutOfReach: StepOutOfReach | null;
  redoOutOfReach: StepOutOfReach | null;
}

/** A step the current screen cannot undo or redo: its label and what it touches (a project id). */
export interface StepOutOfReach {
  label: string;
  scopes: readonly string[];
}

/** Which steps the current screen may undo or redo (null: all of them). */
export type HistoryReach = ((command: Command) => boolean) | null;

/** A drag or scrub: every update applies at once; commit turns them into one undo step. */
export interface Gesture {
  readonly label: string;
  readonly isOpen: boolean;
  /** Applies `command` now and folds it into this gesture's step. */
  update(command: Command): Promise<void>;
  /** Ends the gesture; what it applied becomes one undo step (none if nothing was applied). */
  commit(): Promise<void>;
  /** Ends the gesture and reverts what it applied; nothing enters history. */
  cancel(): Promise<void>;
}

interface Step {
  command: Command;
  /** Still accepts same-key merges (sealed by undo, redo, a different command, a gesture end). */
  open: boolean;
  lastChangeAt: number;
}

/**
 * The one command stack of the app. Only what goes through `execute`, `record` or a gesture
 * enters history: anything else (selection, zoom, panel layout) is never undone. Operations run
 * one at a time in call order, so an undo pressed while a rename is still in flight reverts that
 * rename, not the step before it.
 */
export class History {
  private readonly limit: number;
  private readonly mergeWindowMs: number;
  private readonly now: () => number;
  private undoSteps: Step[] = [];
  private redoSteps: Command[] = [];
  private tail: Promise<unknown> = Promise.resolve();
  private running = 0;
  private gesture: Gesture | null = null;
  private readonly listeners = new Set<() => void>();
  private cachedSnapshot: HistorySnapshot | null = null;
  private reach: HistoryReach = null;

  constructor(options: HistoryOptions = {}) {
    this.limit = Math.max(1, options.limit ?? 200);
    this.mergeWindowMs = options.mergeWindowMs ?? 1000;
    this.now = options.now ?? (() => Date.now());
  }

  /** Applies `command` and records it as one undo step (or folds it into the open same-key step). */
  execute(command: Command): Promise<void> {
    this.assertNoGesture('execute');
    return this.enqueue(async () => {
      await command.apply();
      this.recordApplied(command);
    });
  }

  /** Records a command whose effect already happened (an optimistic edit); does not apply it. */
  record(command: Command): Promise<void> {
    this.assertNoGesture('record');
    return this.enqueue(async () => this.recordApplied(command));
  }

  /** Starts a drag or scrub; see Gesture. Only one gesture is open at a time. */
  beginGesture(label: string): Gesture {
    this.assertNoGesture('beginGesture');
    this.seal();
    let accumulated: Command | null = null;
    let open = true;
    const end = (): void => {
      open = false;
      if (this.gesture === gesture) this.gesture = null;
      this.changed();
    };
    const gesture: Gesture = {
      label,
      get isOpen() {
        return open;
      },
      update: (command) => {
        if (!open) return Promise.reject(new Error(`gesture "${label}" has ended`));
        return this.enqueue(async () => {
          await command.apply();
          accumulated = accumulated ? fold(accumulated, command, label) : relabel(command, label);
        });
      },
      commit: () => {
        if (!open) return Promise.resolve();
        end();
        return this.enqueue(async () => {
          if (!accumulated) return;
          this.pushStep({ command: accumulated, open: false, lastChangeAt: this.now() });
        });
      },
      cancel: () => {
        if (!open) return Promise.resolve();
        end();
        return this.enqueue(async () => {
          if (accumulated) await accumulated.revert();
        });
      },
    };
    this.gesture = gesture;
    this.changed();
    return gesture;
  }

  /**
   * Limits undo and redo to the steps `reach` accepts (the Projects page: library steps only), so an
   * edit inside a project is never reverted where it cannot be seen. The stack stays linear: when
   * the next step is out of reach, undo does nothing and the snapshot names that step.
   */
  setReach(reach: HistoryReach): void {
    this.reach = reach;
    this.changed();
  }

  /** Reverts the latest step. Resolves false when there is nothing to undo, a gesture is open or the step is out of reach. */
  undo(): Promise<boolean> {
    if (this.gesture) return Promise.resolve(false);
    return this.enqueue(async () => {
      const step = this.undoSteps.at(-1);
      if (!step || !this.inReach(step.command)) return false;
      step.open = false;
      // Moved only once revert succeeded: a failed undo leaves the step where it was, to retry.
      await step.command.revert();
      this.undoSteps.pop();
      this.redoSteps.push(step.command);
      return true;
    });
  }

  /** Re-applies the latest undone step. Resolves false when there is nothing to redo. */
  redo(): Promise<boolean> {
    if (this.gesture) return Promise.resolve(false);
    return this.enqueue(async () => {
      const command = this.redoSteps.at(-1);
      if (!command || !this.inReach(command)) return false;
      await command.apply();
      this.redoSteps.pop();
      this.undoSteps.push({ command, open: false, lastChangeAt: this.now() });
      return true;
    });
  }

  /** Closes the latest step to merges: the next same-key command starts a new step. */
  seal(): void {
    const top = this.undoSteps.at(-1);
    if (top) top.open = false;
  }

  /** Forgets every step touching `scope` (e.g. a deleted project), on both stacks. */
  dropScope(scope: string): void {
    const touches = (command: Command): boolean => command.scopes?.includes(scope) ?? false;
    this.undoSteps = this.undoSteps.filter((step) => !touches(step.command));
    this.redoSteps = this.redoSteps.filter((command) => !touches(command));
    this.changed();
  }

  clear(): void {
    this.undoSteps = [];
    this.redoSteps = [];
    this.changed();
  }

  /** Resolves once every queued apply/revert has finished. */
  whenIdle(): Promise<void> {
    return this.tail.then(
      () => undefined,
      () => undefined,
    );
  }

  /** Immutable view for UIs; the same object until something changes (fit for useSyncExternalStore). */
  snapshot(): HistorySnapshot {
    if (this.cachedSnapshot) return this.cachedSnapshot;
    const top = this.undoSteps.at(-1);
    const redoTop = this.redoSteps.at(-1);
    const undoInReach = top !== undefined && this.inReach(top.command);
    const redoInReach = redoTop !== undefined && this.inReach(redoTop);
    this.cachedSnapshot = {
      canUndo: undoInReach && this.gesture === null,
      canRedo: redoInReach && this.gesture === null,
      undoLabel: top?.command.label ?? null,
      redoLabel: redoTop?.label ?? null,
      undoDepth: this.undoSteps.length,
      redoDepth: this.redoSteps.length,
      busy: this.running > 0,
      gestureOpen: this.gesture !== null,
      undoOutOfReach: top && !undoInReach ? { label: top.command.label, scopes: top.command.scopes ?? [] } : null,
      redoOutOfReach: redoTop && !redoInReach ? { label: redoTop.label, scopes: redoTop.scopes ?? [] } : null,
    };
    return this.cachedSnapshot;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private inReach(command: Command): boolean {
    return this.reach === null || this.reach(command);
  }

  private recordApplied(command: Command): void {
    const top = this.undoSteps.at(-1);
    const at = this.now();
    if (
      top?.open &&
      command.mergeKey !== undefined &&
      top.command.mergeKey === command.mergeKey &&
      at - top.lastChangeAt <= this.mergeWindowMs
    ) {
      top.command = fold(top.command, command);
      top.lastChangeAt = at;
      this.redoSteps = [];
      return;
    }
    this.pushStep({ command, open: command.mergeKey !== undefined, lastChangeAt: at });
  }

  private pushStep(step: Step): void {
    this.seal();
    this.undoSteps.push(step);
    if (this.undoSteps.length > this.limit) this.undoSteps.splice(0, this.undoSteps.length - this.limit);
    // A new edit after undo forks the timeline: the undone steps can no longer be redone.
    this.redoSteps = [];
  }

  private enqueue<T>(operation: () => Promise<T>): Promise<T> {
    this.running += 1;
    this.changed();
    const result = this.tail.then(operation);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result.finally(() => {
      this.running -= 1;
      this.changed();
    });
  }

  private assertNoGesture(operation: string): void {
    if (this.gesture)
      throw new Error(`${operation} while gesture "${this.gesture.label}" is open: commit or cancel it first`);
  }

  private changed(): void {
    this.cachedSnapshot = null;
    for (const listener of this.listeners) listener();
  }
}
