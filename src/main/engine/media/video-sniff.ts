import { sniffFormat } from './sniff-format';

/**
 * Tells a video container from its first bytes, to route an import to the video path before
 * ffprobe (which then decides for real: a file that merely starts like a video is refused there).
 * Only the container's magic is read, never the file name's extension.
 */
export interface VideoContainer {
  container: 'mp4' | 'quicktime' | 'webm' | 'matroska' | 'avi';
  mime: string;
}

const ascii = (bytes: Uint8Array, start: number, length: number): string =>
  String.fromCharCode(...bytes.subarray(start, start + length));

/** QuickTime files from before the ftyp box start straight with one of these atoms. */
const BARE_QUICKTIME_ATOMS = new Set(['moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);

export function sniffVideoContainer(bytes: Uint8Array): VideoContainer | null {
  if (bytes.length < 12) return null;
  const sniffed = sniffFormat(bytes);
  if (sniffed.kind !== 'other') return null;
  if (ascii(bytes, 4, 4) === 'ftyp') {
    return sniffed.looksLike.includes('QuickTime')
      ? { container: 'quicktime', mime: 'video/quicktime' }
      : { container: 'mp4', mime: 'video/mp4' };
  }
  if (BARE_QUICKTIME_ATOMS.has(ascii(bytes, 4, 4))) return { container: 'quicktime', mime: 'video/quicktime' };
  if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) {
    // EBML header: the DocType element names webm or matroska within the first few dozen bytes.
    return ascii(bytes, 0, Math.min(bytes.length, 64)).includes('webm')
      ? { container: 'webm', mime: 'video/webm' }
      : { container: 'matroska', mime: 'video/x-matroska' };
  }
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'AVI ')
    return { container: 'avi', mime: 'video/x-msvideo' };
  return null;
}
