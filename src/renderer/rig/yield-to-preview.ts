import { usePreviewStore } from '../preview/preview-store';

/** Least time between two 3D redraws while the rig changes: software WebGL spends tens of ms a frame. */
export const RIG_VIEW_MIN_INTERVAL_MS = 120;
/** Longest a 3D redraw waits for the live preview's frame (a slow engine must not freeze the 3D view). */
export const RIG_VIEW_MAX_WAIT_MS = 400;

/** The browser's next animation frame (typed here: the module is also type-checked with the Node tests). */
const nextAnimationFrame = (callback: () => void): void => {
  (globalThis as unknown as { requestAnimationFrame(callback: () => void): number }).requestAnimationFrame(callback);
};

export interface RedrawScheduler {
  /** Asks for one redraw; requests made before it runs are merged into it. */
  request(): void;
  dispose(): void;
}

/**
 * Schedules the rig's 3D view redraws so they yield to the live preview, the main feedback of a
 * slider drag: a redraw waits while a preview frame is on its way (the 3D view's WebGL and the
 * engine's render share the CPU, and without a GPU the 3D view's frame alone can cost what the
 * whole preview may), then for that frame's paint, and redraws come at most every
 * RIG_VIEW_MIN_INTERVAL_MS. The last request of a drag is always drawn.
 */
export function yieldingRedraws(
  redraw: () => void,
  { minIntervalMs = RIG_VIEW_MIN_INTERVAL_MS, maxWaitMs = RIG_VIEW_MAX_WAIT_MS } = {},
): RedrawScheduler {
  let lastRedraw = -Infinity;
  let requestedAt = 0;
  let scheduled = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let unsubscribe: (() => void) | null = null;

  const cancelWaits = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    unsubscribe?.();
    unsubscribe = null;
  };
  const run = () => {
    cancelWaits();
    scheduled = false;
    lastRedraw = performance.now();
    redraw();
  };
  /** Draws now unless a preview frame is on its way; then when it has arrived, or at the latest maxWaitMs after the request. */
  const whenPreviewIsIdle = () => {
    timer = null;
    if (!usePreviewStore.getState().waitingForFrame) {
      run();
      return;
    }
    unsubscribe = usePreviewStore.subscribe((state) => {
      if (state.waitingForFrame) return;
      // Let the preview frame reach the screen on its own animation frame first.
      unsubscribe?.();
      unsubscribe = null;
      nextAnimationFrame(() => {
        if (!scheduled) return;
        if (timer) clearTimeout(timer);
        timer = setTimeout(run, 0);
      });
    });
    timer = setTimeout(run, Math.max(0, requestedAt + maxWaitMs - performance.now()));
  };
  return {
    request() {
      if (scheduled) return;
      scheduled = true;
      requestedAt = performance.now();
      timer = setTimeout(whenPreviewIsIdle, Math.max(0, lastRedraw + minIntervalMs - requestedAt));
    },
    dispose() {
      cancelWaits();
      scheduled = false;
    },
  };
}
