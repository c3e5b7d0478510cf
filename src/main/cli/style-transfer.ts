import { writeFile } from 'node:fs/promises';
import {
  ApiError,
  Job,
  type Asset,
  type MethodName,
  type ParamsOf,
  type ResultOf,
  type StyleInversion,
} from '../../shared/api';
import type { LayerMix } from '../../shared/generate';
import type { Engine } from '../engine/engine';
import { UsageError } from './cli-io';
import type { CommandContext } from './commands';
import { numberInRange } from './number-flags';
import { checkOutPath } from './out-path';

export interface StyleTransferFlags {
  out?: string;
  /** Installed synthesis model id. */
  generator?: string;
  /** "3,4" (style inputs taking the expression photo's styles, 0-based as in the metadata) or "3=0.5,4=1". */
  layers?: string;
  iterations?: string;
}

type StyleEngine = Pick<Engine, 'handle' | 'onEvent' | 'openStream'>;

const call = <M extends MethodName>(engine: StyleEngine, method: M, params: ParamsOf<M>): Promise<ResultOf<M>> =>
  engine.handle(method, params) as Promise<ResultOf<M>>;

/**
 * "3,4" -> {layer-3: 1, layer-4: 1, others 0}; "3=0.5" sets one alpha (outside 0..1 it is clamped,
 * with a note through `note`); names from the metadata work too.
 */
export function layerMixFromFlag(text: string, layerNames: string[], note: (line: string) => void): LayerMix {
  const mix: LayerMix = Object.fromEntries(layerNames.map((_, i) => [`layer-${i}`, 0]));
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, value, ...rest] = part.split('=');
    if (rest.length > 0)
      throw new UsageError(`--layers takes layer numbers or number=alpha (alpha 0..1), got "${part}"`);
    const key = name!.trim();
    const index = /^\d+$/.test(key) ? Number(key) : layerNames.indexOf(key);
    if (index < 0 || index >= layerNames.length) {
      throw new UsageError(
        `--layers: "${key}" is not a layer of this generator (0..${layerNames.length - 1}, or ${layerNames.join(', ')})`,
      );
    }
    mix[`layer-${index}`] = value === undefined ? 1 : numberInRange(value, `--layers ${key}`, { min: 0, max: 1 }, note);
  }
  return mix;
}

async function invert(
  context: CommandContext & { engine: StyleEngine },
  asset: Asset,
  generator: string,
  iterations: number,
): Promise<StyleInversion> {
  const { engine, io } = context;
  const started = await call(engine, 'stylegan.invert', { assetId: asset.id, synthesisId: generator, iterations });
  const job = await waitFor(engine, started.id, context.signal, (update) => {
    if (update.state === 'running') io.err(`invert ${asset.originalName}: ${update.progress.stage}`);
  });
  if (job.state !== 'succeeded') {
    throw new ApiError(
      job.state === 'cancelled' ? 'cancelled' : ((job.error?.code ?? 'internal') as ApiError['code']),
      `Inverting ${asset.originalName} ${job.state}: ${job.error?.message ?? ''}`,
    );
  }
  const inversions = await call(engine, 'stylegan.inversions', { projectId: asset.projectId, assetId: asset.id });
  return inversions[inversions.length - 1]!;
}

