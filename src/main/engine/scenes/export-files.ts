import fs from 'node:fs';
import path from 'node:path';

/** Exports are plain files the user takes elsewhere, not content-addressed blobs: <dataDir>/exports/<projectId>/. */
export const EXPORTS_FOLDER = 'exports';

export const projectExportsDir = (dataDir: string, projectId: string): string =>
  path.join(dataDir, EXPORTS_FOLDER, projectId);

/** Removes an export (a file, or a PNG sequence's folder); a file already gone is not an error. */
export function removeExport(dataDir: string, projectId: string, fileName: string): void {
  fs.rmSync(path.join(projectExportsDir(dataDir, projectId), fileName), { recursive: true, force: true });
}

/** Removes every export of a deleted project. */
export function removeProjectExports(dataDir: string, projectId: string): void {
  fs.rmSync(projectExportsDir(dataDir, projectId), { recursive: true, force: true });
}

/** The partial output of an export job while it runs: `.partial-<jobId>` plus the format's extension. */
export const partialExportName = (jobId: string, extension: string): string => `.partial-${jobId}${extension}`;

/**
 * Removes partial outputs that no running export owns: what an engine killed mid-export (power
 * cut, SIGKILL) left behind. Called when a project starts an export, so it costs nothing otherwise.
 */
export function removeStalePartialExports(
  dataDir: string,
  projectId: string,
  isRunning: (jobId: string) => boolean,
): void {
  const dir = projectExportsDir(dataDir, projectId);
  if (!fs.existsSync(dir)) return;
  for (const name of fs.readdirSync(dir)) {
    const match = /^\.partial-([^.]+)/.exec(name);
    if (match && !isRunning(match[1]!)) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}
