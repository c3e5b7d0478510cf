/**
 * Names what a file's first bytes say it is, so a failed import can tell the user "it looks like
 * text" instead of repeating a decoder message. Hand-written rather than the `file-type` package:
 * we need a dozen signatures checked on a buffer we already hold, synchronously, inside a worker,
 * and a sentence for each non-image kind, which file-type does not give.
 */

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff' | 'avif' | 'heic';
/** Image formats Mien recognises but does not import. */
export type UnsupportedImageFormat = 'bmp' | 'ico' | 'psd' | 'svg' | 'jxl' | 'jp2';

export type SniffResult =
  | { kind: 'image'; format: ImageFormat; mime: string }
  | { kind: 'unsupported-image'; format: UnsupportedImageFormat; label: string }
  | { kind: 'other'; looksLike: string };

const ascii = (bytes: Uint8Array, start: number, length: number): string =>
  String.fromCharCode(...bytes.subarray(start, start + length));

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0): boolean =>
  signature.every((value, index) => bytes[offset + index] === value);

const IMAGE_MIME: Record<ImageFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  tiff: 'image/tiff',
  avif: 'image/avif',
  heic: 'image/heic',
};

const image = (format: ImageFormat): SniffResult => ({ kind: 'image', format, mime: IMAGE_MIME[format] });

/** ISO-BMFF files (HEIC, AVIF, MP4, MOV) name their brand at bytes 8..12 after "ftyp". */
const sniffIsoMedia = (bytes: Uint8Array): SniffResult | null => {
  if (ascii(bytes, 4, 4) !== 'ftyp') return null;
  const brands = [ascii(bytes, 8, 4)];
  const boxSize = (bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!;
  for (let offset = 16; offset + 4 <= Math.min(boxSize, bytes.length); offset += 4)
    brands.push(ascii(bytes, offset, 4));
  if (brands.some((brand) => brand === 'avif' || brand === 'avis')) return image('avif');
  if (brands.some((brand) => ['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'].includes(brand))) {
    return image('heic');
  }
  if (brands.some((brand) => brand === 'qt  ')) return { kind: 'other', looksLike: 'a QuickTime video' };
  return { kind: 'other', looksLike: 'a video (MP4)' };
};

/** True when the sample is mostly printable UTF-8 / ASCII: a text file, a CSV, source code... */
const looksLikeText = (bytes: Uint8Array): boolean => {
  const sample = bytes.subarray(0, 4096);
  if (sample.length === 0) return false;
  let printable = 0;
  for (const byte of sample) {
    if (byte === 0) return false;
    if (byte === 9 || byte === 10 || byte === 13 || (byte >= 32 && byte !== 127)) printable += 1;
  }
  return printable / sample.length > 0.95;
};

export function sniffFormat(bytes: Uint8Array): SniffResult {
  if (bytes.length === 0) return { kind: 'other', looksLike: 'an empty file' };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return image('jpeg');
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return image('png');
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return image('webp');
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return image('gif');
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return image('tiff');
  const isoMedia = sniffIsoMedia(bytes);
  if (isoMedia) return isoMedia;
  if (ascii(bytes, 0, 2) === 'BM') return { kind: 'unsupported-image', format: 'bmp', label: 'a BMP image' };
  if (startsWith(bytes, [0x00, 0x00, 0x01, 0x00]))
    return { kind: 'unsupported-image', format: 'ico', label: 'an icon' };
  if (ascii(bytes, 0, 4) === '8BPS') return { kind: 'unsupported-image', format: 'psd', label: 'a Photoshop document' };
  if (startsWith(bytes, [0xff, 0x0a]) || startsWith(bytes, [0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20])) {
    return { kind: 'unsupported-image', format: 'jxl', label: 'a JPEG XL image' };
  }
  if (startsWith(bytes, [0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20])) {
    return { kind: 'unsupported-image', format: 'jp2', label: 'a JPEG 2000 image' };
  }
  if (ascii(bytes, 0, 5) === '%PDF-') return { kind: 'other', looksLike: 'a PDF document' };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]))
    return { kind: 'other', looksLike: 'a ZIP archive or office document' };
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return { kind: 'other', looksLike: 'a video (WebM/MKV)' };
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'AVI ')
    return { kind: 'other', looksLike: 'a video (AVI)' };
  if (looksLikeText(bytes)) {
    const head = new TextDecoder().decode(bytes.subarray(0, 1024)).trimStart().toLowerCase();
    if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) {
      return { kind: 'unsupported-image', format: 'svg', label: 'an SVG drawing' };
    }
    if (head.startsWith('<!doctype html') || head.startsWith('<html'))
      return { kind: 'other', looksLike: 'a web page' };
    return { kind: 'other', looksLike: 'text' };
  }
  return { kind: 'other', looksLike: 'data in no image format Mien knows' };
}
