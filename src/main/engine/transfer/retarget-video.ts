import { ApiError } from '../../../shared/api';
import { mostNeutralFrame, type LayerMix } from '../../../shared/generate';
import type { EngineContext } from '../api';
import { portraitSource, type GenerateRenderOutput } from '../generate';
import { startEncoder } from '../media';
import { driverTracksOf, expressionTransferOf, type DriverTracks } from './expression-source';
import { StreamedFrameDonors } from './streamed-frame-donors';

export interface RetargetVideoRequest {
  portraitAssetId: string;
  /** A video asset whose face tracking has finished (its coefficient tracks drive the portrait). */
  driverAssetId: string;
  /** The .mp4 to write. */
  outPath: string;
  /** 'relative' (default): the driver's change from its neutral frame; 'absolute': its values as they are. */
  mode: 'relative' | 'absolute';
  /** The head turns with the driver's (relative to its neutral frame in relative mode). */
  includePose: boolean;
  /** The driver's rest frame; default: its most neutral frame by coefficients. */
  neutralFrameIndex?: number | null;
  /** Per-layer strength (head, brows, eyes, nose, mouth); default 1 each (head: includePose). */
  layerMix?: LayerMix;
  /** Long side of the output in pixels; default the portrait's own size. */
  longSide?: number;
  /**
   * Each frame's open mouth from the driver (its teeth and tongue, StreamedFrameDonors) instead of
   * the painted interior; default true.
   */
  mouthFromDriver?: boolean;
  signal?: AbortSignal;
  onProgress?: (framesDone: number, frameCount: number) => void;
}

export interface RetargetVideoResult {
  outPath: string;
  frames: number;
  fps: number;
  width: number;
  height: number;
  neutralFrameIndex: number;
  /** Frames whose head turn the generator limited to keep the picture from tearing. */
  cappedFrames: number;
  /** Frames whose mouth interior came from the driver's frame. */
  donorFrames: number;
  /** Wall time waiting for rendered frames, for encoding (ffmpeg's pipe and finish), and in all (ms). */
  renderMs: number;
  encodeMs: number;
  totalMs: number;
}

/** Frames rendered ahead of the one being encoded: keeps every worker busy while ffmpeg encodes. */
const RENDER_AHEAD = 4;

/**
 * Face video retargeting rendered to a video (issue 9, method B): every frame of the driver's
 * coefficient tracks moves the portrait through the generator (its expression layers mixed
 * towards the driver's frame, relative to the driver's neutral frame), and the frames go through a
 * pipe into ffmpeg. The output has the driver's frame rate and frame count. The warp's border never
 * moves, so the background and shoulders stay still.
 */
