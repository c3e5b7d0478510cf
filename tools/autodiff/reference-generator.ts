import { ShapedGraph } from '../../src/main/engine/onnx/shaped-graph';
import { randomArray, seededGaussian } from './seeded-random';

/**
 * A StyleGAN2-architecture generator with random weights, small enough for tests: synthesis at
 * 64x64 with modulated/demodulated 3x3 convs, transposed-conv upsampling followed by a [1,3,3,1]
 * blur, constant noise buffers, toRGB skips. Two exports of the same weights: 'grouped' builds the
 * modulated weight at run time and convolves with it (groups = batch), 'activation' scales the
 * activations instead and keeps every conv weight constant (what runtimes without dynamic conv
 * weights need). Contract: ws [1, L, 512] -> image [1, 3, 64, 64], nominally in [-1, 1].
 */
export const W_DIM = 512;
export const RESOLUTION = 64;
export const NUM_WS = 2 * Math.log2(RESOLUTION) - 2;
export const CHANNELS: Record<number, number> = { 4: 32, 8: 32, 16: 32, 32: 16, 64: 16 };
const SQRT2 = Math.SQRT2;

interface ModConv {
  weight: Float32Array; // [out, in, k, k], unit gain baked in
  affine: Float32Array; // [in, W_DIM] (Gemm transB)
  bias: Float32Array; // [out]
  out: number;
  inChannels: number;
  k: number;
}

interface SynthesisWeights {
  constant: Float32Array;
  layers: { conv: ModConv; up: boolean; res: number; wIndex: number; noise: Float32Array; noiseStrength: number }[];
  rgb: { conv: ModConv; res: number; wIndex: number }[];
}

function modConv(rand: () => number, inChannels: number, out: number, k: number, rgbGain = 1): ModConv {
  return {
    weight: randomArray(rand, out * inChannels * k * k, rgbGain / Math.sqrt(inChannels * k * k)),
    affine: randomArray(rand, inChannels * W_DIM, 1 / Math.sqrt(W_DIM)),
    bias: randomArray(rand, out, 0.1),
    out,
    inChannels,
    k,
  };
}

export function synthesisWeights(seed: number): SynthesisWeights {
  const rand = seededGaussian(seed);
  const c4 = CHANNELS[4] as number;
  const weights: SynthesisWeights = { constant: randomArray(rand, c4 * 16), layers: [], rgb: [] };
  let w = 0;
  for (let res = 4; res <= RESOLUTION; res *= 2) {
    const c = CHANNELS[res] as number;
    const prev = res === 4 ? c4 : (CHANNELS[res / 2] as number);
    const noise = (): Float32Array => randomArray(rand, res * res);
    if (res > 4)
      weights.layers.push({
        conv: modConv(rand, prev, c, 3),
        up: true,
        res,
        wIndex: w++,
        noise: noise(),
        noiseStrength: 0.1,
      });
    weights.layers.push({
      conv: modConv(rand, c, c, 3),
      up: false,
      res,
      wIndex: w,
      noise: noise(),
      noiseStrength: 0.1,
    });
    w++;
    weights.rgb.push({ conv: modConv(rand, c, 3, 1, 0.25), res, wIndex: w });
  }
  return weights;
}

type Export = 'grouped' | 'activation';

function transposeOutIn(w: Float32Array, out: number, inChannels: number, kk: number): Float32Array {
  const t = new Float32Array(w.length);
  for (let o = 0; o < out; o++)
    for (let i = 0; i < inChannels; i++)
      for (let k = 0; k < kk; k++) t[(i * out + o) * kk + k] = w[(o * inChannels + i) * kk + k] as number;
  return t;
}

/** Style vector s = A w + 1 ([1, in]) of one layer. */
function style(g: ShapedGraph, w: string, conv: ModConv, name: string): string {
  return g.op1(
    'Gemm',
    [
      w,
      g.floats(`${name}/affine`, [conv.inChannels, W_DIM], conv.affine),
      g.floats(`${name}/affine_bias`, [conv.inChannels], new Float32Array(conv.inChannels).fill(1)),
    ],
    { transB: { i: 1 } },
    `${name}/style`,
  );
}

const BLUR = [1, 3, 3, 1];

