import { useCallback, useEffect, useRef } from 'react';

/** Quiet time after the last arrow key before a frame slider's frame is picked (one undo step). */
export const KEY_PICK_SETTLE_MS = 400;

/**
 * The release of a frame slider whose frame is picked (saved, one undo step) when it stops moving:
 * the layers panel's expression frame and the tracks panel's slider of the same video. A pointer
 * release or leaving the slider picks at once; arrow keys pick once they have stopped for
 * KEY_PICK_SETTLE_MS, so a run of presses is one step, not one per key. A pick still waiting when
 * the slider goes away (the source changed, the panel closed) is made then. `pick` reads the frame
 * to pick itself (the shared draft), and only runs after `moved`.
 */
export function useFramePick(pick: () => void): {
  moved(): void;
  commit(): void;
  commitWhenKeysStop(): void;
} {
  const moving = useRef(false);
  const keysSettle = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pickRef = useRef(pick);
  useEffect(() => {
    pickRef.current = pick;
  });
  const stopTimer = () => {
    if (keysSettle.current !== null) clearTimeout(keysSettle.current);
    keysSettle.current = null;
  };
  const commit = useCallback(() => {
    stopTimer();
    if (!moving.current) return;
    moving.current = false;
    pickRef.current();
  }, []);
  useEffect(() => commit, [commit]);
  const moved = useCallback(() => {
    moving.current = true;
    // A key held or pressed again before the pick: the run goes on.
    stopTimer();
  }, []);
  const commitWhenKeysStop = useCallback(() => {
    if (!moving.current) return;
    stopTimer();
    keysSettle.current = setTimeout(commit, KEY_PICK_SETTLE_MS);
  }, [commit]);
  return { moved, commit, commitWhenKeysStop };
}
