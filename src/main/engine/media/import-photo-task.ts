import sharp, { type Metadata, type OutputInfo, type Sharp } from 'sharp';
import { ApiError } from '../../../shared/api';
import { sha256Of, stageBlob, type StagedFile } from '../store/tasks';
import type { TaskContext, TaskReturn } from '../workers';
import { sniffFormat, type ImageFormat } from './sniff-format';
import { saysDamaged, withoutInternalPrefixes } from './decoder-messages';

/** Runs in a worker thread: decodes, checks, downsizes and stages one imported photo. */

export interface ImportPhotoInput {
  bytes: Uint8Array;
  fileName: string;
  /** Folder (on the blob store's file system) where this job stages its files. */
  stagingDir: string;
  maxBytes: number;
  maxPixels: number;
  /** Long side of the working copy; larger photos are downscaled, the original is kept as is. */
  maxWorkingSide: number;
  thumbnailSide: number;
}

export interface ImportPhotoOutput {
  mime: string;
  /** Upright size of the original (EXIF orientation applied). */
  width: number;
  height: number;
  workingWidth: number;
  workingHeight: number;
  original: StagedFile;
  working: StagedFile;
  thumbnail: StagedFile;
}

export type ImportPhotoEvent =
  | { type: 'progress'; fraction: number; stage: string }
  | { type: 'preview'; width: number; height: number; format: 'jpeg'; data: Uint8Array };

const SMALL_PREVIEW_SIDE = 160;
const LARGE_PREVIEW_SIDE = 640;
const megabytes = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;
/** Extensions of the containers the video importer reads (MP4, MOV, WebM, MKV, AVI). */
const VIDEO_FILE_NAME = /\.(?:mp4|m4v|mov|qt|webm|mkv|avi)$/i;
const megapixels = (pixels: number) => `${(pixels / 1e6).toFixed(1)} megapixels`;
/** EXIF orientations 5 to 8 turn the picture a quarter turn, swapping width and height. */
const swapsSides = (orientation: number | undefined) => (orientation ?? 1) >= 5;

/** Formats whose working copy stays lossless; photographic formats get a high-quality JPEG. */
const LOSSLESS_SOURCES: ReadonlySet<ImageFormat> = new Set(['png', 'gif', 'tiff']);
/** Formats a browser shows directly, so an upright, small-enough original can serve as its own working copy. */
const WEB_READY: ReadonlySet<ImageFormat> = new Set(['jpeg', 'png', 'webp']);

