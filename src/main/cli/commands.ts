import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  ApiError,
  AssetKind,
  faceFailureSentence,
  type Asset,
  type Job,
  type MethodName,
  type ParamsOf,
  type ResultOf,
} from '../../shared/api';
import type { Engine } from '../engine/engine';
import { type CliIo, terminalSafeJson, UsageError } from './cli-io';
import { formatInstalledModel, formatModelList, installParams, type ModelInstallFlags } from './model-commands';
import { type EditFlags, runEdit } from './edit-command';
import { runRetarget, runTransfer, type TransferFlags } from './transfer-command';
import { type AnimateFlags, runAnimate } from './animate-command';
import { type RenderFlags, runRender } from './render-command';
import { runStyleTransfer, type StyleTransferFlags } from './style-transfer';
import { formatAsset, formatInfo, formatJobs, formatProject, formatProjects } from './format';
import { progressPrinter, waitForJob } from './cli-jobs';

export type CliEngine = Pick<
  Engine,
  'handle' | 'onEvent' | 'renderPortrait' | 'resolveExport' | 'openStream' | 'expressionTransfer' | 'retargetVideo'
>;

export interface CommandContext {
  engine: CliEngine;
  io: CliIo;
  json: boolean;
  /** Aborted on Ctrl-C: a running import is cancelled instead of left behind. */
  signal: AbortSignal;
  /** The data folder the engine runs on; null when it is a temporary one (edit, animate without --data-dir). */
  dataDir?: string | null;
}

/** Typed call through the engine (which validates params against the contract). */
function call<M extends MethodName>(engine: CliEngine, method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
  return engine.handle(method, params) as Promise<ResultOf<M>>;
}

function print(context: CommandContext, value: unknown, human: () => string[]): void {
  const lines = context.json ? [terminalSafeJson(value)] : human();
  for (const line of lines) context.io.out(line);
}

async function importFile(context: CommandContext, projectId: string, filePath: string, kind: string): Promise<void> {
  const { job, asset, followUps } = await importAndFinish(context, projectId, filePath, kind);
  print(context, { job, asset, followUps }, () => [
    ...formatAsset(asset),
    ...followUps.map(
      (followUp) => `${followUp.title}: ${followUp.state}${followUp.error ? ` (${followUp.error.message})` : ''}`,
    ),
  ]);
}

