import { accessSync, constants, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { UsageError } from './cli-io';

const statOrNull = (where: string): Stats | null => {
  try {
    return statSync(where);
  } catch {
    return null;
  }
};

const writable = (where: string): boolean => {
  try {
    accessSync(where, constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * Checks --out before any work (an import and a render take seconds to minutes): its folder exists
 * and can be written, and the path is not a folder where a file is written (or a file where a
 * folder of PNG frames is). Throws a UsageError naming what to change.
 */
export function checkOutPath(out: string, writes: 'file' | 'folder'): void {
  const absolute = path.resolve(out);
  const parent = path.dirname(absolute);
  const parentStats = statOrNull(parent);
  if (!parentStats) throw new UsageError(`--out "${out}": the folder ${parent} does not exist`);
  if (!parentStats.isDirectory()) throw new UsageError(`--out "${out}": ${parent} is not a folder`);
  if (!writable(parent)) throw new UsageError(`--out "${out}": the folder ${parent} cannot be written`);
  const existing = statOrNull(absolute);
  if (writes === 'file' && existing?.isDirectory()) {
    throw new UsageError(`--out "${out}" is a folder; name a file in it`);
  }
  if (writes === 'folder' && existing && !existing.isDirectory()) {
    throw new UsageError(`--out "${out}" is a file; a folder of PNG frames needs a path without an extension`);
  }
  if (existing && !writable(absolute)) throw new UsageError(`--out "${out}" exists and cannot be written`);
}
