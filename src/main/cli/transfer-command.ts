import { type Asset } from '../../shared/api';
import { EXPRESSION_DETAIL_LAYER_ID, TRANSFER_LAYER_IDS, type LayerMix } from '../../shared/generate';
import type { Engine } from '../engine/engine';
import { UsageError } from './cli-io';
import type { CommandContext } from './commands';
import { formatLimitedAngles } from './format';
import { numberInRange } from './number-flags';
import { checkOutPath } from './out-path';
import { writePng } from './write-png';

export interface TransferFlags {
  out?: string;
  layers?: string;
  size?: string;
  frame?: string;
  neutral?: string;
  absolute?: boolean;
  pose?: boolean;
  /** retarget: the built-in mouth interior rather than each driver frame's own. */
  paintedMouth?: boolean;
}

type TransferEngine = Pick<Engine, 'renderPortrait' | 'expressionTransfer' | 'retargetVideo'>;
/** Imports a file into a project and waits for its analysis (or tracking); returns the asset. */
export type ImportAnalysed = (projectId: string, file: string, kind: 'portrait' | 'expression') => Promise<Asset>;

/** The issue's flag names: `pose` is accepted for the head layer. */
const LAYER_ALIASES: Record<string, string> = { pose: 'head' };

/**
 * "mouth=1,eyes=0.5,wrinkles=1" -> a layer mix; names must be the warp's layers, values numbers
 * (outside 0..1 they are clamped, with a note through `note`).
 */
