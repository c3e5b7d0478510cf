import { sceneFrameTotal } from './export-plan';
import type { Keyframe, Track } from './keyframe';

/**
 * A scene's keys conformed to another frame rate (the frame-rate menu): every key moves to the
 * nearest frame of the new rate, and a key past the scene's new last frame moves back onto it, so no
 * key sits between frames (where no frame shows it) or past the end (where none reaches it: at 24 fps
 * a key kept at 2.967 s, the last frame at 30 fps, lay after 2.958 s, the last one at 24, and the
 * scene never showed its pose). Keys of a track that land on one frame merge into one: on the last
 * frame the latest key stays (the scene's final pose), elsewhere the one that moved least (the later
 * on a tie). Handles are relative to their segment, so curves keep their shape. Values are untouched.
 * Pure: the input stays as it was (undo keeps it).
 */
export function retimeTracks(
  tracks: readonly Track[],
  scene: { durationSeconds: number; fps: number },
): { tracks: Track[]; movedKeys: number; mergedKeys: number } {
  const last = sceneFrameTotal(scene.durationSeconds, scene.fps) - 1;
  let movedKeys = 0;
  let mergedKeys = 0;
  const next = tracks.map((track) => {
    const byFrame = new Map<number, Keyframe>();
    for (const key of track.keyframes) {
      const frame = Math.min(last, Math.max(0, Math.round(key.time * scene.fps)));
      const time = frame / scene.fps;
      const kept = byFrame.get(frame);
      if (kept && !replaces(key, kept, time, frame === last)) {
        mergedKeys += 1;
        continue;
      }
      if (kept) mergedKeys += 1;
      byFrame.set(frame, key);
    }
    const keyframes = [...byFrame.entries()]
      .sort(([a], [b]) => a - b)
      .map(([frame, key]) => {
        const time = frame / scene.fps;
        if (time === key.time) return key;
        movedKeys += 1;
        return { ...key, time, handles: [...key.handles] as Keyframe['handles'] };
      });
    return { parameter: track.parameter, keyframes };
  });
  return { tracks: next, movedKeys, mergedKeys };
}

/** Whether `candidate` should take the frame at `time` from `kept` (both land on it). */
function replaces(candidate: Keyframe, kept: Keyframe, time: number, lastFrame: boolean): boolean {
  if (lastFrame) return candidate.time > kept.time;
  const candidateMove = Math.abs(candidate.time - time);
  const keptMove = Math.abs(kept.time - time);
  return (
    candidateMove < keptMove - 1e-12 || (Math.abs(candidateMove - keptMove) <= 1e-12 && candidate.time > kept.time)
  );
}
