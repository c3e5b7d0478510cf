import { MOTION_CHANNEL_COUNT } from '../../../src/shared/animate';
import { writeModel } from '../../../src/main/engine/onnx/graph';
import { ShapedGraph } from '../../../src/main/engine/onnx/shaped-graph';

/** The rate the test model predicts at. */
export const FPS = 25;

/**
 * A tiny motion model the test builds: from the last past frame, cover the frame's share of what is
 * left, next = last + (target - last) * min(1, (1 / fps) / remaining): a straight line to the
 * target that arrives exactly when the time runs out. `window` past frames are read (only the last
 * is used), as the contract's tensors have them.
 */
export function linearMotionModel(window: number, channels = MOTION_CHANNEL_COUNT): Uint8Array {
  const g = new ShapedGraph('linear_motion', {});
  g.addInput('past', 'float32', [1, window, channels]);
  g.addInput('target', 'float32', [1, channels]);
  g.addInput('remaining', 'float32', [1, 1]);
  const lastFrame = g.op1('Slice', [
    'past',
    g.ints('starts', [window - 1]),
    g.ints('ends', [window]),
    g.ints('axes', [1]),
  ]);
  const last = g.op1('Reshape', [lastFrame, g.ints('shape', [1, channels])]);
  const share = g.op1('Min', [
    g.op1('Div', [g.floats('dt', [1, 1], [1 / FPS]), 'remaining']),
    g.floats('one', [1, 1], [1]),
  ]);
  const step = g.op1('Mul', [g.op1('Sub', ['target', last]), share]);
  g.addOutput(g.op1('Add', [last, step], {}, 'next'));
  return writeModel(g.toGraph(), { producerName: 'mien-test' });
}
