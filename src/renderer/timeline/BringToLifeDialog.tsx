import { useState } from 'react';
import { generateIdle, type RigValues as ParameterValues } from '../../shared/animate';
import type { ParameterId } from '../../shared/timeline';
import { useRigPanelStore } from '../rig/rig-panel-store';
import { reportError } from '../state/notices-store';
import { bakeChannels, mergeTracks } from './bake';
import { controlValue, TIMELINE_GROUPS } from './parameters';
import { TimelineDialog } from './TimelineDialog';
import type { TimelineEdits } from './timeline-edits';
import { useTimelineStore } from './timeline-store';

/**
 * "Bring to life": idle motion (blinks at human rates, small head motion, gaze shifts, breathing)
 * over the whole scene around the portrait's static expression, baked into editable keys. The
 * same amount and seed always give the same motion. One undo step.
 */
export function BringToLifeDialog({ edits, onClose }: { edits: TimelineEdits; onClose(): void }) {
  const scene = useTimelineStore((state) => state.scene);
  const [amount, setAmount] = useState(1);
  const [seed, setSeed] = useState('1');
  const [busy, setBusy] = useState(false);
  if (!scene) return null;

  const run = async () => {
    const seedNumber = Number(seed);
    if (!Number.isInteger(seedNumber)) return;
    setBusy(true);
    try {
      const values = useRigPanelStore.getState().values;
      const base: ParameterValues = {};
      for (const row of TIMELINE_GROUPS.flatMap((group) => group.rows))
        base[row.parameter] = controlValue(values, row.control);
      const idle = generateIdle({ fps: scene.fps, duration: scene.durationSeconds, amount, seed: seedNumber, base });
      const channels = (Object.entries(idle.channels) as Array<[ParameterId, Float32Array]>).map(
        ([parameter, data]) => ({
          parameter,
          values: data,
        }),
      );
      const baked = await bakeChannels(channels, { fps: scene.fps, startFrame: 0 });
      const tracks = useTimelineStore.getState().tracks;
      edits.edit('bring to life', mergeTracks(tracks, baked, 0, scene.durationSeconds));
      onClose();
    } catch (error) {
      reportError('Could not bring the portrait to life', error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <TimelineDialog
      title="Bring to life"
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="button button--primary" disabled={busy} onClick={() => void run()}>
            {busy ? 'Baking…' : 'Add idle motion'}
          </button>
        </>
      }
    >
      <p className="dialog__text">
        Blinks, small head motion, gaze shifts and breathing over the whole scene ({scene.durationSeconds} s), as
        editable keys. Replaces the keys of the eyelids, gaze and head in the scene.
      </p>
      <div className="tl-form">
        <label className="tl-form__row">
          <span>Amount</span>
          <span className="tl-form__inline">
            <input
              type="range"
              min={0}
              max={2}
              step={0.05}
              value={amount}
              aria-label="Amount"
              onChange={(event) => setAmount(Number(event.currentTarget.value))}
            />
            <output className="tl-form__note">{amount.toFixed(2)}</output>
          </span>
        </label>
        <label className="tl-form__row">
          <span>Seed</span>
          <span className="tl-form__inline">
            <input
              className="tl-field"
              aria-label="Seed"
              inputMode="numeric"
              value={seed}
              aria-invalid={!Number.isInteger(Number(seed))}
              onChange={(event) => setSeed(event.currentTarget.value)}
            />
            <button
              type="button"
              className="button button--small"
              onClick={() => setSeed(String(Math.floor(Math.random() * 100000)))}
            >
              New seed
            </button>
          </span>
        </label>
      </div>
    </TimelineDialog>
  );
}
