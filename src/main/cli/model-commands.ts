import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ApiError, InstallableRole, type InstalledModelView, type ParamsOf, type ResultOf } from '../../shared/api';
import { UsageError } from './cli-io';

/** Flags of `models install`. */
export interface ModelInstallFlags {
  sha256?: string;
  role?: string;
  id?: string;
  metadata?: string;
}

const isUrl = (source: string): boolean => /^https?:\/\//i.test(source);

/** model.onnx -> model.mien.json next to it (docs/models.md). */
export const sidecarPathOf = (file: string): string => file.replace(/\.onnx$/i, '') + '.mien.json';

async function readSidecar(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ApiError(
      'not_found',
      `Cannot read the metadata sidecar ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}); write one as docs/models.md describes, or pass --metadata FILE.`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiError('invalid_request', `${file} is not JSON: ${(error as Error).message}`);
  }
}

/** Builds models.install params from the command line: the sidecar is read here, the engine validates it. */
export async function installParams(source: string, flags: ModelInstallFlags): Promise<ParamsOf<'models.install'>> {
  if (flags.role !== undefined && !InstallableRole.safeParse(flags.role).success) {
    throw new UsageError(`--role must be one of ${InstallableRole.options.join(', ')}, got "${flags.role}"`);
  }
  if (isUrl(source) && !flags.metadata) throw new UsageError('installing from a URL needs --metadata FILE');
  const absolute = isUrl(source) ? source : path.resolve(source);
  const metadata = await readSidecar(flags.metadata ? path.resolve(flags.metadata) : sidecarPathOf(absolute));
  return {
    source: isUrl(source) ? { kind: 'url', url: source } : { kind: 'file', path: absolute },
    metadata: metadata as ParamsOf<'models.install'>['metadata'],
    ...(flags.sha256 !== undefined ? { sha256: flags.sha256.toLowerCase() } : {}),
    ...(flags.role !== undefined ? { role: flags.role as InstallableRole } : {}),
    ...(flags.id !== undefined ? { id: flags.id } : {}),
  };
}

const megabytes = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(1)} MB`;

export function formatInstalledModel(model: InstalledModelView): string {
  const c = model.contract;
  const shape =
    c.role === 'synthesis' || c.role === 'encoder'
      ? `${c.resolution}px, ${c.numWs} ws`
      : c.role === 'perceptual'
        ? `${c.resolution}px, layers ${c.layers.join(',')}`
        : c.role === 'motion'
          ? `window ${c.window} frames at ${c.fps} fps`
          : `z ${c.zDim}`;
  return `${model.id}  ${model.role}  ${shape}  ${megabytes(model.bytes)}  sha256 ${model.sha256.slice(0, 12)}  (${model.origin}; ${c.licence})`;
}

export function formatModelList(listed: ResultOf<'models.list'>): string[] {
  const lines = listed.models.length === 0 ? ['(no models installed)'] : listed.models.map(formatInstalledModel);
  return [...lines, ...listed.problems.map((p) => `! ${p.folder}: ${p.reason}`)];
}
