import { MASK_ATLAS_SIZE } from './atlas-layout';
import { greyImage, type GreyImage } from './grey-image';

/**
 * What a mask's values mean: 255 lets the layer apply fully, 0 keeps it off (the picture keeps the
 * appearance there). A layer without a mask applies everywhere. Painting a layer that has no mask
 * starts from an empty one, so the brush paints where the layer applies.
 */
export const emptyMaskAtlas = (): GreyImage => greyImage(MASK_ATLAS_SIZE, MASK_ATLAS_SIZE, 0);

/** Whole-mask edits of the toolbar. Each returns a new picture; the input is left as it was. */
export type MaskOperation = 'fill' | 'clear' | 'invert';

export function applyMaskOperation(mask: GreyImage, operation: MaskOperation): GreyImage {
  const out = greyImage(mask.width, mask.height);
  if (operation === 'fill') out.data.fill(255);
  else if (operation === 'invert') for (let i = 0; i < mask.data.length; i++) out.data[i] = 255 - mask.data[i]!;
  return out;
}