/** Imports a file, waits for the import and the follow-up jobs it starts (face analysis), returns the asset. */
async function importAndFinish(
  context: CommandContext,
  projectId: string,
  filePath: string,
  kind: string,
): Promise<{ job: Job; asset: Asset; followUps: Job[] }> {
  const parsedKind = AssetKind.safeParse(kind);
  if (!parsedKind.success) throw new UsageError(`--kind must be one of ${AssetKind.options.join(', ')}, got "${kind}"`);
  let bytes: Buffer;
  try {
    bytes = await readFile(filePath);
  } catch (error) {
    throw new ApiError(
      'not_found',
      `Cannot read ${filePath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const { engine, io } = context;
  const started = await call(engine, 'assets.importBytes', {
    projectId,
    kind: parsedKind.data,
    fileName: basename(filePath),
    bytes: new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength),
  });
  const job = await waitForJob(engine, started.id, progressPrinter(io, 'import'), context.signal);
  if (job.state !== 'succeeded') {
    const reason = job.error?.message ?? `the job ended as ${job.state}`;
    const code =
      job.error && job.state === 'failed' ? job.error.code : job.state === 'cancelled' ? 'cancelled' : 'internal';
    throw new ApiError(code as ApiError['code'], `Import of ${basename(filePath)} failed: ${reason}`, { job });
  }
  const assetId = job.result?.assetId;
  const assets = await call(engine, 'assets.list', { projectId });
  const asset = assets.find((candidate) => candidate.id === assetId);
  if (!asset)
    throw new ApiError('internal', `The import job succeeded but asset ${String(assetId)} is not in the project.`);
  const followUps = await finishFollowUpJobs(context, projectId);
  return { job, asset, followUps };
}

/**
 * An import starts follow-up work in the engine (face analysis of a photo; tracking and rig fitting
 * of a video). The CLI process hosts the engine, so exiting now would leave those jobs interrupted:
 * wait until the project has no active job, and report how each ended.
 */
async function finishFollowUpJobs(context: CommandContext, projectId: string): Promise<Job[]> {
  const finished = new Map<string, Job>();
  for (;;) {
    const active = await call(context.engine, 'jobs.list', { projectId, activeOnly: true });
    const next = active.find((candidate) => !finished.has(candidate.id));
    if (!next) return [...finished.values()];
    const label = next.kind === 'analyze-face' ? 'face analysis' : next.kind;
    finished.set(
      next.id,
      await waitForJob(context.engine, next.id, progressPrinter(context.io, label), context.signal),
    );
  }
}

/**
 * Imports a file and waits for its face analysis (or video tracking); fails with the analysis's
 * reason when it did not succeed, and, for a photo, with the viewer's sentence ("No face found in
 * this photo") when it found no usable face: the commands that take a portrait cannot go on.
 */
async function importAnalysed(context: CommandContext, projectId: string, file: string, kind: string): Promise<Asset> {
  const { asset, followUps } = await importAndFinish(context, projectId, file, kind);
  const failed = followUps.find((followUp) => followUp.state !== 'succeeded');
  if (failed) {
    throw new ApiError('invalid_request', `${file}: ${failed.title} ${failed.state}: ${failed.error?.message ?? ''}`);
  }
  if (asset.kind !== 'video') {
    const { analysis } = await call(context.engine, 'faces.get', { assetId: asset.id });
    if (analysis && !analysis.ok) throw new ApiError('invalid_request', `${file}: ${faceFailureSentence(analysis)}`);
  }
  return asset;
}

/** Command-specific flags (see usage in run-cli.ts). */
export interface CommandFlags {
  kind: string;
  project?: string;
  active: boolean;
  /** models install */
  model: ModelInstallFlags;
  edit: EditFlags;
  /** transfer and retarget; --generator (with --iterations) sends transfer to an installed style-based generator. */
  transfer: TransferFlags & StyleTransferFlags;
  animate: AnimateFlags;
  render: RenderFlags;
}

/** Runs one command given as words, e.g. ['projects', 'create', 'Alice']. */
export async function runCommand(context: CommandContext, words: string[], flags: CommandFlags): Promise<void> {
  const [group, action, ...rest] = words;
  const expectArgs = (count: number, usage: string): string[] => {
    if (rest.length !== count) throw new UsageError(`usage: ${usage}`);
    return rest;
  };
  if (group === 'info' && action === undefined) {
    const info = await call(context.engine, 'system.info', {});
    print(context, info, () => formatInfo(info));
    return;
  }
  if (group === 'projects' && action === 'list') {
    expectArgs(0, 'projects list');
    const projects = await call(context.engine, 'projects.list', {});
    print(context, projects, () => formatProjects(projects));
    return;
  }
  if (group === 'projects' && action === 'create') {
    if (rest.length === 0) throw new UsageError('usage: projects create <name>');
    const project = await call(context.engine, 'projects.create', { name: rest.join(' ') });
    print(context, project, () => [formatProject(project)]);
    return;
  }
  if (group === 'import') {
    if (action === undefined || rest.length !== 1) throw new UsageError('usage: import <projectId> <file>');
    await importFile(context, action, rest[0] as string, flags.kind);
    return;
  }
  if (group === 'edit') {
    if (action === undefined || rest.length !== 0) throw new UsageError('usage: edit <portrait> --out <file.png>');
    await runEdit(context, action, flags.edit, (projectId, file) =>
      importAnalysed(context, projectId, file, 'portrait'),
    );
    return;
  }
  if (group === 'animate') {
    if (action === undefined || rest.length !== 0) throw new UsageError('usage: animate <portrait> --out <file.gif>');
    await runAnimate(context, action, flags.animate, (projectId, file) =>
      importAnalysed(context, projectId, file, 'portrait'),
    );
    return;
  }
  if (group === 'render') {
    if (action === undefined || rest.length !== 0) {
      throw new UsageError('usage: render <project> --scene <name> --out <file.mp4>');
    }
    await runRender(context, action, flags.render);
    return;
  }
  if (group === 'transfer' || group === 'retarget') {
    const [second] = rest;
    if (action === undefined || second === undefined || rest.length !== 1) {
      throw new UsageError(
        group === 'transfer'
          ? 'usage: transfer <appearance> <expression> --out <file.png> [--generator MODEL_ID]'
          : 'usage: retarget <portrait> <driver.mp4> --out <file.mp4>',
      );
    }
    const importBoth = (projectId: string, file: string, kind: string): Promise<Asset> =>
      importAnalysed(context, projectId, file, kind);
    if (group === 'transfer' && flags.transfer.generator !== undefined) {
      await runStyleTransfer(context, action, second, flags.transfer, importBoth);
    } else {
      const run = group === 'transfer' ? runTransfer : runRetarget;
      await run(context, action, second, flags.transfer, importBoth);
    }
    return;
  }
  if (group === 'jobs' && action === 'list') {
    expectArgs(0, 'jobs list [--project <id>] [--active]');
    const params: ParamsOf<'jobs.list'> = {};
    if (flags.project) params.projectId = flags.project;
    if (flags.active) params.activeOnly = true;
    const jobs = await call(context.engine, 'jobs.list', params);
    print(context, jobs, () => formatJobs(jobs));
    return;
  }
  if (group === 'models' && action === 'list') {
    expectArgs(0, 'models list');
    const listed = await call(context.engine, 'models.list', {});
    print(context, listed, () => formatModelList(listed));
    return;
  }
  if (group === 'models' && action === 'install') {
    const [source] = expectArgs(
      1,
      'models install <file.onnx|url> [--sha256 HEX] [--role ROLE] [--id ID] [--metadata FILE]',
    );
    const installed = await call(context.engine, 'models.install', await installParams(source as string, flags.model));
    print(context, installed, () => [`Installed ${formatInstalledModel(installed)}`]);
    return;
  }
  if (group === 'models' && action === 'remove') {
    const [id] = expectArgs(1, 'models remove <id>');
    const removed = await call(context.engine, 'models.remove', { id: id as string });
    print(context, removed, () => [`Removed ${id as string}`]);
    return;
  }
  throw new UsageError(`unknown command "${words.join(' ')}"`);
}
