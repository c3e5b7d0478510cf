import { cp, rm } from 'node:fs/promises';
import path from 'node:path';
import {
  ApiError,
  ExportSize,
  exportFpsLimit,
  MIN_EXPORT_FPS,
  succeededResult,
  type ExportResult,
  type ExportSettings,
} from '../../shared/api';
import { UsageError } from './cli-io';
import { progressPrinter, waitForJob } from './cli-jobs';
import type { CommandContext } from './commands';
import { formatOutOfRange } from './format';
import { numberInRange } from './number-flags';

const FORMATS = ['mp4', 'gif', 'webm', 'png'] as const;

/**
 * The format an output path asks for: --format when given (render), else its extension, or a
 * folder (PNG sequence) when it has none. A refusal names what the user can change: the extension
 * of --out unless --format was given.
 */
export function formatOfOut(out: string, given: string | undefined): ExportSettings['format'] {
  const extension = path.extname(out).slice(1).toLowerCase();
  const format = given?.toLowerCase() ?? (extension === '' ? 'png' : extension);
  if (!FORMATS.includes(format as ExportSettings['format'])) {
    throw new UsageError(
      given === undefined
        ? `--out must end in .mp4, .gif or .webm, or have no extension for a folder of PNG frames, got "${out}"`
        : `--format must be mp4, gif, webm or png (a folder of frames), got "${given}"`,
    );
  }
  if (format !== 'png' && extension !== format) {
    throw new UsageError(`--out "${out}" does not end in .${format}`);
  }
  return format as ExportSettings['format'];
}

/** --size: a preset long side (1080, 720, 512), any other long side in pixels (16 to 8192), or "original". */
export function parseSize(text: string | undefined, note: (line: string) => void): ExportSize {
  if (text === undefined || text === 'original') return 'original';
  if (!Number.isFinite(Number(text))) {
    throw new UsageError(`--size must be "original" or a long side in pixels from 16 to 8192, got "${text}"`);
  }
  const value = numberInRange(text, '--size', { min: 16, max: 8192, whole: true }, note);
  return ExportSize.parse(value === 1080 || value === 720 || value === 512 ? value : { longSide: value });
}

/**
 * --fps: output frames per second, from 1 to the format's limit (exportFpsLimit, the rule the
 * engine validates with: 50 for a GIF, 120 otherwise), clamped with a note like every number flag.
 */
export function parseFps(
  text: string | undefined,
  format: ExportSettings['format'],
  note: (line: string) => void,
): number | undefined {
  const range = { min: MIN_EXPORT_FPS, max: exportFpsLimit(format) };
  return text === undefined ? undefined : numberInRange(text, '--fps', range, note);
}

/**
 * The frame rate of an export without --fps: the scene's own, clamped to the format's limit with
 * the note an explicit --fps gets (a 60 fps scene as a GIF plays at 50), instead of a refusal from
 * the engine.
 */
export function sceneFpsForExport(
  sceneFps: number,
  format: ExportSettings['format'],
  note: (line: string) => void,
): number {
  const limit = exportFpsLimit(format);
  if (sceneFps <= limit) return sceneFps;
  note(formatOutOfRange("the scene's fps", sceneFps, limit));
  return limit;
}

/**
 * Runs an export job of a scene (progress on stderr, cancelled on Ctrl-C), then copies the file
 * (or the PNG folder) from the project's exports to `out`.
 */
export async function exportSceneToFile(
  context: CommandContext,
  sceneId: string,
  settings: Partial<ExportSettings> & Pick<ExportSettings, 'format'>,
  out: string,
): Promise<ExportResult> {
  const { engine, io } = context;
  const started = (await engine.handle('exports.start', { sceneId, settings })) as { id: string };
  const job = await waitForJob(engine, started.id, progressPrinter(io, 'export'), context.signal);
  const result = succeededResult(job, 'export');
  if (!result) {
    const code =
      job.state === 'failed' && job.error ? job.error.code : job.state === 'cancelled' ? 'cancelled' : 'internal';
    throw new ApiError(
      code as ApiError['code'],
      `The export ${job.state}: ${job.error?.message ?? 'no reason given'}`,
      { job },
    );
  }
  const file = engine.resolveExport(result.renderId);
  if (!file) throw new ApiError('internal', `The export ${result.fileName} finished but its file is missing.`);
  if (settings.format === 'png') await rm(out, { recursive: true, force: true });
  await cp(file.path, out, { recursive: true });
  return result;
}
