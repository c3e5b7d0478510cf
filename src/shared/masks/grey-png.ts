import type { GreyImage } from './grey-image';

/**
 * 8-bit greyscale PNG, the masks' file format in the project. Written by hand because the
 * renderer's own encoder (canvas.toBlob) only writes RGBA, which the store refuses for masks, and
 * no package does grey PNG in both the browser and Node; zlib is the platform's
 * CompressionStream('deflate'), which both have.
 */

const SIGNATURE = Uint8Array.of(137, 80, 78, 71, 13, 10, 26, 10);

let crcTable: Uint32Array | null = null;
function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of bytes) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

async function through(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const piped = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(piped).arrayBuffer());
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** Encodes a grey picture as an 8-bit greyscale PNG (no filters: masks are mostly flat, deflate does the rest). */
export async function encodeGreyPng(image: GreyImage): Promise<Uint8Array> {
  const { width, height, data } = image;
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 0, 0, 0, 0], 8); // bit depth 8, colour type 0 (grey), deflate, adaptive filters, no interlace
  const scanlines = new Uint8Array((width + 1) * height);
  for (let y = 0; y < height; y++) scanlines.set(data.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  const compressed = await through(scanlines, new CompressionStream('deflate'));
  const parts = [SIGNATURE, chunk('IHDR', header), chunk('IDAT', compressed), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export class GreyPngError extends Error {}

const paeth = (a: number, b: number, c: number): number => {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
};

/** Decodes an 8-bit greyscale, non-interlaced PNG (what the store keeps); anything else throws GreyPngError. */
export async function decodeGreyPng(bytes: Uint8Array): Promise<GreyImage> {
  if (bytes.length < 8 || SIGNATURE.some((byte, i) => bytes[i] !== byte)) throw new GreyPngError('not a PNG file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let width = 0;
  let height = 0;
  const idat: Uint8Array[] = [];
  for (let offset = 8; offset + 8 <= bytes.length;) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (data.length !== length) throw new GreyPngError(`the PNG's ${type} chunk is cut short`);
    if (type === 'IHDR') {
      width = view.getUint32(offset + 8);
      height = view.getUint32(offset + 12);
      const [depth, colour, , , interlace] = data.subarray(8, 13);
      if (depth !== 8 || colour !== 0 || interlace !== 0) {
        throw new GreyPngError('the PNG is not 8-bit greyscale without interlacing');
      }
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  if (width === 0 || height === 0 || idat.length === 0) throw new GreyPngError('the PNG has no picture');
  const joined = new Uint8Array(idat.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of idat) {
    joined.set(part, at);
    at += part.length;
  }
  const raw = await through(joined, new DecompressionStream('deflate'));
  if (raw.length < (width + 1) * height) throw new GreyPngError('the PNG holds fewer pixels than its size says');
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (width + 1)]!;
    const line = raw.subarray(y * (width + 1) + 1, (y + 1) * (width + 1));
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const left = x > 0 ? out[row + x - 1]! : 0;
      const up = y > 0 ? out[row - width + x]! : 0;
      const upLeft = x > 0 && y > 0 ? out[row - width + x - 1]! : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter];
      if (predictor === undefined) throw new GreyPngError(`the PNG uses an unknown filter ${filter}`);
      out[row + x] = (line[x]! + predictor) & 0xff;
    }
  }
  return { width, height, data: out };
}