/** Depthwise 4x4 blur after a stride-2 transposed conv, as StyleGAN2's upfirdn2d (gain 4 for the zeros). */
function blur(g: ShapedGraph, x: string, channels: number, name: string): string {
  const kernel = new Float32Array(channels * 16);
  for (let c = 0; c < channels; c++)
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 4; j++) kernel[c * 16 + i * 4 + j] = ((BLUR[i] as number) * (BLUR[j] as number) * 4) / 64;
  return g.op1(
    'Conv',
    [x, g.floats(`${name}/blur`, [channels, 1, 4, 4], kernel)],
    { group: { i: channels }, pads: { ints: [1, 1, 1, 1] } },
    `${name}/blurred`,
  );
}

/** One modulated (optionally demodulated, optionally upsampling) conv in the chosen export. */
function modulatedConv(
  g: ShapedGraph,
  x: string,
  s: string,
  conv: ModConv,
  opts: { demod: boolean; up: boolean; name: string; mode: Export },
): string {
  const { out, inChannels: cin, k, name } = { ...conv, name: opts.name };
  const pad = (k - 1) / 2;
  if (opts.mode === 'grouped') {
    const w = g.floats(`${name}/weight`, [1, out, cin, k, k], conv.weight);
    let wm = g.op1('Mul', [w, g.op1('Reshape', [s, g.ints('shape', [1, 1, cin, 1, 1])])], {}, `${name}/wmod`);
    if (opts.demod) {
      const sq = g.op1('ReduceSum', [g.op1('Mul', [wm, wm]), g.ints('axes', [2, 3, 4])], { keepdims: { i: 1 } });
      const d = g.op1(
        'Pow',
        [g.op1('Add', [sq, g.floats('eps', [], [1e-8])]), g.floats('p', [], [-0.5])],
        {},
        `${name}/demod`,
      );
      wm = g.op1('Mul', [wm, d], {}, `${name}/wdemod`);
    }
    // Batch 1: groups = batch = 1; the weight is still computed at run time.
    const weight = g.op1('Reshape', [wm, g.ints('shape', [out, cin, k, k])], {}, `${name}/weight_b`);
    if (!opts.up)
      return g.op1('Conv', [x, weight], { group: { i: 1 }, pads: { ints: [pad, pad, pad, pad] } }, `${name}/conv`);
    const wt = g.op1('Transpose', [weight], { perm: { ints: [1, 0, 2, 3] } }, `${name}/weight_t`);
    return blur(
      g,
      g.op1('ConvTranspose', [x, wt], { strides: { ints: [2, 2] }, group: { i: 1 } }, `${name}/convt`),
      out,
      name,
    );
  }
  const xs = g.op1('Mul', [x, g.op1('Reshape', [s, g.ints('shape', [1, cin, 1, 1])])], {}, `${name}/xmod`);
  let y: string;
  if (!opts.up) {
    y = g.op1(
      'Conv',
      [xs, g.floats(`${name}/weight`, [out, cin, k, k], conv.weight)],
      { pads: { ints: [pad, pad, pad, pad] } },
      `${name}/conv`,
    );
  } else {
    const wt = g.floats(`${name}/weight_t`, [cin, out, k, k], transposeOutIn(conv.weight, out, cin, k * k));
    y = blur(g, g.op1('ConvTranspose', [xs, wt], { strides: { ints: [2, 2] } }, `${name}/convt`), out, name);
  }
  if (!opts.demod) return y;
  // d_o = (sum_i s_i^2 sum_k w_oik^2 + eps)^-1/2: a MatMul of s^2 with the constant squared weights.
  const wsq = new Float32Array(cin * out);
  for (let o = 0; o < out; o++)
    for (let i = 0; i < cin; i++) {
      let sum = 0;
      for (let t = 0; t < k * k; t++) {
        const v = conv.weight[(o * cin + i) * k * k + t] as number;
        sum += v * v;
      }
      wsq[i * out + o] = sum;
    }
  const energy = g.op1('MatMul', [g.op1('Mul', [s, s]), g.floats(`${name}/wsq`, [cin, out], wsq)]);
  const d = g.op1(
    'Pow',
    [g.op1('Add', [energy, g.floats('eps', [], [1e-8])]), g.floats('p', [], [-0.5])],
    {},
    `${name}/demod`,
  );
  return g.op1('Mul', [y, g.op1('Reshape', [d, g.ints('shape', [1, out, 1, 1])])], {}, `${name}/ydemod`);
}

