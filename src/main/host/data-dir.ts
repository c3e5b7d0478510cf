import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Where the web host and the CLI keep projects when no --data-dir is given: the platform's
 * per-user application-data folder.
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'Mien');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Mien');
  // XDG Base Directory spec: a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME;
  return join(xdg && xdg.startsWith('/') ? xdg : join(home, '.local', 'share'), 'mien');
}

/** The --data-dir value as an absolute path, or the platform default. */
export function resolveDataDir(flag: string | undefined): string {
  return flag ? resolve(flag) : defaultDataDir();
}