/** Waits for a job, printing at most one progress line a second. */
function waitFor(engine: StyleEngine, jobId: string, signal: AbortSignal, onUpdate: (job: Job) => void): Promise<Job> {
  return new Promise((resolve, reject) => {
    let lastPrint = 0;
    const done = (job: Job) => {
      stop();
      clearInterval(poll);
      signal.removeEventListener('abort', onAbort);
      resolve(job);
    };
    const seen = (job: Job) => {
      if (job.id !== jobId) return;
      if (['succeeded', 'failed', 'cancelled', 'interrupted'].includes(job.state)) return done(job);
      if (Date.now() - lastPrint >= 1000) {
        lastPrint = Date.now();
        onUpdate(job);
      }
    };
    const stop = engine.onEvent((event, payload) => event === 'job.updated' && seen(payload as Job));
    const poll = setInterval(() => call(engine, 'jobs.get', { id: jobId }).then(seen, reject), 500);
    const onAbort = () => void call(engine, 'jobs.cancel', { id: jobId }).catch(() => undefined);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * `transfer APPEARANCE EXPRESSION --out OUT.png --generator MODEL_ID [--layers 3,4] [--iterations N]`
 * (method A with an installed style-based generator): imports both photos into a scratch project,
 * inverts each, mixes their styles per layer (the model's expression layers unless --layers says),
 * pastes the result into the appearance photo at full resolution, writes the PNG and removes the
 * scratch project.
 */
export async function runStyleTransfer(
  context: CommandContext & { engine: StyleEngine },
  appearanceFile: string,
  expressionFile: string,
  flags: StyleTransferFlags,
  importPhoto: (projectId: string, file: string, kind: 'portrait' | 'expression') => Promise<Asset>,
): Promise<void> {
  const { engine, io } = context;
  if (!flags.generator) throw new UsageError('transfer with a style-based generator needs --generator MODEL_ID');
  if (!flags.out?.toLowerCase().endsWith('.png')) throw new UsageError('transfer needs --out <file.png>');
  const iterations =
    flags.iterations === undefined
      ? 300
      : numberInRange(flags.iterations, '--iterations', { min: 1, max: 5000, whole: true }, io.err);
  checkOutPath(flags.out, 'file');
  // The generator and the layers are checked before anything is imported: a typo costs nothing.
  const generator = await call(engine, 'stylegan.generator', { synthesisId: flags.generator });
  const layerNames = generator.layers.map((layer) => layer.name.split(' · ')[1]!.replace(/ \(.*$/, ''));
  const mix = flags.layers === undefined ? {} : layerMixFromFlag(flags.layers, layerNames, io.err);

  const project = await call(engine, 'projects.create', { name: 'mien transfer' });
  try {
    const appearance = await importPhoto(project.id, appearanceFile, 'portrait');
    const expression = await importPhoto(project.id, expressionFile, 'expression');
    const started = Date.now();
    const appearanceInversion = await invert(context, appearance, generator.synthesisId, iterations);
    const expressionInversion = await invert(context, expression, generator.synthesisId, iterations);
    const { streamId } = await call(engine, 'stylegan.openPreview', {});
    let png: Uint8Array | null = null;
    const stop = engine.openStream(streamId, (frame) => {
      png = frame.data;
    });
    const report = await call(engine, 'stylegan.preview', {
      streamId,
      appearanceInversionId: appearanceInversion.id,
      expressionInversionId: expressionInversion.id,
      mix,
      output: 'pasted',
      maxSide: 0,
    });
    while (png === null) await new Promise((resolve) => setTimeout(resolve, 5));
    stop();
    await call(engine, 'stylegan.closePreview', { streamId });
    await writeFile(flags.out, png);
    const loss = (inv: StyleInversion) =>
      `${inv.losses[0]?.toFixed(4) ?? '?'} -> ${inv.losses[inv.losses.length - 1]?.toFixed(4) ?? '?'}`;
    const summary = {
      out: flags.out,
      generator: generator.synthesisId,
      mix,
      appearanceLoss: appearanceInversion.losses,
      expressionLoss: expressionInversion.losses,
      width: report.width,
      height: report.height,
      seconds: (Date.now() - started) / 1000,
    };
    if (context.json) io.out(JSON.stringify(summary));
    else {
      io.out(
        `${flags.out}: ${report.width}x${report.height}; ${iterations} iterations each (loss ${loss(appearanceInversion)}, ${loss(expressionInversion)}) in ${summary.seconds.toFixed(1)} s`,
      );
    }
  } finally {
    await call(engine, 'projects.delete', { id: project.id }).catch(() => undefined);
  }
}
