import { z } from 'zod';
import { MASK_ATLAS_SIZE } from '../masks/atlas-layout';
import { Id } from './models';

/**
 * Painted layer masks (docs/generator.md, "Masks"): one per scene and generator layer, an 8-bit
 * grey PNG of MASK_ATLAS_SIZE x MASK_ATLAS_SIZE in the face-space atlas (src/shared/masks), stored
 * as a blob of the project. 255 lets the layer apply, 0 keeps it off; a layer without a mask
 * applies everywhere.
 *
 * The PNG goes up as a byte param (binary request on the web transport, structured clone on
 * Electron). It comes back as its blob's sha256: read it from `client.mediaUrl(sha256)` as any
 * stored picture (responses are JSON on the web transport).
 */

/** A mask PNG larger than this is refused (an incompressible 512 x 512 grey PNG is about 263 KB). */
export const MASK_PNG_MAX_BYTES = 1024 * 1024;

export const MaskLayerId = z.string().min(1).max(64);

export const MaskInfo = z.object({
  sceneId: Id,
  layer: MaskLayerId,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  width: z.literal(MASK_ATLAS_SIZE),
  height: z.literal(MASK_ATLAS_SIZE),
  byteSize: z.number().int().positive(),
  updatedAt: z.number(),
});
export type MaskInfo = z.infer<typeof MaskInfo>;

const MaskAddress = z.object({ sceneId: Id, layer: MaskLayerId }).strict();

export const maskMethods = {
  /** The scene's masks, one per layer that has one. */
  'masks.list': { params: z.object({ sceneId: Id }).strict(), result: z.array(MaskInfo) },
  /** One layer's mask, or null when the layer has none (it applies everywhere). */
  'masks.get': { params: MaskAddress, result: z.object({ mask: MaskInfo.nullable() }) },
  /**
   * Stores a layer's mask, replacing any earlier one. `png` must be an 8-bit greyscale PNG (no
   * alpha, no palette) of exactly MASK_ATLAS_SIZE x MASK_ATLAS_SIZE, at most MASK_PNG_MAX_BYTES.
   */
  'masks.set': {
    params: MaskAddress.extend({
      png: z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'expected the PNG bytes'),
    }).strict(),
    result: MaskInfo,
  },
  /** Removes a layer's mask (the layer applies everywhere again); `removed` is false when it had none. */
  'masks.clear': { params: MaskAddress, result: z.object({ removed: z.boolean() }) },
} as const;
