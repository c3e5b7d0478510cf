/**
 * HTTP byte ranges (RFC 9110 section 14) for serving stored files, shared by the web host's
 * /media route and Electron's mien-media: protocol so both answer a <video> element the same way.
 * Hand-written rather than a package: only the single-range subset is needed (Chromium's media
 * stack asks for one range at a time), and the rules fit in a few lines that are easy to test.
 */

/** What to send for a Range header: the whole file, one inclusive byte span, or 416. */
export type ByteRange = { kind: 'whole' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

const SINGLE_RANGE = /^bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i;

/**
 * Interprets a Range header against a file of `size` bytes. An absent, malformed, multi-range or
 * non-byte header gives 'whole': RFC 9110 lets a server ignore a Range it does not serve, and a
 * full 200 answer is always correct. `end` is inclusive and clamped to the file's last byte.
 */
export function parseByteRange(header: string | null | undefined, size: number): ByteRange {
  if (!header) return { kind: 'whole' };
  const match = SINGLE_RANGE.exec(header.trim());
  if (!match) return { kind: 'whole' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'whole' };
  if (first === '') {
    // Suffix range: the last n bytes.
    const length = Number(last);
    if (length === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? Infinity : Number(last);
  if (end < start) return { kind: 'whole' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end: Math.min(end, size - 1) };
}

/** Status, length headers and the byte span to stream for a file answer. */
export interface RangedAnswer {
  status: 200 | 206 | 416;
  headers: Record<string, string>;
  /** Inclusive span to stream; null for 416 (nothing to send). */
  span: { start: number; end: number } | null;
}

/** The answer to a GET or HEAD of a `size`-byte file carrying `rangeHeader`. */
export function answerByteRange(rangeHeader: string | null | undefined, size: number): RangedAnswer {
  const range = parseByteRange(rangeHeader, size);
  const acceptRanges = { 'Accept-Ranges': 'bytes' };
  if (range.kind === 'unsatisfiable') {
    return {
      status: 416,
      headers: { ...acceptRanges, 'Content-Range': `bytes */${size}` },
      span: null,
    };
  }
  if (range.kind === 'whole') {
    return {
      status: 200,
      headers: { ...acceptRanges, 'Content-Length': String(size) },
      span: size > 0 ? { start: 0, end: size - 1 } : null,
    };
  }
  return {
    status: 206,
    headers: {
      ...acceptRanges,
      'Content-Range': `bytes ${range.start}-${range.end}/${size}`,
      'Content-Length': String(range.end - range.start + 1),
    },
    span: { start: range.start, end: range.end },
  };
}
