import { useState } from 'react';
import { useServices } from '../app-services';
import { useRigPanelStore } from '../rig/rig-panel-store';
import { reportError } from '../state/notices-store';
import { useTrackSets } from '../tracks/use-track-sets';
import { bakeChannels, mergeTracks } from './bake';
import { motionFit, resampleChannel, type OverflowChoice } from './motion-fit';
import { motionChannels, type MotionMode } from './motion-import';
import { TimelineDialog } from './TimelineDialog';
import type { TimelineEdits } from './timeline-edits';
import { useTimelineStore } from './timeline-store';

const TOLERANCES = {
  fine: { coefficient: 0.01, degrees: 0.1 },
  medium: { coefficient: 0.02, degrees: 0.2 },
  coarse: { coefficient: 0.05, degrees: 0.5 },
} as const;

/**
 * Puts a driving video's (or a Live Link / blendshape file's) track set onto the timeline from the
 * playhead on, as editable keys: each channel is resampled at the scene's rate (keys on its frames)
 * and reduced to the fewest bezier keys within the chosen tolerance (docs/timeline.md, key
 * reduction). Motion that runs past the scene's last frame is said before importing, with the
 * choice of lengthening the scene to hold it (one undo step with the import) or importing only what
 * fits: keys past the end were never shown or exported. One undo step.
 */
export function ImportMotionDialog({ edits, onClose }: { edits: TimelineEdits; onClose(): void }) {
  const { client } = useServices();
  const projectId = useTimelineStore((state) => state.projectId);
  const scene = useTimelineStore((state) => state.scene);
  const frame = useTimelineStore((state) => state.frame);
  const { sets } = useTrackSets(projectId ?? '');
  const [chosen, setChosen] = useState<string | null>(null);
  const [mode, setMode] = useState<MotionMode>('relative');
  const [includeHead, setIncludeHead] = useState(true);
  const [tolerance, setTolerance] = useState<keyof typeof TOLERANCES>('fine');
  const [overflow, setOverflow] = useState<OverflowChoice>('extend');
  const [busy, setBusy] = useState(false);
  if (!scene) return null;
  const set = sets?.find((candidate) => candidate.id === chosen) ?? sets?.[0] ?? null;
  const fit = set ? motionFit(scene, frame, set) : null;

  const run = async () => {
    const { scene: target, frame: startFrame } = useTimelineStore.getState();
    if (!set || !target) return;
    setBusy(true);
    try {
      const values = await client.call('tracks.get', { trackSetId: set.id });
      const placed = motionFit(target, startFrame, set);
      const lengthen = !placed.fits && overflow === 'extend';
      const lastIncluded = placed.fits ? placed.endFrame : lengthen ? placed.extendedLastFrame : placed.lastFrame;
      const frames = lastIncluded - startFrame + 1;
      const channels = motionChannels(values, useRigPanelStore.getState().values, { mode, includeHead }).map(
        (channel) => ({
          parameter: channel.parameter,
          values: resampleChannel(channel.values, set.fps, target.fps, frames),
        }),
      );
      const baked = await bakeChannels(channels, { fps: target.fps, startFrame, tolerance: TOLERANCES[tolerance] });
      const label = `import motion of ${set.name}`;
      const tracks = mergeTracks(
        useTimelineStore.getState().tracks,
        baked,
        startFrame / target.fps,
        lastIncluded / target.fps,
      );
      if (lengthen) {
        edits.editWithScene(
          label,
          { from: { durationSeconds: target.durationSeconds }, to: { durationSeconds: placed.extendedSeconds } },
          tracks,
        );
      } else edits.edit(label, tracks);
      onClose();
    } catch (error) {
      reportError(`Could not import ${set.name}`, error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <TimelineDialog
      title="Import motion"
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="button button--primary" disabled={busy || !set} onClick={() => void run()}>
            {busy ? 'Reducing keys…' : 'Import as keys'}
          </button>
        </>
      }
    >
      {sets && sets.length === 0 ? (
        <p className="dialog__text">
          This project has no track sets yet: import a driving video (it is tracked) or a Live Link Face CSV first.
        </p>
      ) : (
        <div className="tl-form">
          <label className="tl-form__row">
            <span>Track set</span>
            <select
              className="tl-select"
              aria-label="Track set"
              value={set?.id ?? ''}
              onChange={(event) => setChosen(event.currentTarget.value)}
            >
              {(sets ?? []).map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.name} · {candidate.frameCount} frames · {Number(candidate.fps.toFixed(2))} fps
                </option>
              ))}
            </select>
          </label>
          <label className="tl-form__row">
            <span>Mode</span>
            <select
              className="tl-select"
              aria-label="Mode"
              value={mode}
              onChange={(event) => setMode(event.currentTarget.value as MotionMode)}
            >
              <option value="relative">Relative to rest</option>
              <option value="absolute">Absolute</option>
            </select>
          </label>
          <label className="tl-form__row">
            <span>Keys</span>
            <select
              className="tl-select"
              aria-label="Key reduction"
              value={tolerance}
              onChange={(event) => setTolerance(event.currentTarget.value as keyof typeof TOLERANCES)}
            >
              <option value="fine">Faithful (within 0.01 / 0.1°)</option>
              <option value="medium">Fewer keys (0.02 / 0.2°)</option>
              <option value="coarse">Fewest keys (0.05 / 0.5°)</option>
            </select>
          </label>
          <label className="tl-form__check">
            <input
              type="checkbox"
              checked={includeHead}
              onChange={(event) => setIncludeHead(event.currentTarget.checked)}
            />
            Turn the head too
          </label>
          {fit && !fit.fits && (
            <div
              className="tl-form__overflow"
              role="radiogroup"
              aria-labelledby="motion-overflow-warning"
              data-testid="motion-overflow"
            >
              <p id="motion-overflow-warning" className="tl-form__warning">
                This motion lasts {seconds(fit.motionSeconds)} s: from the playhead (frame {fit.startFrame}) it runs to
                frame {fit.endFrame}, past the scene’s last frame ({fit.lastFrame}, {seconds(fit.lastFrame / scene.fps)}{' '}
                s).
              </p>
              <label className="tl-form__choice">
                <input
                  type="radio"
                  name="motion-overflow"
                  checked={overflow === 'extend'}
                  onChange={() => setOverflow('extend')}
                />
                Lengthen the scene to {fit.extendedSeconds} s (one undo step with the import)
              </label>
              <label className="tl-form__choice">
                <input
                  type="radio"
                  name="motion-overflow"
                  checked={overflow === 'trim'}
                  onChange={() => setOverflow('trim')}
                />
                Import only what fits (to frame {fit.lastFrame})
              </label>
            </div>
          )}
          <p className="tl-form__note">
            Starts at the playhead; keys already there on the same parameters are replaced for the length of the set.
          </p>
        </div>
      )}
    </TimelineDialog>
  );
}

/** Seconds as the dialog writes them: 3.08, 2.97, 3. */
const seconds = (value: number): number => Number(value.toFixed(2));
