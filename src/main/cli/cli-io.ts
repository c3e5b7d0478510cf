/** Where the CLI writes: results to stdout, progress and errors to stderr (so --json output stays parseable). */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/**
 * Control characters a terminal acts on: C0 except tab and newline (ESC starts colour, title and
 * cursor sequences, CR overwrites the line), DEL, and C1 (0x9b is an 8-bit CSI). Names of projects,
 * files and jobs come from users and files, so none of these may reach the terminal.
 */
// eslint-disable-next-line no-control-regex
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** The text without terminal control characters (see TERMINAL_CONTROLS). */
export const stripTerminalControls = (text: string): string => text.replace(TERMINAL_CONTROLS, '');

/**
 * JSON text for scripts: JSON.stringify escapes C0 controls but leaves DEL and C1 as they are, so
 * those are written as \u escapes too; the value a script parses is unchanged.
 */
export const terminalSafeJson = (value: unknown): string =>
  JSON.stringify(value, null, 2).replace(
    TERMINAL_CONTROLS,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

/** Wraps an output so every line printed through it is stripped of terminal control characters. */
export const printableIo = (io: CliIo): CliIo => ({
  out: (line) => io.out(stripTerminalControls(line)),
  err: (line) => io.err(stripTerminalControls(line)),
});

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Exit codes: 0 success, 1 the engine refused or failed (ApiError), 2 bad command line. */
export const ExitCode = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

/** A command-line mistake: printed with a one-line hint on where help is (cli-usage.ts), exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
