import { useMemo } from 'react';
import type { ParameterId } from '../../shared/timeline';
import { useServices } from '../app-services';
import { toggleKey } from './timeline-actions';
import { TimelineEdits } from './timeline-edits';
import { playheadSeconds, useTimelineStore } from './timeline-store';
import './timeline.css';

type KeyState = 'none' | 'animated' | 'keyed';

/**
 * The ◆ beside a slider (a rig control, a layer alpha, the source frame): hollow when the parameter
 * is static, outlined in the accent colour when it has a track (moving the slider then keys it at
 * the playhead), filled when there is a key at the playhead. A click keys the value the slider shows
 * there (`shownValue`), or removes the key that is there.
 */
export function ParameterKeyButton({
  parameter,
  label,
  shownValue,
  testId,
  disabled = false,
}: {
  parameter: ParameterId;
  label: string;
  shownValue(): number;
  testId: string;
  disabled?: boolean;
}) {
  const { client, history } = useServices();
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
      disabled={disabled}
      data-testid={testId}
      data-key-state={keyState}
      onClick={() => toggleKey(edits, parameter, label, shownValue)}
    >
      <svg viewBox="0 0 10 10" width="10" height="10" aria-hidden="true">
        <path d="M5 0.8 9.2 5 5 9.2 0.8 5z" />
      </svg>
    </button>
  );
}