export function parseLayers(text: string | undefined, note: (line: string) => void): LayerMix {
  const mix: LayerMix = {};
  for (const part of (text ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [rawName, value, ...rest] = part.split('=');
    const name = LAYER_ALIASES[rawName?.trim() ?? ''] ?? rawName?.trim() ?? '';
    if (!TRANSFER_LAYER_IDS.includes(name)) {
      throw new UsageError(`--layers: "${rawName}" is not a layer (${TRANSFER_LAYER_IDS.join(', ')})`);
    }
    if (value === undefined || rest.length > 0) {
      throw new UsageError(`--layers expects layer=alpha pairs with alphas from 0 to 1, got "${part}"`);
    }
    mix[name] = numberInRange(value, `--layers ${name}`, { min: 0, max: 1 }, note);
  }
  return mix;
}

/** The detail layer reads the expression photo's pixels; a video's frames are not decoded per frame. */
function noteDetailNeedsPhoto(context: CommandContext, mix: LayerMix): void {
  if ((mix[EXPRESSION_DETAIL_LAYER_ID] ?? 0) > 0) {
    context.io.err(
      `note: ${EXPRESSION_DETAIL_LAYER_ID} takes the lines of an expression photo; a video source has none, so it has no effect`,
    );
  }
}

function parseSize(size: string | undefined, note: (line: string) => void): number | null {
  return size === undefined ? null : numberInRange(size, '--size', { min: 16, max: 16384, whole: true }, note);
}

/** A frame number: whole; below 0 it is clamped to 0 (the upper end is known only after the import). */
function parseFrame(text: string | undefined, flag: string, note: (line: string) => void): number | null {
  return text === undefined ? null : numberInRange(text, flag, { min: 0, max: Infinity, whole: true }, note);
}

/**
 * `transfer APPEARANCE EXPRESSION --out OUT.png [--layers mouth=1,...]`: the appearance photo with
 * the expression of another photo (or of frame --frame of a video), mixed per layer, rendered at
 * full resolution (or --size on the long side).
 */
export async function runTransfer(
  context: CommandContext & { engine: TransferEngine },
  appearanceFile: string,
  expressionFile: string,
  flags: TransferFlags,
  importAnalysed: ImportAnalysed,
): Promise<void> {
  if (!flags.out?.toLowerCase().endsWith('.png')) {
    throw new UsageError(`transfer needs --out <file.png>${flags.out ? `, got "${flags.out}"` : ''}`);
  }
  const { engine, io } = context;
  const mix = parseLayers(flags.layers, io.err);
  const size = parseSize(flags.size, io.err);
  const frame = parseFrame(flags.frame, '--frame', io.err);
  const neutral = parseFrame(flags.neutral, '--neutral', io.err);
  checkOutPath(flags.out, 'file');
  const project = (await context.engine.handle('projects.create', { name: 'mien transfer' })) as { id: string };
  const appearance = await importAnalysed(project.id, appearanceFile, 'portrait');
  const source = await importAnalysed(project.id, expressionFile, 'expression');
  if (source.kind !== 'video' && (frame !== null || neutral !== null)) {
    throw new UsageError('--frame and --neutral pick frames of a video; the expression source is a photo');
  }
  if (source.kind === 'video') noteDetailNeedsPhoto(context, mix);
  const expression = await engine.expressionTransfer(
    { assetId: source.id, frameIndex: source.kind === 'video' ? (frame ?? 0) : null, neutralFrameIndex: neutral },
    flags.absolute ? 'absolute' : 'relative',
  );
  const rendered = await engine.renderPortrait(appearance.id, {
    mix,
    expression,
    size: { kind: 'full' },
    encode: 'png',
  });
  const written = await writePng(flags.out, rendered.bytes, size);
  const { report } = rendered;
  for (const line of formatLimitedAngles(report.capped)) io.err(line);
  const summary = { out: flags.out, ...written, mix, expression, report };
  if (context.json) io.out(JSON.stringify(summary, null, 2));
  else io.out(`${flags.out}: ${written.width}x${written.height}, rendered in ${report.renderMs.toFixed(0)} ms`);
}

/**
 * `retarget PORTRAIT DRIVER.mp4 --out OUT.mp4 [--absolute] [--no-pose] [--size N] [--neutral F]
 * [--layers ...]`: the driver's expression (and head turns) frame by frame on the portrait, as an
 * MP4 with the driver's frame rate and frame count. Prints the time spent in analysis (import,
 * face analysis and video tracking), render and encode.
 */
export async function runRetarget(
  context: CommandContext & { engine: TransferEngine },
  portraitFile: string,
  driverFile: string,
  flags: TransferFlags,
  importAnalysed: ImportAnalysed,
): Promise<void> {
  if (!flags.out?.toLowerCase().endsWith('.mp4')) {
    throw new UsageError(`retarget needs --out <file.mp4>${flags.out ? `, got "${flags.out}"` : ''}`);
  }
  const { engine, io } = context;
  const layerMix = parseLayers(flags.layers, io.err);
  const size = parseSize(flags.size, io.err);
  const neutral = parseFrame(flags.neutral, '--neutral', io.err);
  checkOutPath(flags.out, 'file');
  const analysisStart = performance.now();
  const project = (await engine.handle('projects.create', { name: 'mien retarget' })) as { id: string };
  const portrait = await importAnalysed(project.id, portraitFile, 'portrait');
  const driver = await importAnalysed(project.id, driverFile, 'portrait');
  if (driver.kind !== 'video') throw new UsageError(`${driverFile} is not a video; retarget needs a driving video`);
  noteDetailNeedsPhoto(context, layerMix);
  const analysisMs = performance.now() - analysisStart;
  let lastPercent = -1;
  const result = await engine.retargetVideo({
    portraitAssetId: portrait.id,
    driverAssetId: driver.id,
    outPath: flags.out,
    mode: flags.absolute ? 'absolute' : 'relative',
    includePose: flags.pose !== false,
    mouthFromDriver: !flags.paintedMouth,
    neutralFrameIndex: neutral,
    layerMix,
    ...(size !== null ? { longSide: size } : {}),
    signal: context.signal,
    onProgress: (done, total) => {
      const percent = Math.floor((done / total) * 10) * 10;
      if (percent !== lastPercent) io.err(`retarget: ${done}/${total} frames`);
      lastPercent = percent;
    },
  });
  const timing = {
    analysisMs,
    renderMs: result.renderMs,
    encodeMs: result.encodeMs,
    renderFps: result.frames / ((result.renderMs + result.encodeMs) / 1000),
  };
  if (result.cappedFrames > 0) {
    io.err(`note: the head turn was limited in ${result.cappedFrames} frames to keep the photo from tearing`);
  }
  if (context.json) io.out(JSON.stringify({ ...result, timing }, null, 2));
  else {
    io.out(
      `${result.outPath}: ${result.width}x${result.height}, ${result.frames} frames at ${result.fps} fps ` +
        `(neutral frame ${result.neutralFrameIndex}); analysis ${(analysisMs / 1000).toFixed(1)} s, ` +
        `render ${(result.renderMs / 1000).toFixed(1)} s, encode ${(result.encodeMs / 1000).toFixed(1)} s`,
    );
  }
}