/** Builds the synthesis network graph for one export. */
export function buildSynthesis(weights: SynthesisWeights, mode: Export): ShapedGraph {
  const g = new ShapedGraph(`reference_stylegan2_synthesis_${mode}`, {
    resolution: String(RESOLUTION),
    num_ws: String(NUM_WS),
    w_dim: String(W_DIM),
    export: mode,
    note: 'StyleGAN2 architecture with random weights, generated by tools/autodiff/make-reference-nets.ts',
  });
  g.addInput('ws', 'float32', [1, NUM_WS, W_DIM]);
  const parts = g.op(
    'Split',
    ['ws', g.ints('split', new Array<number>(NUM_WS).fill(1))],
    { axis: { i: 1 } },
    NUM_WS,
    'w',
  );
  const wOf = (i: number): string => g.op1('Reshape', [parts[i] as string, g.ints('shape', [1, W_DIM])], {}, `w${i}`);
  const ws = parts.map((_, i) => wOf(i));
  let x = g.floats('const', [1, CHANNELS[4] as number, 4, 4], weights.constant);
  let img: string | undefined;
  for (let res = 4; res <= RESOLUTION; res *= 2) {
    for (const layer of weights.layers.filter((l) => l.res === res)) {
      const name = `b${res}/${layer.up ? 'conv0_up' : 'conv1'}`;
      const s = style(g, ws[layer.wIndex] as string, layer.conv, name);
      x = modulatedConv(g, x, s, layer.conv, { demod: true, up: layer.up, name, mode });
      const noise = g.parameter(`noise_${res}_${layer.up ? 0 : 1}`, {
        dtype: 'float32',
        dims: [1, 1, res, res],
        data: layer.noise,
      });
      x = g.op1(
        'Add',
        [x, g.op1('Mul', [noise, g.floats('strength', [], [layer.noiseStrength])])],
        {},
        `${name}/noised`,
      );
      x = g.op1('Add', [x, g.floats(`${name}/bias`, [1, layer.conv.out, 1, 1], layer.conv.bias)], {}, `${name}/biased`);
      x = g.op1(
        'Mul',
        [g.op1('LeakyRelu', [x], { alpha: { f: 0.2 } }), g.floats('gain', [], [SQRT2])],
        {},
        `${name}/act`,
      );
    }
    const rgbLayer = weights.rgb.find((r) => r.res === res);
    if (!rgbLayer) throw new Error(`no toRGB at ${res}`);
    const name = `b${res}/torgb`;
    const s = style(g, ws[rgbLayer.wIndex] as string, rgbLayer.conv, name);
    let rgb = modulatedConv(g, x, s, rgbLayer.conv, { demod: false, up: false, name, mode });
    rgb = g.op1('Add', [rgb, g.floats(`${name}/bias`, [1, 3, 1, 1], rgbLayer.conv.bias)], {}, `${name}/rgb`);
    if (img !== undefined) {
      const up = g.op1(
        'Resize',
        [img, '', g.floats('scales', [4], [1, 1, 2, 2])],
        { mode: { s: 'linear' } },
        `b${res}/skip_up`,
      );
      img = g.op1('Add', [up, rgb], {}, `b${res}/img`);
    } else {
      img = rgb;
    }
  }
  const image = g.op1('Identity', [img as string], {}, 'image');
  g.addOutput(image);
  return g;
}

/** The mapping MLP z [1, 512] -> w [1, 512]: pixel norm, two FC layers with leaky ReLU. */
export function buildMapping(seed: number, layers = 2): ShapedGraph {
  const rand = seededGaussian(seed);
  const g = new ShapedGraph('reference_stylegan2_mapping', { w_dim: String(W_DIM), note: 'random weights' });
  g.addInput('z', 'float32', [1, W_DIM]);
  const meanSq = g.op1('ReduceMean', [g.op1('Mul', ['z', 'z'])], { axes: { ints: [1] }, keepdims: { i: 1 } });
  let x = g.op1(
    'Mul',
    ['z', g.op1('Pow', [g.op1('Add', [meanSq, g.floats('eps', [], [1e-8])]), g.floats('p', [], [-0.5])])],
    {},
    'z_norm',
  );
  for (let l = 0; l < layers; l++) {
    const fc = g.op1(
      'Gemm',
      [
        x,
        g.floats(`fc${l}/weight`, [W_DIM, W_DIM], randomArray(rand, W_DIM * W_DIM, 1 / Math.sqrt(W_DIM))),
        g.floats(`fc${l}/bias`, [W_DIM], new Float32Array(W_DIM)),
      ],
      { transB: { i: 1 } },
      `fc${l}`,
    );
    x = g.op1(
      'Mul',
      [g.op1('LeakyRelu', [fc], { alpha: { f: 0.2 } }), g.floats('gain', [], [SQRT2])],
      {},
      `fc${l}/act`,
    );
  }
  g.addOutput(g.op1('Identity', [x], {}, 'w'));
  return g;
}
