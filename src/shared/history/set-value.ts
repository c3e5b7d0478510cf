import type { Command } from './command';

export interface SetValueOptions<T> {
  label: string;
  from: T;
  to: T;
  /** Writes one value wherever it lives (the engine, a store); called with `to` on apply, `from` on revert. */
  write(value: T): void | Promise<void>;
  mergeKey?: string;
  scopes?: readonly string[];
  /** A library-level step (Command.library). */
  library?: boolean;
}

/** Brand that lets two value commands recognise each other when they fold. */
const valueCommands = new WeakMap<Command, SetValueOptions<unknown>>();

/**
 * "Set this value from A to B": the common shape of an edit (rename, a slider). Two of them with
 * the same merge key fold into one that goes from the first `from` straight to the last `to`.
 */
export function setValueCommand<T>(options: SetValueOptions<T>): Command {
  const command: Command = {
    label: options.label,
    mergeKey: options.mergeKey,
    scopes: options.scopes,
    library: options.library,
    apply: () => options.write(options.to),
    revert: () => options.write(options.from),
    mergeWith(next) {
      const later = valueCommands.get(next) as SetValueOptions<T> | undefined;
      if (!later || options.mergeKey === undefined || later.mergeKey !== options.mergeKey) return null;
      return setValueCommand({ ...later, label: options.label, from: options.from });
    },
  };
  valueCommands.set(command, options as SetValueOptions<unknown>);
  return command;
}
