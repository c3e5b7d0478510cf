import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ApiError } from '../../../../shared/api/errors';
import type { ModelSource } from '../../../../shared/api';

/** Generators are 30-400 MB; anything past this is not a model of the contract. */
export const MAX_MODEL_BYTES = 4 * 1024 ** 3;

export interface CopiedSource {
  sha256: string;
  bytes: number;
}

/** Hashes and counts bytes as they pass; refuses past MAX_MODEL_BYTES. */
function hashingCounter(hash: ReturnType<typeof createHash>, counted: { bytes: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      counted.bytes += chunk.length;
      if (counted.bytes > MAX_MODEL_BYTES) {
        callback(new ApiError('invalid_request', `The model is larger than ${MAX_MODEL_BYTES / 1024 ** 3} GiB.`));
        return;
      }
      hash.update(chunk);
      callback(null, chunk);
    },
  });
}

async function openFile(path: string): Promise<Readable> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new ApiError('not_found', `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}.`);
  }
  if (!info.isFile()) throw new ApiError('invalid_request', `${path} is not a file.`);
  return createReadStream(path);
}

/** How long a server may take to answer; the body of a large model may then take as long as it needs. */
const CONNECT_TIMEOUT_MS = 30_000;

async function openUrl(url: string): Promise<Readable> {
  let response: Response;
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`no answer within ${CONNECT_TIMEOUT_MS / 1000} s`)),
    CONNECT_TIMEOUT_MS,
  );
  try {
    response = await fetch(url, { signal: controller.signal, redirect: 'follow' });
  } catch (error) {
    clearTimeout(timer);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new ApiError(
      'unavailable',
      `Cannot download ${url}: ${reason}. This machine may have no route to that host; download the file another way and install it from disk.`,
      { url, reason },
    );
  }
  clearTimeout(timer);
  if (!response.ok || !response.body) {
    throw new ApiError('unavailable', `Cannot download ${url}: the server answered ${response.status}.`, {
      url,
      status: response.status,
    });
  }
  return Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
}

/** Copies a file or downloads a URL to `target`, hashing on the way (one pass over a large file). */
export async function copySource(source: ModelSource, target: string): Promise<CopiedSource> {
  const input = source.kind === 'file' ? await openFile(source.path) : await openUrl(source.url);
  const hash = createHash('sha256');
  const counted = { bytes: 0 };
  try {
    await pipeline(input, hashingCounter(hash, counted), createWriteStream(target, { flags: 'wx' }));
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC') throw new ApiError('disk_full', 'The disk is full: the model could not be copied.');
    throw new ApiError('unavailable', `Copying the model failed: ${(error as Error).message}`);
  }
  return { sha256: hash.digest('hex'), bytes: counted.bytes };
}
