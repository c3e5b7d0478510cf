import fs from 'node:fs';
import path from 'node:path';

/** True for an existing file this process may run (on Windows, where there is no execute bit, any file). */
export function isExecutableFile(candidate: string): boolean {
  try {
    if (!fs.statSync(candidate).isFile()) return false;
    fs.accessSync(candidate, process.platform === 'win32' ? fs.constants.F_OK : fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first of `names` that is an executable file in a folder of the PATH, folder by folder; null when none. */
export function findOnSearchPath(names: readonly string[], env: NodeJS.ProcessEnv): string | null {
  for (const folder of (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = path.join(folder, name);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return null;
}
