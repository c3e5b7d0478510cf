/**
 * Which frames to render ahead while playing: starting far enough ahead that a frame asked for
 * now is ready when the playhead gets there (the render time in frames, plus one), `count` frames
 * long, wrapping at the end when the playback loops. Pure, for tests.
 */
export function framesAhead(options: {
  frame: number;
  lastFrame: number;
  fps: number;
  renderMs: number;
  count: number;
  loop: boolean;
}): number[] {
  const { frame, lastFrame, fps, renderMs, count, loop } = options;
  const total = lastFrame + 1;
  const lead = Math.ceil((renderMs / 1000) * fps) + 1;
  const frames: number[] = [];
  for (let i = 0; i < Math.min(count, total); i++) {
    const ahead = frame + lead + i;
    if (ahead > lastFrame && !loop) break;
    frames.push(ahead % total);
  }
  return frames;
}

/**
 * The frame a real-time clock is at: `startFrame` plus whole frames elapsed since `startedAt` (ms),
 * wrapped at the end when looping, or null when a non-looping playback has ended. Computed from the
 * clock each time (never accumulated), so slow frames are skipped instead of slowing time down.
 */
export function clockFrame(options: {
  startFrame: number;
  startedAt: number;
  now: number;
  fps: number;
  lastFrame: number;
  loop: boolean;
}): number | null {
  const { startFrame, startedAt, now, fps, lastFrame, loop } = options;
  const frame = startFrame + Math.floor(((now - startedAt) / 1000) * fps + 1e-6);
  if (frame <= lastFrame) return frame;
  return loop ? frame % (lastFrame + 1) : null;
}
