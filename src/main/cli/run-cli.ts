import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { toApiError } from '../../shared/api';
import type { EngineOptions } from '../engine/engine';
import { resolveDataDir } from '../host/data-dir';
import { type CliIo, ExitCode, printableIo, terminalSafeJson, UsageError } from './cli-io';
import { type CliEngine, runCommand } from './commands';
import { cliUsage, commandUsage, helpHint, isCommand } from './cli-usage';

const CLI_OPTIONS = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
  kind: { type: 'string', default: 'portrait' },
  project: { type: 'string' },
  active: { type: 'boolean', default: false },
  sha256: { type: 'string' },
  role: { type: 'string' },
  id: { type: 'string' },
  metadata: { type: 'string' },
  out: { type: 'string' },
  preset: { type: 'string' },
  set: { type: 'string' },
  pose: { type: 'string' },
  size: { type: 'string' },
  layers: { type: 'string' },
  frame: { type: 'string' },
  neutral: { type: 'string' },
  absolute: { type: 'boolean', default: false },
  'no-pose': { type: 'boolean', default: false },
  'painted-mouth': { type: 'boolean', default: false },
  scene: { type: 'string' },
  format: { type: 'string' },
  fps: { type: 'string' },
  range: { type: 'string' },
  keys: { type: 'string' },
  duration: { type: 'string' },
  idle: { type: 'string' },
  seed: { type: 'string' },
  'motion-model': { type: 'string' },
  generator: { type: 'string' },
  iterations: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** The command word of an argv that did not parse (for the help hint): its first positional, leniently read. */
function commandWordOf(argv: string[]): string | undefined {
  return parseArgs({ args: argv, options: CLI_OPTIONS, allowPositionals: true, strict: false }).positionals[0];
}

const ONE_OFF_COMMANDS = new Set(['edit', 'animate', 'transfer', 'retarget']);

export interface CliDependencies {
  io: CliIo;
  /** Builds the engine; closed by runCli when the command ends. */
  createEngine(options: EngineOptions): Promise<CliEngine & { close(): Promise<void> }>;
  /** Aborted on Ctrl-C. */
  signal?: AbortSignal;
}

/** Runs the CLI and returns its exit code; never throws. */
export async function runCli(argv: string[], deps: CliDependencies): Promise<number> {
  // Everything printed goes through one filter: names from users never carry terminal controls.
  const io = printableIo(deps.io);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: CLI_OPTIONS,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    io.err(`mien: ${(error as Error).message}`);
    io.err(helpHint(commandWordOf(argv)));
    return ExitCode.usage;
  }
  const { values, positionals } = parsed;
  // Only a request for help prints help: `help [COMMAND]`, or --help (after a command: its own).
  if (values.help || positionals[0] === 'help') {
    const command = positionals[0] === 'help' ? positionals[1] : positionals[0];
    io.out(isCommand(command) ? commandUsage(command) : cliUsage);
    return ExitCode.ok;
  }
  if (positionals.length === 0) {
    io.err('mien: no command given');
    io.err(helpHint(undefined));
    return ExitCode.usage;
  }

  let engine: Awaited<ReturnType<CliDependencies['createEngine']>> | undefined;
  // `edit`, `animate`, `transfer` and `retarget` without --data-dir are one-offs: a temporary project folder, removed afterwards.
  const temporaryDir =
    ONE_OFF_COMMANDS.has(positionals[0] ?? '') && values['data-dir'] === undefined
      ? mkdtempSync(path.join(os.tmpdir(), 'mien-edit-'))
      : null;
  try {
    const dataDir = temporaryDir ?? resolveDataDir(values['data-dir']);
    engine = await deps.createEngine({ dataDir, host: 'cli' });
    await runCommand(
      {
        engine,
        io,
        json: values.json,
        signal: deps.signal ?? new AbortController().signal,
        dataDir: temporaryDir ? null : dataDir,
      },
      positionals,
      {
        kind: values.kind,
        project: values.project,
        active: values.active,
        model: { sha256: values.sha256, role: values.role, id: values.id, metadata: values.metadata },
        edit: { out: values.out, preset: values.preset, set: values.set, pose: values.pose, size: values.size },
        transfer: {
          out: values.out,
          layers: values.layers,
          size: values.size,
          frame: values.frame,
          neutral: values.neutral,
          absolute: values.absolute,
          pose: !values['no-pose'],
          paintedMouth: values['painted-mouth'],
          generator: values.generator,
          iterations: values.iterations,
        },
        animate: {
          out: values.out,
          preset: values.preset,
          keys: values.keys,
          duration: values.duration,
          idle: values.idle,
          seed: values.seed,
          fps: values.fps,
          size: values.size,
          motionModel: values['motion-model'],
        },
        render: {
          scene: values.scene,
          out: values.out,
          format: values.format,
          size: values.size,
          fps: values.fps,
          range: values.range,
        },
      },
    );
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`mien: ${error.message}`);
      io.err(helpHint(positionals[0]));
      return ExitCode.usage;
    }
    const apiError = toApiError(error);
    if (values.json) io.out(terminalSafeJson({ error: apiError.toShape() }));
    io.err(`mien: ${apiError.message} [${apiError.code}]`);
    return deps.signal?.aborted ? ExitCode.interrupted : ExitCode.failed;
  } finally {
    await engine?.close().catch(() => undefined);
    if (temporaryDir) rmSync(temporaryDir, { recursive: true, force: true });
  }
}
