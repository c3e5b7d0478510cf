import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, ModelContract } from '../../../src/shared/api';
import { animateThroughStates, MOTION_CHANNEL_COUNT, type FrameChannels } from '../../../src/shared/animate';
import { ModelManager } from '../../../src/main/engine/models';
import { MotionPredictor } from '../../../src/main/engine/motion';
import { writeModel } from '../../../src/main/engine/onnx/graph';
import { ShapedGraph } from '../../../src/main/engine/onnx/shaped-graph';

const FPS = 25;

/**
 * A tiny motion model the test builds: from the last past frame, cover the frame's share of what is
 * left, next = last + (target - last) * min(1, (1 / fps) / remaining): a straight line to the
 * target that arrives exactly when the time runs out. `window` past frames are read (only the last
 * is used), as the contract's tensors have them.
 */
function linearMotionModel(window: number, channels = MOTION_CHANNEL_COUNT): Uint8Array {
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

const metadata = (window: number) =>
  ModelContract.parse({ role: 'motion', window, fps: FPS, licence: 'test model, public domain' });

describe('learned motion predictor (role motion, installed through the model manager)', () => {
  let dataDir: string;
  let manager: ModelManager;
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mien-motion-'));
    manager = await ModelManager.open(dataDir);
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const install = async (id: string, bytes: Uint8Array, window: number) => {
    const file = join(dataDir, `${id}.onnx`);
    writeFileSync(file, bytes);
    return manager.install({ source: { kind: 'file', path: file }, metadata: metadata(window), id });
  };

  it('installs a model that meets the contract and rolls it out frame by frame', async () => {
    const installed = await install('linear-motion', linearMotionModel(8), 8);
    expect(installed).toMatchObject({ role: 'motion', contract: { window: 8, fps: FPS } });
    expect(installed.outputs).toEqual([{ name: 'next', shape: [1, MOTION_CHANNEL_COUNT], dtype: 'float32' }]);

    const predictor = await MotionPredictor.open(manager, 'linear-motion');
    try {
      const from = { 'rig.jawOpen': 0, 'rig.mouthSmileLeft': 0.8, 'head.yawDeg': -4 };
      const to = { 'rig.jawOpen': 0.6, 'rig.mouthSmileLeft': 0.2, 'head.yawDeg': 6 };
      const segment = await predictor.predictSegment(from, to, 1);
      expect(segment.frameCount).toBe(26);
      // The linear model gives the straight line exactly: frame f is f/25 of the way.
      const jaw = segment.channels['rig.jawOpen']!;
      const yaw = segment.channels['head.yawDeg']!;
      for (let f = 0; f <= 25; f++) {
        expect(jaw[f]).toBeCloseTo((0.6 * f) / 25, 5);
        expect(yaw[f]).toBeCloseTo(-4 + (10 * f) / 25, 4);
      }
      expect(segment.channels['rig.eyeBlinkLeft']!.every((v) => v === 0)).toBe(true);

      // The predictor replaces the procedural in-betweening of every segment of a keyed animation.
      const states = [
        { time: 0, values: from },
        { time: 1, values: to },
        { time: 1.6, values: from },
      ];
      const segments: FrameChannels[] = [];
      for (let i = 0; i + 1 < states.length; i++) {
        segments.push(
          await predictor.predictSegment(
            states[i]!.values,
            states[i + 1]!.values,
            states[i + 1]!.time - states[i]!.time,
          ),
        );
      }
      const frames = animateThroughStates(states, { fps: FPS, duration: 2, segment: (i) => segments[i]! });
      expect(frames.channels['rig.jawOpen']![25]).toBeCloseTo(0.6, 6);
      expect(frames.channels['rig.jawOpen']![30]).toBeCloseTo(0.6 - (0.6 * 5) / 15, 5);
      expect(frames.channels['rig.jawOpen']![50]).toBe(0);
    } finally {
      await predictor.close();
    }
  });

  it('refuses a model whose tensors do not meet the contract, naming the tensor', async () => {
    const narrow = linearMotionModel(8, 52);
    const error = await install('too-narrow', narrow, 8).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toMatch(/motion input 'past' has shape \[1,8,52\], expected \[1,8,55\]/);
    const wrongWindow = await install('wrong-window', linearMotionModel(4), 8).catch((e: unknown) => e);
    expect((wrongWindow as ApiError).message).toMatch(/expected \[1,8,55\] for a window of 8 frames/);
  });

  it('will not open another role as a motion predictor, nor a model that is not installed', async () => {
    const fixtures = join(__dirname, '..', '..', 'fixtures', 'autodiff');
    await manager.install({
      source: { kind: 'file', path: join(fixtures, 'mapping.onnx') },
      metadata: ModelContract.parse(JSON.parse(readFileSync(join(fixtures, 'mapping.mien.json'), 'utf8'))),
      id: 'mapping',
    });
    await expect(MotionPredictor.open(manager, 'mapping')).rejects.toMatchObject({
      code: 'invalid_request',
      message: 'Model "mapping" is a mapping model, not a motion predictor.',
    });
    await expect(MotionPredictor.open(manager, 'not-installed')).rejects.toMatchObject({ code: 'not_found' });
  });
});
