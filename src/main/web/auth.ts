import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A fresh per-launch secret: 24 random bytes as 48 hex characters. */
export function createToken(): string {
  return randomBytes(24).toString('hex');
}

/** Constant-time comparison, so response timing does not leak how much of a guess was right. */
export function tokensMatch(candidate: string | null | undefined, expected: string): boolean {
  if (typeof candidate !== 'string') return false;
  const a = Buffer.from(candidate, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Cookie that remembers the token after the printed URL was opened; named per port because cookies ignore ports. */
export function tokenCookieName(port: number): string {
  return `mien_token_${port}`;
}

export function tokenCookieHeader(port: number, token: string): string {
  return `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

function readCookie(request: IncomingMessage, name: string): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    if (part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return null;
}

export interface TokenCheck {
  /** The request carries the right token (query or cookie). */
  authorized: boolean;
  /** The right token came in the query string, so the response should set the cookie. */
  fromQuery: boolean;
}

/** Checks `?token=` first, then the cookie. */
export function checkToken(request: IncomingMessage, query: URLSearchParams, port: number, token: string): TokenCheck {
  if (tokensMatch(query.get('token'), token)) return { authorized: true, fromQuery: true };
  return { authorized: tokensMatch(readCookie(request, tokenCookieName(port)), token), fromQuery: false };
}

/** Host names a browser may use to reach us; anything else is refused (DNS-rebinding defence). */
export function isOwnHost(hostHeader: string | undefined, port: number): boolean {
  return hostHeader === `127.0.0.1:${port}` || hostHeader === `localhost:${port}`;
}

/** Origins of our own pages. A request without Origin comes from a non-browser client and still needs the token. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  return origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}
