import sharp from 'sharp';
import { ApiError } from '../../../shared/api';
import {
  EXPRESSION_DETAIL_LAYER_ID,
  type ExpressionTransfer,
  type LayerMix,
  type RenderReport,
  type RenderSize,
  type RenderTarget,
} from '../../../shared/generate';
import type { TaskHandlers } from '../workers';
import { layerAlpha, NO_MASKS, type Generator, type RenderedFrame, type RgbaFrame } from './generator';
import { generatorSource, type SourceFit } from './generator-source';
import { prepareExpressionDetail, warpGenerator, type WarpPrepared } from './warp/warp-generator';

/** Everything the worker needs to prepare a photo; `key` says when a prepared copy is still good. */
export interface GenerateSourceSpec {
  /** Asset id + photo + analysis/fit identity: equal keys mean equal prepared data. */
  key: string;
  /** The upright original photo (any format sharp reads; EXIF orientation is applied). */
  imagePath: string;
  /** Landmarks of the analysed face in pixels of an image `landmarksImageWidth` wide (the working copy). */
  landmarks: Float32Array;
  landmarksImageWidth: number;
  fit: SourceFit;
}

export interface GenerateRenderInput {
  generatorId: string;
  source: GenerateSourceSpec;
  target: RenderTarget;
  mix: LayerMix;
  size: RenderSize;
  /**
   * Pixels of the frame handed back, when they differ from what `size` renders (exports at a chosen
   * long side): the rendered frame is resized in the worker (Lanczos), so the engine thread and the
   * encoder only ever see the final size.
   */
  outputSize?: { width: number; height: number };
  /** 'raw': RGBA bytes (previews); 'png': an encoded file (full renders, the CLI). */
  encode: 'raw' | 'png';
  /** The expression source's state and neutral the layers mix towards; absent: no transfer. */
  expression?: EngineExpression | null;
  /** Layer id -> per-vertex weight multiplying its alpha (painted masks); layers without one weigh 1. */
  layerVertexWeights?: Record<string, Float32Array>;
}

/**
 * An expression source as the engine sends it to the worker: a photo source also names its photo,
 * and a video frame source its decoded frame (transfer/video-frame-donors.ts), whose open mouth's
 * interior (teeth, tongue) the warp uses instead of painting one. Only a whole photo also gives its
 * wrinkles to the expression detail layer (`detailFromDonor`): a video donor may be a mouth crop,
 * and it is present only on frames whose mouth is open, so detail from it would flicker.
 */
export type EngineExpression = ExpressionTransfer & { mouthDonor?: GenerateSourceSpec; detailFromDonor?: boolean };

export interface GenerateRenderOutput {
  /** RGBA (encode 'raw') or PNG bytes (encode 'png'). */
  bytes: Uint8Array;
  report: RenderReport;
}

// A type alias, not an interface: TaskTable needs the implicit index signature aliases have.
export type GenerateTasks = {
  'generate.render': { input: GenerateRenderInput; output: GenerateRenderOutput; event: never };
};

const GENERATORS: Record<string, Generator<WarpPrepared>> = { warp: warpGenerator };

/** Prepared sources kept warm per worker, each kind in its own cache of the most recently used. */
interface WarmCache {
  size: number;
  entries: Map<string, Promise<WarpPrepared>>;
}
/** Portraits: the last few photos (an editor switches between a few). */
const warmPortraits: WarmCache = { size: 3, entries: new Map() };
/**
 * Mouth donors (expression source photos and video frames): apart from the portraits, so scrubbing
 * a video's frames as expression source never evicts the portrait being edited.
 */
const warmDonors: WarmCache = { size: 4, entries: new Map() };

async function preparedFor(
  generator: Generator<WarpPrepared>,
  spec: GenerateSourceSpec,
  cache: WarmCache,
): Promise<WarpPrepared> {
  const warm = cache.entries;
  const cacheKey = `${generator.id}|${spec.key}`;
  let prepared = warm.get(cacheKey);
  if (prepared) {
    // Most recently used last, so the oldest is evicted first.
    warm.delete(cacheKey);
    warm.set(cacheKey, prepared);
    return prepared;
  }
  prepared = (async () => {
    const { data, info } = await sharp(spec.imagePath, { limitInputPixels: false })
      .rotate()
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const image = {
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
    };
    return generator.prepare(generatorSource(spec.key, image, spec.landmarks, spec.landmarksImageWidth, spec.fit));
  })();
  prepared.catch(() => warm.delete(cacheKey));
  warm.set(cacheKey, prepared);
  while (warm.size > cache.size) warm.delete(warm.keys().next().value!);
  return prepared;
}

/** The frame at `size` (when given and different), with the report's size and scale to match. */
async function resizedTo(
  image: RgbaFrame,
  report: RenderedFrame['report'],
  size: GenerateRenderInput['outputSize'],
): Promise<{ image: RgbaFrame; report: RenderedFrame['report'] }> {
  if (!size || (size.width === image.width && size.height === image.height)) return { image, report };
  const data = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } })
    .resize(size.width, size.height, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer();
  return {
    image: { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), ...size },
    report: { ...report, ...size, scale: report.scale * (size.width / image.width) },
  };
}

export const generateTaskHandlers: TaskHandlers<GenerateTasks> = {
  'generate.render': async (input, { signal }) => {
    const generator = GENERATORS[input.generatorId];
    if (!generator) throw new ApiError('not_found', `There is no generator named "${input.generatorId}".`);
    const prepared = await preparedFor(generator, input.source, warmPortraits);
    const donorSpec = input.expression?.mouthDonor;
    const mouthDonor = donorSpec ? await preparedFor(generator, donorSpec, warmDonors) : null;
    const detailDonor = input.expression?.detailFromDonor ? mouthDonor : null;
    if (detailDonor && layerAlpha(generator, input.mix, EXPRESSION_DETAIL_LAYER_ID) > 0) {
      await Promise.all([prepareExpressionDetail(prepared), prepareExpressionDetail(detailDonor)]);
    }
    signal.throwIfAborted();
    const started = performance.now();
    const masks = input.layerVertexWeights ? { ...NO_MASKS, layerVertexWeights: input.layerVertexWeights } : NO_MASKS;
    const frame = generator.render(
      prepared,
      input.target,
      input.mix,
      masks,
      input.size,
      input.expression ?? null,
      mouthDonor,
    );
    const renderMs = performance.now() - started;
    const { image, report } = await resizedTo(frame.image, frame.report, input.outputSize);
    const { data, width, height } = image;
    const bytes =
      input.encode === 'png'
        ? new Uint8Array(
            await sharp(data, { raw: { width, height, channels: 4 } })
              .png()
              .toBuffer(),
          )
        : data;
    return { value: { bytes, report: { ...report, renderMs } }, transfer: [bytes.buffer as ArrayBuffer] };
  },
};
