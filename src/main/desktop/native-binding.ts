import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Relative to the project root: where scripts/rebuild-electron-native.mjs puts the Electron-ABI build. */
export const ELECTRON_SQLITE_BINDING = join('build', 'native', 'electron', 'better_sqlite3.node');

/**
 * better-sqlite3's binary is built for one ABI. node_modules holds Node's build (for tests, the
 * web host and the CLI); in development Electron needs its own, made by
 * scripts/rebuild-electron-native.mjs. A packaged app needs none: electron-builder rebuilds the
 * module for Electron when packaging.
 */
export function findElectronSqliteBinding(appPath: string, isPackaged: boolean): string | undefined {
  if (isPackaged) return undefined;
  const candidate = join(appPath, ELECTRON_SQLITE_BINDING);
  return existsSync(candidate) ? candidate : undefined;
}
