import type { Command } from '../../shared/history';

/** The set-value command each waitingForSave wrapper stands for (folding needs the original). */
const wrapped = new WeakMap<Command, Command>();

/**
 * A command whose undo and redo complete only once `settle` says their values are saved (the rig's
 * debounced saver: rig-panel-store settleRigSave), and fail when the save fails (the step then
 * stays where it was, to retry). The edit itself, applied the first time, does not wait: a drag
 * shows at once and is saved after the debounce.
 */
export function waitingForSave(command: Command, settle: () => Promise<void>, appliedBefore = false): Command {
  let applied = appliedBefore;
  const waiting: Command = {
    label: command.label,
    mergeKey: command.mergeKey,
    scopes: command.scopes,
    async apply() {
      await command.apply();
      if (applied) await settle();
      applied = true;
    },
    async revert() {
      await command.revert();
      await settle();
    },
    mergeWith(next) {
      const merged = command.mergeWith?.(wrapped.get(next) ?? next) ?? null;
      return merged ? waitingForSave(merged, settle, true) : null;
    },
  };
  wrapped.set(waiting, command);
  return waiting;
}
