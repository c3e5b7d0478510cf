import { timeToX } from './time-view';
import { useTimelineStore } from './timeline-store';

/**
 * The playhead line over the keys or curves: its own component, so playback re-renders one line
 * per frame instead of every key and curve.
 */
export function Playhead({ className }: { className: string }) {
  const x = useTimelineStore((state) =>
    state.scene ? timeToX(state.view, state.frame / state.scene.fps) : Number.NEGATIVE_INFINITY,
  );
  if (!Number.isFinite(x)) return null;
  return <div className={className} style={{ left: x }} aria-hidden="true" />;
}