export async function importPhotoTask(
  input: ImportPhotoInput,
  context: TaskContext<ImportPhotoEvent>,
): Promise<TaskReturn<ImportPhotoOutput>> {
  const { bytes, fileName, signal } = { ...input, signal: context.signal };
  const progress = (fraction: number, stage: string) => context.emit({ type: 'progress', fraction, stage });
  const preview = async (pipeline: Sharp, side: number) => {
    const { data, info } = await pipeline
      .resize(side, side, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 70 })
      .toBuffer({ resolveWithObject: true });
    context.emit({ type: 'preview', width: info.width, height: info.height, format: 'jpeg', data });
  };

  if (bytes.byteLength > input.maxBytes) {
    throw new ApiError(
      'image_too_large',
      `${fileName} is ${megabytes(bytes.byteLength)}; Mien imports images up to ${megabytes(input.maxBytes)}.`,
    );
  }
  const sniffed = sniffFormat(bytes);
  if (sniffed.kind === 'other') {
    // Bytes that start like a video never reach here (they go to the video importer), so a file
    // named like a video that does is not one Mien can read; "not an image" would answer the wrong question.
    if (VIDEO_FILE_NAME.test(fileName)) {
      throw new ApiError(
        'unsupported_format',
        `${fileName} is not a readable video (it looks like ${sniffed.looksLike}).`,
      );
    }
    throw new ApiError('not_an_image', `${fileName} is not an image (it looks like ${sniffed.looksLike}).`);
  }
  if (sniffed.kind === 'unsupported-image') {
    throw new ApiError(
      'unsupported_format',
      `${fileName} is ${sniffed.label}, which Mien cannot import. Save it as JPEG, PNG or WebP and import that.`,
    );
  }
  const { format, mime } = sniffed;
  const open = () => sharp(bytes, { limitInputPixels: input.maxPixels, failOn: 'error' });

  progress(0.02, 'Reading image');
  let metadata: Metadata;
  try {
    // Read the header without the pixel limit so an oversized photo gets a message with its size.
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw decodeError(fileName, format, error);
  }
  const storedWidth = metadata.width ?? 0;
  const storedHeight = metadata.height ?? 0;
  if (storedWidth * storedHeight > input.maxPixels) {
    throw new ApiError(
      'image_too_large',
      `${fileName} is ${storedWidth} x ${storedHeight} pixels (${megapixels(storedWidth * storedHeight)}); ` +
        `Mien imports images up to ${megapixels(input.maxPixels)}.`,
    );
  }
  const [width, height] = swapsSides(metadata.orientation) ? [storedHeight, storedWidth] : [storedWidth, storedHeight];
  signal.throwIfAborted();

  progress(0.08, 'Hashing original');
  const originalSha = sha256Of(bytes);
  const original: StagedFile = { ...stageBlob(input.stagingDir, bytes, originalSha), mime };
  signal.throwIfAborted();

  progress(0.15, 'Decoding');
  try {
    // JPEG and WebP decode at reduced size here (shrink-on-load), so this first preview is quick.
    await preview(open().autoOrient(), SMALL_PREVIEW_SIDE);
  } catch (error) {
    throw decodeError(fileName, format, error);
  }
  signal.throwIfAborted();

  const scale = Math.min(1, input.maxWorkingSide / Math.max(width, height));
  // autoOrient (sharp's argument-less rotate) applies the EXIF orientation, so the working copy is upright.
  const upright = open()
    .autoOrient()
    .resize({ width: input.maxWorkingSide, height: input.maxWorkingSide, fit: 'inside', withoutEnlargement: true })
    .toColourspace('srgb');
  let decoded: { data: Buffer; info: OutputInfo };
  try {
    decoded = await upright.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw decodeError(fileName, format, error);
  }
  const raw = { width: decoded.info.width, height: decoded.info.height, channels: decoded.info.channels };
  const fromRaw = () => sharp(decoded.data, { raw, limitInputPixels: false });
  signal.throwIfAborted();

  progress(0.6, 'Making previews');
  await preview(fromRaw(), LARGE_PREVIEW_SIDE);
  signal.throwIfAborted();
  const thumbnailBytes = await fromRaw()
    .resize(input.thumbnailSide, input.thumbnailSide, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 80 })
    .toBuffer();
  // Checked right before each staged write: a cancelled import's staging folder is deleted while this
  // worker may still be finishing a native step (the pool lets it drain), and a write after that
  // would create the folder again.
  signal.throwIfAborted();
  const thumbnail: StagedFile = { ...stageBlob(input.stagingDir, thumbnailBytes), mime: 'image/webp' };
  signal.throwIfAborted();

  progress(0.75, 'Saving working copy');
  const isUprightAlready = (metadata.orientation ?? 1) === 1;
  const isSingleFrame = (metadata.pages ?? 1) === 1;
  let working: StagedFile;
  if (scale === 1 && isUprightAlready && isSingleFrame && WEB_READY.has(format)) {
    working = original;
  } else {
    const lossless = metadata.hasAlpha || LOSSLESS_SOURCES.has(format);
    const encoded = lossless
      ? await fromRaw().png({ compressionLevel: 6 }).toBuffer()
      : await fromRaw().jpeg({ quality: 92, chromaSubsampling: '4:4:4' }).toBuffer();
    signal.throwIfAborted();
    working = { ...stageBlob(input.stagingDir, encoded), mime: lossless ? 'image/png' : 'image/jpeg' };
  }
  progress(0.95, 'Saved');

  return {
    value: {
      mime,
      width,
      height,
      workingWidth: raw.width,
      workingHeight: raw.height,
      original,
      working,
      thumbnail,
    },
  };
}

/** A decoder failure on bytes that do start like an image: damaged, truncated, or a codec this build lacks. */
function decodeError(fileName: string, format: ImageFormat, error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) {
    return new ApiError('image_too_large', `${fileName} has more pixels than Mien imports.`);
  }
  if (format === 'heic' || format === 'avif') {
    return new ApiError(
      'unsupported_format',
      `${fileName} is a ${format.toUpperCase()} image this build of Mien cannot decode (${message}). ` +
        'Save it as JPEG and import that.',
    );
  }
  const detail = withoutInternalPrefixes(message);
  if (saysDamaged(message)) {
    return new ApiError(
      'not_an_image',
      `${fileName} is damaged or incomplete: it could not be read as a ${format.toUpperCase()} image (${detail}).`,
    );
  }
  return new ApiError(
    'not_an_image',
    `${fileName} could not be decoded as a ${format.toUpperCase()} image; the file may be damaged (${detail}).`,
  );
}
