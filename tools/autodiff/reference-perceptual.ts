import { ShapedGraph } from '../../src/main/engine/onnx/shaped-graph';
import { randomArray, seededGaussian } from './seeded-random';

/**
 * A small VGG-style perceptual network with random (He-initialised) weights: RGB in [-1, 1] ->
 * features at the named layers conv1_2, conv2_2, conv3_2 (after ReLU), 2x2 max pools between blocks.
 */
export const PERCEPTUAL_LAYERS = ['conv1_2', 'conv2_2', 'conv3_2'];

export function buildPerceptual(seed: number, resolution: number): ShapedGraph {
  const rand = seededGaussian(seed);
  const g = new ShapedGraph('reference_vgg_perceptual', {
    layers: PERCEPTUAL_LAYERS.join(','),
    note: 'random weights',
  });
  g.addInput('image', 'float32', [1, 3, resolution, resolution]);
  // ImageNet normalisation of (x + 1) / 2, as VGG feature extractors expect.
  const mean = [0.485, 0.456, 0.406];
  const std = [0.229, 0.224, 0.225];
  let x = g.op1(
    'Add',
    [
      g.op1('Mul', [
        'image',
        g.floats(
          'scale',
          [1, 3, 1, 1],
          std.map((s) => 0.5 / s),
        ),
      ]),
      g.floats(
        'shift',
        [1, 3, 1, 1],
        mean.map((m, i) => (0.5 - m) / (std[i] as number)),
      ),
    ],
    {},
    'normalised',
  );
  let channels = 3;
  const widths = [8, 16, 32];
  widths.forEach((width, block) => {
    if (block > 0)
      x = g.op1('MaxPool', [x], { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] } }, `pool${block}`);
    for (let c = 1; c <= 2; c++) {
      const name = `conv${block + 1}_${c}`;
      const w = g.floats(
        `${name}/weight`,
        [width, channels, 3, 3],
        randomArray(rand, width * channels * 9, Math.sqrt(2 / (channels * 9))),
      );
      const b = g.floats(`${name}/bias`, [width], randomArray(rand, width, 0.05));
      x = g.op1('Relu', [g.op1('Conv', [x, w, b], { pads: { ints: [1, 1, 1, 1] } }, `${name}/pre`)], {}, name);
      channels = width;
    }
  });
  for (const layer of PERCEPTUAL_LAYERS) g.addOutput(layer);
  return g;
}
