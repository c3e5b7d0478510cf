/**
 * One user edit that can be undone. `apply` makes the change, `revert` takes it back; both may be
 * async because most edits go through the engine API.
 */
export interface Command {
  /** What the user sees in the menu: "rename project" becomes "Undo rename project". */
  readonly label: string;
  apply(): void | Promise<void>;
  revert(): void | Promise<void>;
  /**
   * Consecutive commands with the same key fold into one undo step (a slider scrub, repeated arrow
   * nudges of one value) while the step is still open; see History.execute and History.seal.
   */
  readonly mergeKey?: string;
  /**
   * Folds a later command of the same merge key into this one, e.g. "set x 1->2" + "set x 2->5"
   * becomes "set x 1->5", so undo jumps straight back without replaying every intermediate value.
   * Return null to fall back to a composite that reverts each step in reverse order.
   */
  mergeWith?(next: Command): Command | null;
  /**
   * What the command touches (project ids, say). History.dropScope removes every step that touches
   * a scope that no longer exists, so undo never replays an edit onto a deleted project.
   */
  readonly scopes?: readonly string[];
  /**
   * A library-level step (rename a project): the Projects page can undo it. Steps without it belong
   * inside their project (its id in `scopes`) and are undone only there; see History.setReach.
   */
  readonly library?: boolean;
}

/** Runs `commands` in order as one step; reverts in reverse order. */
export function composite(label: string, commands: readonly Command[]): Command {
  const steps = [...commands];
  return {
    label,
    mergeKey: steps[0]?.mergeKey,
    scopes: [...new Set(steps.flatMap((step) => step.scopes ?? []))],
    library: steps.length > 0 && steps.every((step) => step.library === true),
    async apply() {
      for (const step of steps) await step.apply();
    },
    async revert() {
      for (const step of [...steps].reverse()) await step.revert();
    },
  };
}

/** Folds `next` into `previous` (same merge key), preferring the command's own merge. */
export function fold(previous: Command, next: Command, label = previous.label): Command {
  const merged = previous.mergeWith?.(next) ?? null;
  if (merged) return merged.label === label ? merged : relabel(merged, label);
  return composite(label, [previous, next]);
}

/** The same command under another label (a gesture's label names the whole drag). */
export function relabel(command: Command, label: string): Command {
  return {
    label,
    mergeKey: command.mergeKey,
    scopes: command.scopes,
    library: command.library,
    apply: () => command.apply(),
    revert: () => command.revert(),
    mergeWith: command.mergeWith ? (next) => command.mergeWith?.(next) ?? null : undefined,
  };
}
