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
