import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Id, Sha256 } from '../../shared/api';
import { checkToken, isOwnHost, tokenCookieHeader } from './auth';
import type { HostedEngine } from '../host/hosted-engine';
import { parseRequestTarget } from '../host/request-target';
import { answerByteRange } from '../host/byte-range';
import { securityHeaders } from '../host/security-headers';
import { findStaticFile } from '../host/static-files';

export interface HttpRouteContext {
  engine: HostedEngine;
  /** Real absolute path of the built renderer (out/renderer). */
  rendererDir: string;
  port: number;
  token: string;
  csp: string;
}

type Headers = Record<string, string | number>;

function sendText(response: ServerResponse, status: number, text: string, headers: Headers): void {
  response.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(`${text}\n`);
}

/** Sends a file (statics and media alike), honouring a single-range Range header; streams, never buffers. */
async function sendFile(
  request: IncomingMessage,
  response: ServerResponse,
  file: { path: string; size: number; mime: string },
  headers: Headers,
): Promise<void> {
  const answer = answerByteRange(request.headers.range, file.size);
  if (answer.status === 416) {
    sendText(response, 416, 'Range not satisfiable.', { ...headers, ...answer.headers });
    return;
  }
  response.writeHead(answer.status, { ...headers, 'Content-Type': file.mime, ...answer.headers });
  if (request.method === 'HEAD' || !answer.span) {
    response.end();
    return;
  }
  const stream = createReadStream(file.path, answer.span);
  stream.on('error', () => response.destroy());
  // A client that seeks drops its connection mid-file; stop reading then.
  response.on('close', () => stream.destroy());
  stream.pipe(response);
}

/** Serves the renderer's static files and, with the token, `/media/<sha256>` blobs and `/exports/<renderId>` files. */
export async function handleHttpRequest(
  context: HttpRouteContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const headers: Headers = securityHeaders(context.csp);
  if (!isOwnHost(request.headers.host, context.port)) {
    sendText(response, 403, 'Forbidden: unexpected Host header.', headers);
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    sendText(response, 405, 'Method not allowed.', { ...headers, Allow: 'GET, HEAD' });
    return;
  }
  const parsed = parseRequestTarget(request.url);
  if (!parsed.ok) {
    sendText(response, 400, `Bad request: ${parsed.reason}.`, headers);
    return;
  }
  const { segments, query } = parsed.target;
  const auth = checkToken(request, query, context.port, context.token);
  if (auth.fromQuery) headers['Set-Cookie'] = tokenCookieHeader(context.port, context.token);

  if (segments[0] === 'media') {
    if (!auth.authorized) {
      sendText(response, 401, 'Unauthorized: open the URL printed by `npm run web`.', headers);
      return;
    }
    const sha = segments[1];
    if (segments.length !== 2 || !Sha256.safeParse(sha).success) {
      sendText(response, 400, 'Bad request: expected /media/<64 lowercase hex sha256>.', headers);
      return;
    }
    const blob = context.engine.resolveBlob(sha as string);
    const size = blob
      ? await stat(blob.path)
          .then((info) => (info.isFile() ? info.size : null))
          .catch(() => null)
      : null;
    if (!blob || size === null) {
      sendText(response, 404, 'Not found.', headers);
      return;
    }
    // Content-addressed: the bytes behind a sha never change.
    headers['Cache-Control'] = 'private, max-age=31536000, immutable';
    await sendFile(request, response, { path: blob.path, size, mime: blob.mime }, headers);
    return;
  }
  if (segments[0] === 'exports') {
    if (!auth.authorized) {
      sendText(response, 401, 'Unauthorized: open the URL printed by `npm run web`.', headers);
      return;
    }
    const id = segments[1];
    const file = segments.length === 2 && Id.safeParse(id).success ? context.engine.resolveExport(id as string) : null;
    const size = file
      ? await stat(file.path)
          .then((info) => (info.isFile() ? info.size : null))
          .catch(() => null)
      : null;
    if (!file || size === null) {
      sendText(response, 404, 'Not found: no such export (it may have been deleted).', headers);
      return;
    }
    headers['Cache-Control'] = 'no-store';
    headers['Content-Disposition'] = `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`;
    await sendFile(request, response, { path: file.path, size, mime: file.mime }, headers);
    return;
  }
  if (segments[0] === 'api') {
    sendText(response, 426, 'Upgrade required: /api is the WebSocket endpoint.', { ...headers, Upgrade: 'websocket' });
    return;
  }

  const file = await findStaticFile(context.rendererDir, segments);
  if (!file) {
    sendText(response, 404, 'Not found.', headers);
    return;
  }
  const isIndex = segments.length === 0 || (segments.length === 1 && segments[0] === 'index.html');
  // Vite puts content-hashed bundles under assets/; everything else may change between builds.
  headers['Cache-Control'] = isIndex
    ? 'no-store'
    : segments[0] === 'assets'
      ? 'public, max-age=31536000, immutable'
      : 'no-cache';
  await sendFile(request, response, file, headers);
}
