import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import type { HostedEngine } from '../host/hosted-engine';
import { parseRequestTarget } from '../host/request-target';
import { contentSecurityPolicy, securityHeaders } from '../host/security-headers';
import { findStaticFile } from '../host/static-files';
import { APP_HOST, APP_SCHEME, MEDIA_SCHEME } from './app-origin';
import { mediaProtocolResponse } from './media-response';

/** The app's CSP under Electron: like the web host's, plus images from mien-media:, and no sockets. */
export const DESKTOP_CSP = contentSecurityPolicy({ imgSources: [`${MEDIA_SCHEME}:`], connectSources: [] });

/**
 * Must run before `app.ready`. `standard` gives the schemes real origins and relative URL
 * resolution; `secure` makes them a secure context; media is CORS-enabled so photos can be
 * drawn into canvases and WebGL textures without tainting them.
 */
export function registerPrivilegedSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    {
      scheme: MEDIA_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true },
    },
  ]);
}

function textResponse(status: number, text: string): Response {
  return new Response(`${text}\n`, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** Serves the built renderer at mien-app://app/... with the CSP and security headers. */
export function handleAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return textResponse(404, 'Not found.');
    const parsed = parseRequestTarget(url.pathname);
    if (!parsed.ok) return textResponse(400, `Bad request: ${parsed.reason}.`);
    const file = await findStaticFile(rendererDir, parsed.target.segments);
    if (!file) return textResponse(404, 'Not found.');
    return new Response(await readFile(file.path), {
      status: 200,
      headers: { ...securityHeaders(DESKTOP_CSP), 'Content-Type': file.mime, 'Cache-Control': 'no-cache' },
    });
  });
}

/** Serves stored blobs at mien-media://blob/<sha256>, with byte ranges (media-response.ts). */
export function handleMediaProtocol(engine: HostedEngine, pageOrigin: string): void {
  protocol.handle(MEDIA_SCHEME, (request) => mediaProtocolResponse(engine, request, pageOrigin));
}
