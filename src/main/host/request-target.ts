/**
 * Splits a raw HTTP request target into path and query without the WHATWG URL parser, whose
 * dot-segment normalisation would silently turn `/../x` or `/%2e%2e/x` into `/x`: we want to see
 * (and refuse) such paths, not reinterpret them.
 */
export interface RequestTarget {
  /** Percent-decoded path segments, validated: no empty, `.`, `..`, slash, backslash or NUL. */
  segments: string[];
  query: URLSearchParams;
}

export type ParsedTarget = { ok: true; target: RequestTarget } | { ok: false; reason: string };

export function parseRequestTarget(rawTarget: string | undefined): ParsedTarget {
  if (!rawTarget || !rawTarget.startsWith('/')) return { ok: false, reason: 'the request target must start with /' };
  const queryStart = rawTarget.indexOf('?');
  const rawPath = queryStart < 0 ? rawTarget : rawTarget.slice(0, queryStart);
  const query = new URLSearchParams(queryStart < 0 ? '' : rawTarget.slice(queryStart + 1));
  const segments: string[] = [];
  for (const rawSegment of rawPath.split('/').slice(1)) {
    if (rawSegment === '') continue; // tolerate `//` and a trailing slash
    let segment: string;
    try {
      segment = decodeURIComponent(rawSegment);
    } catch {
      return { ok: false, reason: 'the path has a malformed percent-encoding' };
    }
    if (segment === '.' || segment === '..') return { ok: false, reason: 'the path has a dot segment' };
    if (/[/\\\0]/.test(segment)) return { ok: false, reason: 'the path has an encoded separator or NUL' };
    segments.push(segment);
  }
  return { ok: true, target: { segments, query } };
}
