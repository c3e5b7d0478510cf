import * as ort from 'onnxruntime-node';
import { ApiError, type MotionContract } from '../../../shared/api';
import {
  MOTION_CHANNEL_COUNT,
  MOTION_CHANNELS,
  motionRow,
  type FrameChannels,
  type RigValues,
} from '../../../shared/animate';
import { frameAt } from '../../../shared/timeline';
import { createSessionWithFallback, type ModelManager } from '../models';

/**
 * A learned motion predictor installed through the model manager (role 'motion', contract in
 * docs/timeline.md): rolled out frame by frame, it replaces the procedural in-betweening of a
 * segment. Each step feeds the last `window` frames (the segment's start state repeated before
 * the first), the target and the seconds left, and appends the predicted `next` frame.
 */
export class MotionPredictor {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly contract: MotionContract,
    readonly modelId: string,
  ) {}

  /** Opens an installed motion model (its bytes checked against the sha256 recorded at install). */
  static async open(manager: ModelManager, id: string): Promise<MotionPredictor> {
    const { model, bytes } = await manager.verify(id);
    if (model.contract.role !== 'motion') {
      throw new ApiError('invalid_request', `Model "${id}" is a ${model.contract.role} model, not a motion predictor.`);
    }
    const { session } = await createSessionWithFallback({ bytes, label: `${id} (motion)` });
    return new MotionPredictor(session, model.contract, id);
  }

  /**
   * Per-frame channels (the 55 motion channels) from `from` to `to` over `duration` seconds at the
   * model's frame rate. The last frame is the target exactly (as the procedural in-betweening
   * guarantees), coefficients are kept in 0..1.
   */
  async predictSegment(from: RigValues, to: RigValues, duration: number): Promise<FrameChannels> {
    const { window, fps } = this.contract;
    if (!(duration > 0)) throw new Error('predictSegment: the duration must be positive.');
    const frameCount = frameAt(duration, fps) + 1;
    const rows = new Float32Array(frameCount * MOTION_CHANNEL_COUNT);
    const start = motionRow(from);
    rows.set(start, 0);
    const target = new ort.Tensor('float32', motionRow(to), [1, MOTION_CHANNEL_COUNT]);
    const past = new Float32Array(window * MOTION_CHANNEL_COUNT);
    for (let frame = 1; frame < frameCount; frame++) {
      // The window ends at the previous frame; before the segment began, the start state held.
      for (let slot = 0; slot < window; slot++) {
        const source = frame - window + slot;
        past.set(
          source >= 0 ? rows.subarray(source * MOTION_CHANNEL_COUNT, (source + 1) * MOTION_CHANNEL_COUNT) : start,
          slot * MOTION_CHANNEL_COUNT,
        );
      }
      const remaining = Math.max(0, duration - (frame - 1) / fps);
      const output = await this.session.run({
        past: new ort.Tensor('float32', past.slice(), [1, window, MOTION_CHANNEL_COUNT]),
        target,
        remaining: new ort.Tensor('float32', Float32Array.of(remaining), [1, 1]),
      });
      const next = output.next!.data as Float32Array;
      for (let c = 0; c < MOTION_CHANNEL_COUNT; c++) {
        const value = next[c]!;
        if (!Number.isFinite(value)) {
          throw new ApiError(
            'internal',
            `Motion model "${this.modelId}" produced a non-finite value at frame ${frame}.`,
          );
        }
        rows[frame * MOTION_CHANNEL_COUNT + c] = c < 52 ? Math.min(1, Math.max(0, value)) : value;
      }
    }
    rows.set(motionRow(to), (frameCount - 1) * MOTION_CHANNEL_COUNT);
    const channels: FrameChannels['channels'] = {};
    MOTION_CHANNELS.forEach((parameter, c) => {
      channels[parameter] = Float32Array.from({ length: frameCount }, (_, f) => rows[f * MOTION_CHANNEL_COUNT + c]!);
    });
    return { fps, frameCount, channels };
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
