import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** sha256 of several files read in order, as one stream (a model.json and its shards). */
export async function sha256OfFiles(paths: string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of paths) hash.update(await readFile(file));
  return hash.digest('hex');
}
