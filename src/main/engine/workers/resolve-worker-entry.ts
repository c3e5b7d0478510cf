import fs from 'node:fs';

/**
 * Where the worker script is. Unbuilt (vitest, tsx) the engine runs from .ts sources and the entry
 * is the sibling worker-entry.ts. Built by electron-vite, this code sits in out/main/ (or in a
 * shared chunk one level below) next to the `worker` entry, out/main/worker.js.
 */
export function resolveWorkerEntry(moduleUrl: string = import.meta.url): URL {
  const candidates = moduleUrl.endsWith('.ts')
    ? [new URL('./worker-entry.ts', moduleUrl)]
    : [new URL('./worker.js', moduleUrl), new URL('../worker.js', moduleUrl), new URL('./worker.mjs', moduleUrl)];
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (!found) {
    throw new Error(`Cannot find the engine worker script; looked at ${candidates.map((c) => c.pathname).join(', ')}`);
  }
  return found;
}
