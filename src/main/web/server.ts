import { realpathSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { ApiSocket } from './api-socket';
import { checkToken, createToken, isAllowedOrigin, isOwnHost } from './auth';
import type { HostedEngine } from '../host/hosted-engine';
import { HostLimits } from './host-limits';
import { handleHttpRequest, type HttpRouteContext } from './http-routes';
import { parseRequestTarget } from '../host/request-target';
import { webHostCsp } from '../host/security-headers';

/** The web host only ever listens on loopback: the API can read and write the user's projects. */
export const LOOPBACK_HOST = '127.0.0.1';
export const DEFAULT_WEB_PORT = 5517;
/** Largest WebSocket message (an imported photo travels as one binary message). */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
/** Preview stream subscriptions over all sockets of one host. */
export const MAX_OPEN_STREAMS = 256;
/** Close code for a missing or wrong token (docs/wire-protocol.md). */
export const CLOSE_UNAUTHORIZED = 4401;

export interface WebHostOptions {
  engine: HostedEngine;
  /** Folder with the built renderer (index.html and assets/). */
  rendererDir: string;
  /** 0 picks a random free port. */
  port?: number;
  /** When the requested port is taken, listen on a random free port instead of failing. */
  fallbackToRandomPort?: boolean;
  /** Tests may fix the token; the product always uses a fresh random one. */
  token?: string;
  /**
   * Largest WebSocket message (bigger ones close the socket with 1009) and largest byte param sent
   * in parts (bigger ones get image_too_large). Default MAX_MESSAGE_BYTES.
   */
  maxMessageBytes?: number;
  /** Bytes of uploads being assembled over all sockets at once. Default twice maxMessageBytes. */
  maxUploadBytesInFlight?: number;
}

export interface WebHost {
  readonly server: Server;
  readonly port: number;
  readonly token: string;
  /** The URL to open: http://127.0.0.1:PORT/?token=TOKEN */
  readonly url: string;
  /** Closes every socket (code 1001) and stops listening. Does not close the engine. */
  close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ port, host: LOOPBACK_HOST, exclusive: true });
  });
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Starts the loopback HTTP + WebSocket server in front of an engine. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? createToken();
  const rendererDir = realpathSync(options.rendererDir);
  const server = createServer();
  const maxMessageBytes = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
  const limits = new HostLimits(options.maxUploadBytesInFlight ?? 2 * maxMessageBytes, MAX_OPEN_STREAMS);
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: maxMessageBytes,
    perMessageDeflate: false,
  });

  const requestedPort = options.port ?? DEFAULT_WEB_PORT;
  try {
    await listen(server, requestedPort);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EADDRINUSE' || !(options.fallbackToRandomPort ?? true) || requestedPort === 0) throw error;
    await listen(server, 0);
  }
  const port = (server.address() as AddressInfo).port;
  const context: HttpRouteContext = { engine: options.engine, rendererDir, port, token, csp: webHostCsp(port) };

  server.on('request', (request, response) => {
    handleHttpRequest(context, request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('Internal error.\n');
    });
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const parsed = parseRequestTarget(request.url);
    if (!parsed.ok || parsed.target.segments.join('/') !== 'api') return refuseUpgrade(socket, 404, 'Not Found');
    if (!isOwnHost(request.headers.host, port)) return refuseUpgrade(socket, 403, 'Forbidden');
    if (!isAllowedOrigin(request.headers.origin, port)) return refuseUpgrade(socket, 403, 'Forbidden');
    const { authorized } = checkToken(request, parsed.target.query, port, token);
    wss.handleUpgrade(request, socket, head, (ws) => {
      // Upgrade first, then close with 4401, so a browser client can tell "wrong token" from "host down".
      if (!authorized) {
        ws.close(CLOSE_UNAUTHORIZED, 'unauthorized');
        return;
      }
      new ApiSocket(ws, options.engine, maxMessageBytes, limits);
    });
  });

  return {
    server,
    port,
    token,
    url: `http://${LOOPBACK_HOST}:${port}/?token=${token}`,
    close: async () => {
      for (const client of wss.clients) client.close(1001, 'host shutting down');
      // Give clients a moment to answer the close handshake, then cut the ones that did not.
      const deadline = Date.now() + 1000;
      while (wss.clients.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
