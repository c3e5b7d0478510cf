import { useMemo } from 'react';
import { useServices } from '../app-services';
import './timeline.css';
import { controlLabel, type RigControl } from '../rig/rig-groups';
import { parameterOf } from './parameters';
import { toggleKey } from './timeline-actions';
import { TimelineEdits } from './timeline-edits';
import { playheadSeconds, useTimelineStore } from './timeline-store';

type KeyState = 'none' | 'animated' | 'keyed';

/**
 * The ◆ beside a rig slider: hollow when the parameter is static, outlined in the accent colour
 * when it has a track (moving the slider then keys it at the playhead), filled when there is a key
 * at the playhead. A click keys the current value there, or removes the key that is there.
 */
export function KeyButton({ control }: { control: RigControl }) {
  const { client, history } = useServices();
  const parameter = parameterOf(control);
  const hasScene = useTimelineStore((state) => state.scene !== null);
  const keyState = useTimelineStore((state): KeyState => {
    const track = state.tracks.find((candidate) => candidate.parameter === parameter);
    if (!track || track.keyframes.length === 0) return 'none';
    const time = playheadSeconds(state);
    return track.keyframes.some((key) => Math.abs(key.time - time) < 1e-9) ? 'keyed' : 'animated';
  });
  const edits = useMemo(() => new TimelineEdits(client, history), [client, history]);
  // Holds the slider's first grid column until the portrait's scene is open.
  if (!hasScene) return <span className="key-button key-button--absent" aria-hidden="true" />;
  const label = controlLabel(control);
  const title =
    keyState === 'keyed'
      ? `Remove the key of ${label} at the playhead`
      : keyState === 'animated'
        ? `Key ${label} at the playhead (animated: moving the slider keys it)`
        : `Key ${label} at the playhead (animates it)`;
  return (
    <button
      type="button"
      className={`key-button key-button--${keyState}`}
      aria-label={title}
      aria-pressed={keyState === 'keyed'}
      title={title}
      data-testid={`key-button-${control.name}`}
      data-key-state={keyState}
      onClick={() => toggleKey(edits, parameter, label)}
    >
      <svg viewBox="0 0 10 10" width="10" height="10" aria-hidden="true">
        <path d="M5 0.8 9.2 5 5 9.2 0.8 5z" />
      </svg>
    </button>
  );
}
