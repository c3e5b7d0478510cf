import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { Sha256 } from '../../shared/api';
import { answerByteRange } from '../host/byte-range';
import type { HostedEngine } from '../host/hosted-engine';

function textResponse(status: number, text: string, headers: Record<string, string> = {}): Response {
  return new Response(`${text}\n`, { status, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
}

/**
 * The answer to a mien-media://blob/<sha256> request: the blob the engine resolves (never a path
 * from the page), with single-range Range support so a <video> can seek, streamed from disk.
 * Kept free of Electron so it runs under plain Node in tests.
 */
export async function mediaProtocolResponse(
  engine: Pick<HostedEngine, 'resolveBlob'>,
  request: Request,
  pageOrigin: string,
): Promise<Response> {
  const url = new URL(request.url);
  const sha = url.pathname.slice(1);
  if (url.host !== 'blob' || !Sha256.safeParse(sha).success) {
    return textResponse(400, 'Bad request: expected mien-media://blob/<sha256>.');
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return textResponse(405, 'Method not allowed.', { Allow: 'GET, HEAD' });
  }
  const blob = engine.resolveBlob(sha);
  const size = blob
    ? await stat(blob.path)
        .then((info) => (info.isFile() ? info.size : null))
        .catch(() => null)
    : null;
  if (!blob || size === null) return textResponse(404, 'Not found.');

  const answer = answerByteRange(request.headers.get('Range'), size);
  const headers: Record<string, string> = {
    ...answer.headers,
    'Access-Control-Allow-Origin': pageOrigin,
    'X-Content-Type-Options': 'nosniff',
  };
  if (answer.status === 416) return textResponse(416, 'Range not satisfiable.', headers);
  headers['Content-Type'] = blob.mime;
  // Content-addressed: the bytes behind a sha never change.
  headers['Cache-Control'] = 'private, max-age=31536000, immutable';
  const body =
    request.method === 'HEAD' || !answer.span
      ? null
      : (Readable.toWeb(createReadStream(blob.path, answer.span)) as ReadableStream<Uint8Array>);
  return new Response(body, { status: answer.status, headers });
}
