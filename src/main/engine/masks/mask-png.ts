import fs from 'node:fs/promises';
import sharp from 'sharp';
import { ApiError, MASK_PNG_MAX_BYTES } from '../../../shared/api';
import { MASK_ATLAS_SIZE, type GreyImage } from '../../../shared/masks';

const PNG_SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

/**
 * Checks that bytes are a mask Mien can store: a whole, readable 8-bit greyscale PNG without
 * alpha, palette or interlacing, of the atlas size. The header is read directly (the colour type
 * is what matters, and sharp reports a palette or grey+alpha PNG in ways that vary by version);
 * sharp then decodes every pixel, off the engine thread, so a damaged file is refused here and
 * not when a render needs it.
 */
export async function validateMaskPng(png: Uint8Array): Promise<void> {
  if (png.byteLength > MASK_PNG_MAX_BYTES) {
    throw new ApiError(
      'image_too_large',
      `The mask is ${png.byteLength} bytes; a mask PNG may be at most ${MASK_PNG_MAX_BYTES} bytes.`,
    );
  }
  const isPng = png.byteLength >= 33 && PNG_SIGNATURE.every((byte, i) => png[i] === byte);
  const ihdr = isPng && String.fromCharCode(...png.subarray(12, 16)) === 'IHDR';
  if (!ihdr) throw new ApiError('not_an_image', 'A mask must be a PNG file.');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const [depth, colourType, , , interlace] = png.subarray(24, 29);
  if (width !== MASK_ATLAS_SIZE || height !== MASK_ATLAS_SIZE) {
    throw new ApiError(
      'invalid_request',
      `The mask is ${width} x ${height} pixels; masks are ${MASK_ATLAS_SIZE} x ${MASK_ATLAS_SIZE} (the face atlas).`,
      { width, height },
    );
  }
  if (depth !== 8 || colourType !== 0) {
    throw new ApiError('invalid_request', 'A mask must be an 8-bit greyscale PNG (no colour, alpha or palette).', {
      bitDepth: depth,
      colourType,
    });
  }
  if (interlace !== 0) throw new ApiError('invalid_request', 'A mask PNG must not be interlaced.');
  try {
    await sharp(png, { failOn: 'error' }).extractChannel(0).raw().toBuffer();
  } catch (error) {
    throw new ApiError('not_an_image', `The mask PNG cannot be read: ${(error as Error).message}`);
  }
}

/** Decodes a stored mask file to its atlas pixels (off the engine thread, in sharp's pool). */
export async function readMaskFile(file: string): Promise<GreyImage> {
  const { data, info } = await sharp(await fs.readFile(file))
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}