export async function retargetVideo(
  context: Pick<EngineContext, 'openStore' | 'pool' | 'ffmpeg'>,
  request: RetargetVideoRequest,
): Promise<RetargetVideoResult> {
  const started = performance.now();
  const driver = driverTracksOf(context, request.driverAssetId);
  const { spec, rig } = portraitSource(context, request.portraitAssetId);
  const { store } = context.openStore();
  const asset = store.assets.get(request.portraitAssetId);
  const neutralFrameIndex = neutralFrameOf(request, driver);
  const mix: LayerMix = {
    brows: 1,
    eyes: 1,
    nose: 1,
    mouth: 1,
    ...request.layerMix,
    head: request.includePose ? (request.layerMix?.head ?? 1) : 0,
  };
  const scale = request.longSide ? request.longSide / Math.max(asset.width, asset.height) : 1;
  const width = Math.max(2, Math.round(asset.width * scale));
  const height = Math.max(2, Math.round(asset.height * scale));
  // Aborted by the caller's signal or by a failed render: either way ffmpeg stops and its partial file goes.
  const stop = new AbortController();
  const onAbort = () => stop.abort(request.signal?.reason);
  request.signal?.addEventListener('abort', onAbort, { once: true });
  const driverAsset = store.assets.get(request.driverAssetId);
  const donors =
    request.mouthFromDriver !== false && context.ffmpeg.path && (request.layerMix?.mouth ?? 1) > 0
      ? new StreamedFrameDonors(
          store,
          request.driverAssetId,
          context.ffmpeg.path,
          driverAsset.originalSha256,
          store.workingFileOf(driverAsset),
        )
      : null;
  let donorFrames = 0;
  let encoder: ReturnType<typeof startEncoder>;
  try {
    encoder = startEncoder({
      format: 'mp4',
      width,
      height,
      fps: driver.fps,
      outPath: request.outPath,
      preset: 'veryfast',
      signal: stop.signal,
    });
  } catch (error) {
    request.signal?.removeEventListener('abort', onAbort);
    await donors?.close();
    throw error;
  }

  const renderFrame = async (frame: number): Promise<{ rgba: Uint8Array; capped: boolean }> => {
    const transfer = expressionTransferOf(
      context,
      { assetId: request.driverAssetId, frameIndex: frame, neutralFrameIndex },
      request.mode,
      driver,
    );
    const mouthDonor = donors ? await donors.donorFor(frame) : null;
    if (mouthDonor) donorFrames += 1;
    const expression = mouthDonor ? { ...transfer, mouthDonor } : transfer;
    const rendered: GenerateRenderOutput = await context.pool
      .run(
        'generate.render',
        {
          generatorId: 'warp',
          source: spec,
          target: rig,
          mix,
          expression,
          size: { kind: 'full' },
          // The worker scales the frame (off the engine thread) when the output is smaller than the photo.
          ...(width !== asset.width || height !== asset.height ? { outputSize: { width, height } } : {}),
          encode: 'raw',
        },
        { signal: stop.signal, affinity: spec.key },
      )
      .finally(() => donors?.release(mouthDonor));
    return { rgba: rendered.bytes, capped: rendered.report.capped.length > 0 };
  };

  let renderMs = 0;
  let encodeMs = 0;
  let cappedFrames = 0;
  const pending: Array<Promise<{ rgba: Uint8Array; capped: boolean }>> = [];
  let next = 0;
  const fill = () => {
    while (next < driver.frameCount && pending.length < RENDER_AHEAD) {
      const frame = renderFrame(next++);
      frame.catch(() => {});
      pending.push(frame);
    }
  };
  try {
    for (let f = 0; f < driver.frameCount; f++) {
      fill();
      const waitStart = performance.now();
      const { rgba, capped } = await pending.shift()!;
      const rendered = performance.now();
      renderMs += rendered - waitStart;
      if (capped) cappedFrames += 1;
      fill();
      await encoder.write(rgba);
      encodeMs += performance.now() - rendered;
      request.onProgress?.(f + 1, driver.frameCount);
    }
    const finishStart = performance.now();
    const result = await encoder.finish();
    encodeMs += performance.now() - finishStart;
    return {
      outPath: result.path,
      frames: result.frames,
      fps: driver.fps,
      width: result.width,
      height: result.height,
      neutralFrameIndex,
      cappedFrames,
      donorFrames,
      renderMs,
      encodeMs,
      totalMs: performance.now() - started,
    };
  } catch (error) {
    stop.abort(error);
    await encoder.finish().catch(() => {});
    throw error;
  } finally {
    request.signal?.removeEventListener('abort', onAbort);
    await donors?.close();
  }
}

function neutralFrameOf(request: RetargetVideoRequest, driver: DriverTracks): number {
  const given = request.neutralFrameIndex;
  if (given === undefined || given === null) return mostNeutralFrame(driver);
  if (!Number.isInteger(given) || given < 0 || given >= driver.frameCount) {
    throw new ApiError(
      'invalid_request',
      `The driver has ${driver.frameCount} frames (0-${driver.frameCount - 1}); there is no neutral frame ${given}.`,
    );
  }
  return given;
}
