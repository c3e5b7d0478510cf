import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { toApiError } from '../../shared/api';
import type { EngineOptions } from '../engine/engine';
import { resolveDataDir } from '../host/data-dir';
import { type CliIo, ExitCode, printableIo, terminalSafeJson, UsageError } from './cli-io';
import { type CliEngine, runCommand } from './commands';

export const cliUsage = `Usage: npm run mien -- [--data-dir <path>] [--json] <command>

Commands:
  info                               engine version, project store and ffmpeg status
  projects list                      list projects
  projects create <name>             create a project, print it
  import <projectId> <file>          import a photo (--kind portrait|expression, default portrait);
                                     waits for the job and prints progress on stderr
  jobs list                          list jobs (--project <id>, --active)
  models list                        installed generator models (docs/models.md)
  models install <file.onnx|url>     copy (or download), verify and probe a model; its metadata is read
                                     from <file>.mien.json or --metadata FILE; --sha256 HEX checks the
                                     file, --role synthesis|mapping|perceptual|encoder|motion, --id ID
  models remove <id>                 delete an installed model
  edit <portrait> --out <file.png>   render the portrait with an edited rig at full resolution:
       [--preset NAME]               a built-in expression (smile, grin, surprise, openMouth, ...)
       [--set jawOpen=0.6,...]       ARKit coefficients on top (0..1)
       [--pose yaw=10,pitch=0,roll=0] head angles in degrees (absolute, like the rig panel)
       [--size N]                    long side of the output in pixels (default: the photo's own)
                                     without --data-dir it works in a temporary folder
  transfer <appearance> <expression> --out <file.png>
                                     the appearance photo with the other photo's expression
       [--layers mouth=1,eyes=1,brows=0.5,head=0]
                                     per-layer alphas (head|pose, brows, eyes, nose, mouth; 0..1)
                                     wrinkles=1: the photo's expression lines too (default 0)
       [--frame N] [--neutral N]     an expression video: the frame to take, and its neutral frame
       [--absolute] [--size N]       a video frame's values as they are (default: its change from
                                     the neutral frame, added to the portrait's own expression)
  retarget <portrait> <driver.mp4> --out <file.mp4>
                                     drive the portrait with a video: same frame rate and count
       [--absolute] [--no-pose]      absolute coefficients; keep the portrait's head still
       [--neutral N] [--layers ...]  the driver's rest frame (default: its most neutral); strengths
       [--size N]                    long side of the output in pixels (default: the photo's own)
       [--painted-mouth]             the built-in mouth interior instead of each frame's own
                                     transfer and retarget also work in a temporary folder
  render <project> --scene NAME --out <file>
                                     export a scene of a project (id or name) through the export job:
       [--format mp4|gif|webm|png]   default: --out's extension; png writes a folder of frames
       [--size N]                    long side in pixels (1080, 720, 512, any from 16) or original
       [--fps N]                     output frame rate (default: the scene's)
       [--range A:B]                 the scene's frames A to B (B excluded) at the scene's rate
  animate <portrait> --out <file.gif|.mp4|.webm>
                                     a one-shot animation, no project needed (temporary folder
                                     without --data-dir):
       [--keys "0:neutral,1:smile"]  states at times in seconds (photo, neutral, smile, surprise, ...)
       [--preset NAME]               or: from the photo's expression to a preset, held
       [--duration S]                seconds (default: last key + 1 s, or 3 s)
       [--idle AMOUNT]               blinks, head sway, gaze and breathing on top (default 1 with
                                     neither --keys nor --preset, else 0)
       [--seed N] [--fps N] [--size N]
       [--motion-model ID]           move between the states with an installed motion model
                                     (role motion, docs/timeline.md) instead of in-betweening;
                                     needs --data-dir, where it is installed
  transfer <appearance> <expression> --out <file.png> --generator MODEL_ID
       [--layers 3,4]                method A with an installed style-based generator: inverts both
       [--iterations N]              photos (default 300 iterations), takes the expression photo's
                                     styles at these layers (0-based; default: the model's expression
                                     layers; 3=0.5 for a partial mix) and pastes the result into the
                                     appearance photo (docs/stylegan.md)

Options:
  --data-dir <path>  project folder (default: the platform's app-data folder, e.g. ~/.local/share/mien)
  --json             print results as JSON on stdout
  --help             this text

Exit codes: 0 done, 1 the engine refused or failed (message on stderr), 2 bad command line, 130 interrupted.`;

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
      options: {
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
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    io.err(`mien: ${(error as Error).message}\n\n${cliUsage}`);
    return ExitCode.usage;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0 || positionals[0] === 'help') {
    (values.help || positionals[0] === 'help' ? io.out : io.err)(cliUsage);
    return values.help || positionals[0] === 'help' ? ExitCode.ok : ExitCode.usage;
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
      io.err(`mien: ${error.message}\n\n${cliUsage}`);
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
