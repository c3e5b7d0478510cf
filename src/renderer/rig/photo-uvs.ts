import type { RigFitSummary } from '../../shared/api';
import { ARKIT_BLENDSHAPE_NAMES, evaluateRig, projectToImage } from '../../shared/rig';

/**
 * Texture coordinates that put the photo on the rig: each vertex of the person's mesh, posed with
 * the coefficients the photo shows and placed by the fit, lands on an image pixel; that pixel,
 * as a fraction of the image (v up, as three.js samples), is the vertex's UV. Vertices the photo
 * does not see (the far side of a turned head) get the pixel in front of them, stretched; the
 * orbit is kept to the front so those stay out of view.
 */
export function photoUvs(neutral: ArrayLike<number>, fit: RigFitSummary): Float32Array {
  const coefficients = Float32Array.from(ARKIT_BLENDSHAPE_NAMES, (name) => fit.coefficients[name] ?? 0);
  const posed = evaluateRig(neutral, coefficients);
  const image = projectToImage(posed, fit.pose);
  const count = posed.length / 3;
  const uvs = new Float32Array(count * 2);
  for (let i = 0; i < count; i++) {
    uvs[i * 2] = image[i * 3]! / fit.imageWidth;
    uvs[i * 2 + 1] = 1 - image[i * 3 + 1]! / fit.imageHeight;
  }
  return uvs;
}
