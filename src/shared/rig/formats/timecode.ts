import { RigFormatError } from './coefficient-tracks';

const TIMECODE = /^(\d{1,3}):(\d{2}):(\d{2})[:;](\d{1,3})(?:\.(\d+))?$/;

/**
 * Parses Live Link Face's timecode HH:MM:SS:FF.fff, where FF is the frame within the second at
 * the recording rate and .fff the sub-frame fraction, to seconds.
 */
export function parseTimecode(text: string, fps: number, line?: number): number {
  const match = TIMECODE.exec(text.trim());
  if (!match) throw new RigFormatError(`timecode '${text}' is not HH:MM:SS:FF.fff`, line);
  const [, h, m, s, f, sub] = match;
  const minutes = Number(m);
  const seconds = Number(s);
  const frame = Number(f);
  if (minutes > 59 || seconds > 59)
    throw new RigFormatError(`timecode '${text}' has minutes or seconds above 59`, line);
  if (frame >= Math.ceil(fps)) {
    throw new RigFormatError(
      `timecode '${text}' has frame ${frame}, but ${fps} fps allows 0-${Math.ceil(fps) - 1}`,
      line,
    );
  }
  const fraction = sub ? Number(`0.${sub}`) : 0;
  return Number(h) * 3600 + minutes * 60 + seconds + (frame + fraction) / fps;
}

/** Formats seconds as HH:MM:SS:FF.fff at the given rate (inverse of parseTimecode to 1/1000 frame). */
export function formatTimecode(totalSeconds: number, fps: number): string {
  // Work in thousandths of a frame so rounding never yields frame == fps or a fraction of 1.000.
  const totalMilliFrames = Math.round(totalSeconds * fps * 1000);
  const framesPerSecond = Math.ceil(fps);
  let wholeSeconds = Math.floor(totalMilliFrames / (fps * 1000));
  let milliFramesInSecond = totalMilliFrames - Math.round(wholeSeconds * fps * 1000);
  if (milliFramesInSecond < 0) {
    wholeSeconds -= 1;
    milliFramesInSecond = totalMilliFrames - Math.round(wholeSeconds * fps * 1000);
  }
  let frame = Math.floor(milliFramesInSecond / 1000);
  let milli = milliFramesInSecond - frame * 1000;
  if (frame >= framesPerSecond) {
    frame = framesPerSecond - 1;
    milli = 999;
  }
  const hh = Math.floor(wholeSeconds / 3600);
  const mm = Math.floor((wholeSeconds % 3600) / 60);
  const ss = wholeSeconds % 60;
  const two = (v: number) => String(v).padStart(2, '0');
  return `${two(hh)}:${two(mm)}:${two(ss)}:${two(frame)}.${String(milli).padStart(3, '0')}`;
}

/** Frame rates a capture is likely to use, in order: an inferred rate snaps up to the first that fits. */
const COMMON_RATES = [24, 25, 30, 48, 50, 60, 90, 100, 120] as const;

/**
 * The recording rate of a sequence of Live Link timecodes, from their frame fields: when a row
 * moves to the next second, the frame numbers seen so far (0 to fps-1) tell the rate. The largest
 * frame number + 1 is snapped up to a common rate (a capture that drops frames may never show
 * the last one). Null when no row crosses a second boundary (under a second of capture), so the
 * rate cannot be known from the file.
 */
export function inferTimecodeRate(timecodes: readonly string[]): number | null {
  let largestFrame = -1;
  let crossed = false;
  let previousSecond: number | null = null;
  for (const text of timecodes) {
    const match = TIMECODE.exec(text.trim());
    if (!match) return null;
    const second = Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
    largestFrame = Math.max(largestFrame, Number(match[4]));
    if (previousSecond !== null && second !== previousSecond) crossed = true;
    previousSecond = second;
  }
  if (!crossed || largestFrame < 0) return null;
  return COMMON_RATES.find((rate) => rate >= largestFrame + 1) ?? largestFrame + 1;
}
