import { attrFloat, attrInt, attrString } from '../../onnx';
import { toNumbers } from '../../onnx';
import { gy, input, refuse, type GradContext, type GradRule } from './context';

/** Source coordinate of output index o as ONNX's coordinate_transformation_mode defines it. */
function sourceCoordinate(
  ctx: GradContext,
  mode: string,
  o: number,
  scale: number,
  inSize: number,
  outSize: number,
): number {
  switch (mode) {
    case 'half_pixel':
      return (o + 0.5) / scale - 0.5;
    case 'pytorch_half_pixel':
      return outSize > 1 ? (o + 0.5) / scale - 0.5 : 0;
    case 'align_corners':
      return outSize === 1 ? 0 : (o * (inSize - 1)) / (outSize - 1);
    case 'asymmetric':
      return o / scale;
    case 'tf_half_pixel_for_nn':
      return (o + 0.5) / scale;
    default:
      return refuse(ctx, `coordinate_transformation_mode ${mode} is not supported`);
  }
}

function nearest(ctx: GradContext, x: number): number {
  const mode = attrString(ctx.node, 'nearest_mode', 'round_prefer_floor');
  switch (mode) {
    case 'round_prefer_floor':
      return x === Math.floor(x) + 0.5 ? Math.floor(x) : Math.round(x);
    case 'round_prefer_ceil':
      return Math.round(x);
    case 'floor':
      return Math.floor(x);
    case 'ceil':
      return Math.ceil(x);
    default:
      return refuse(ctx, `nearest_mode ${mode} is not supported`);
  }
}

/**
 * The [out, in] interpolation matrix of one axis. Resize is separable on H and W, so the image is
 * Rh · x · Rwᵀ and its gradient Rhᵀ · gy · Rw: two MatMuls with constants, exact for every mode here.
 */
export function interpolationMatrix(ctx: GradContext, inSize: number, outSize: number, scale: number): Float32Array {
  const mode = attrString(ctx.node, 'mode', 'nearest');
  const transform = attrString(ctx.node, 'coordinate_transformation_mode', 'half_pixel');
  const m = new Float32Array(outSize * inSize);
  for (let o = 0; o < outSize; o++) {
    const x = sourceCoordinate(ctx, transform, o, scale, inSize, outSize);
    if (mode === 'nearest') {
      const i = Math.min(Math.max(nearest(ctx, x), 0), inSize - 1);
      m[o * inSize + i] = 1;
    } else if (mode === 'linear') {
      const c = Math.min(Math.max(x, 0), inSize - 1);
      const i0 = Math.floor(c);
      const i1 = Math.min(i0 + 1, inSize - 1);
      const w1 = c - i0;
      m[o * inSize + i0] = (m[o * inSize + i0] as number) + 1 - w1;
      m[o * inSize + i1] = (m[o * inSize + i1] as number) + w1;
    } else {
      refuse(ctx, `mode ${mode} is not differentiable here (nearest and linear are)`);
    }
  }
  return m;
}

export const resizeRules: Record<string, GradRule> = {
  Resize: (ctx) => {
    const { g, node } = ctx;
    if (attrInt(node, 'antialias', 0) !== 0) refuse(ctx, 'antialias is not supported');
    if (
      attrFloat(node, 'extrapolation_value', 0) !== 0 &&
      attrString(node, 'coordinate_transformation_mode', '') === 'tf_crop_and_resize'
    ) {
      refuse(ctx, 'tf_crop_and_resize is not supported');
    }
    const xDims = g.dims(input(ctx, 0));
    const grad = gy(ctx);
    const yDims = g.dims(grad);
    if (xDims.length !== 4 || xDims[0] !== yDims[0] || xDims[1] !== yDims[1]) {
      refuse(ctx, 'only resizing the last two axes of an NCHW tensor is differentiable here');
    }
    const scalesTensor = node.inputs[2] ? g.constant(node.inputs[2]) : undefined;
    const scales = scalesTensor && scalesTensor.data.length > 0 ? toNumbers(scalesTensor) : undefined;
    const scale = (axis: number): number => scales?.[axis] ?? (yDims[axis] as number) / (xDims[axis] as number);
    const [h, w] = [xDims[2] as number, xDims[3] as number];
    const [ho, wo] = [yDims[2] as number, yDims[3] as number];
    const rh = g.floats('resize_rh_t', [h, ho], transpose(interpolationMatrix(ctx, h, ho, scale(2)), ho, h));
    const rw = g.floats('resize_rw', [wo, w], interpolationMatrix(ctx, w, wo, scale(3)));
    const alongW = g.op1('MatMul', [grad, rw], {}, 'grad_resize_w');
    return [g.op1('MatMul', [rh, alongW], {}, 'grad_resize')];
  },
};

function transpose(m: Float32Array, rows: number, cols: number): Float32Array {
  const t = new Float32Array(m.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = m[r * cols + c] as number;
  return t;
}
