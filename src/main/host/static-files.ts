import { realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';

/**
 * MIME types of what a Vite build emits. A short table instead of a MIME package: the set of
 * files in out/renderer is ours and small, and an unknown extension is served as octet-stream
 * (with nosniff) rather than guessed.
 */
const mimeByExtension: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export function mimeTypeOf(filePath: string): string {
  return mimeByExtension[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

export interface StaticFile {
  path: string;
  size: number;
  mime: string;
}

/**
 * Finds the file for validated path segments inside `rootDir` (a real, absolute directory).
 * Returns null for anything absent, a directory, or a link leading outside the root.
 */
export async function findStaticFile(rootDir: string, segments: string[]): Promise<StaticFile | null> {
  const relative = segments.length === 0 ? ['index.html'] : segments;
  const candidate = join(rootDir, ...relative);
  if (!candidate.startsWith(rootDir + sep)) return null;
  try {
    const real = await realpath(candidate);
    if (!real.startsWith(rootDir + sep)) return null;
    const info = await stat(real);
    if (!info.isFile()) return null;
    return { path: real, size: info.size, mime: mimeTypeOf(real) };
  } catch {
    return null;
  }
}
