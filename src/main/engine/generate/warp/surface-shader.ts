import { SURFACE, type SurfaceShader } from './coordinate-map';
import { shadeEyePixel, shadeLidPixel, type EyeShading, type LidShading } from './eye-shading';
import { shadeMouthPixel, type MouthShading } from './mouth-interior';
import { FrameSampler, type PyramidLevel } from './source-pyramid';

/** What the painted surfaces need for one frame (feature-shading.ts computes it). */
export interface FrameShading {
  rightEye: EyeShading;
  leftEye: EyeShading;
  rightLid: LidShading;
  leftLid: LidShading;
  mouth: MouthShading;
}

/**
 * Sends each painted pixel to its surface's shader. One per prepared source, given each frame's
 * parameters and pixels: the raster calls one stable method (see FrameSampler for why).
 */
export class WarpSurfaceShader implements SurfaceShader {
  readonly sampler = new FrameSampler();
  private frame: Uint8ClampedArray = new Uint8ClampedArray(0);
  private shading: FrameShading | null = null;

  /** Points the shader at a frame: its pixels (bytes and words over one buffer), level and parameters. */
  begin(frame: Uint8ClampedArray, frame32: Uint32Array, level: PyramidLevel, shading: FrameShading): void {
    this.frame = frame;
    this.sampler.frame32 = frame32;
    this.sampler.level = level;
    this.shading = shading;
  }

  /** Lets go of the frame (a prepared source outlives its frames; a full render's can be large). */
  end(): void {
    this.frame = new Uint8ClampedArray(0);
    this.sampler.frame32 = new Uint32Array(0);
    this.sampler.level = null;
    this.shading = null;
  }

  shade(surface: number, fx: number, fy: number, sx: number, sy: number, index: number): void {
    const shading = this.shading!;
    const o = index * 4;
    if (surface === SURFACE.mouth) shadeMouthPixel(shading.mouth, fx, fy, this.sampler, this.frame, o);
    else if (surface === SURFACE.rightEye) shadeEyePixel(shading.rightEye, fx, fy, sx, sy, this.sampler, this.frame, o);
    else if (surface === SURFACE.leftEye) shadeEyePixel(shading.leftEye, fx, fy, sx, sy, this.sampler, this.frame, o);
    else if (surface === SURFACE.rightUpperLid) shadeLidPixel(shading.rightLid, sx, sy, this.sampler, this.frame, o);
    else if (surface === SURFACE.leftUpperLid) shadeLidPixel(shading.leftLid, sx, sy, this.sampler, this.frame, o);
  }
}
