import { BAKE_TOLERANCE } from '../../shared/animate';
import { frameTime, reduceKeys, sortKeyframes, type ParameterId, type Track } from '../../shared/timeline';

/** Yields to the event loop so input and painting go on between channels. */
const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Bakes per-frame channels (one value per scene frame from `startFrame` on) into editable keys
 * (reduceKeys within the tolerance), one channel per turn of the event loop: a 10 s, 55-channel set
 * takes a few hundred milliseconds in all, never one long block of the UI thread. Key times are the
 * frames' own times, frame / fps from the integer: times rounded to microseconds lay just after
 * their frame (2.966667 s for 89 / 30), so that frame showed an in-between instead of the key.
 */
export async function bakeChannels(
  channels: ReadonlyArray<{ parameter: ParameterId; values: ArrayLike<number> }>,
  options: { fps: number; startFrame: number; tolerance?: { coefficient: number; degrees: number } },
): Promise<Track[]> {
  const tolerance = options.tolerance ?? BAKE_TOLERANCE;
  const tracks: Track[] = [];
  for (const channel of channels) {
    const times = Array.from({ length: channel.values.length }, (_, i) =>
      frameTime(options.startFrame + i, options.fps),
    );
    tracks.push({
      parameter: channel.parameter,
      keyframes: reduceKeys(times, channel.values, {
        tolerance: channel.parameter.startsWith('head.') ? tolerance.degrees : tolerance.coefficient,
      }),
    });
    await nextTurn();
  }
  return tracks;
}

/**
 * Puts baked tracks onto the timeline: on each of their parameters, keys inside [from, to] are
 * replaced by the incoming ones; keys outside stay; other parameters are untouched.
 */
export function mergeTracks(existing: readonly Track[], incoming: readonly Track[], from: number, to: number): Track[] {
  const next = [...existing];
  for (const track of incoming) {
    const index = next.findIndex((candidate) => candidate.parameter === track.parameter);
    if (index < 0) {
      next.push(track);
      continue;
    }
    const kept = next[index]!.keyframes.filter((key) => key.time < from - 1e-9 || key.time > to + 1e-9);
    next[index] = { parameter: track.parameter, keyframes: sortKeyframes([...kept, ...track.keyframes]) };
  }
  return next;
}
