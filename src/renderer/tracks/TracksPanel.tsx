import { useEffect, useRef, useState } from 'react';
import { toApiError, type Asset } from '../../shared/api';
import type { RetargetMode, TrackSetSummary } from '../../shared/api/tracks';
import { useServices } from '../app-services';
import { isExpressionSourceVideo, shownSourceFrame, useLayersStore } from '../layers/layers-store';
import { pickSourceFrame } from '../layers/pick-source-frame';
import { useFramePick } from '../layers/use-frame-pick';
import { reportError } from '../state/notices-store';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { applyTrackFrame } from './apply-frame-command';
import { frameAt, timeOfFrame, usePlayheadStore } from './playhead-store';
import { useTrackSets } from './use-track-sets';
import './tracks.css';

const SOURCE_LABEL: Record<TrackSetSummary['source']['kind'], string> = {
  video: 'Video',
  'live-link-csv': 'Live Link CSV',
  'blendshape-json': 'Blendshape JSON',
};

/** Saves text as a download through a Blob URL (the engine never writes to the user's folders). */
function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // Revoked on a later turn: the download has to start reading the URL first.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The project's coefficient track sets (fitted from videos or imported from Live Link Face CSV and
 * blendshape JSON): import, export as CSV, delete, and apply one frame to a portrait's rig.
 */
export function TracksPanel({
  projectId,
  selected,
  portrait,
}: {
  projectId: string;
  /** The open asset: when it is a video, its own track set is chosen and follows its time. */
  selected: Asset | null;
  /** The active portrait frames are applied to (the last photo opened). */
  portrait: Asset | null;
}) {
  const { client, history } = useServices();
  const { sets, error: listError, reload } = useTrackSets(projectId);
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [importError, setImportError] = useState<string | null>(null);
  const [pendingDelete, setPendingDelete] = useState<TrackSetSummary | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const openVideoId = selected?.kind === 'video' ? selected.id : null;
  const chosen =
    sets?.find((set) => set.id === chosenId) ??
    sets?.find((set) => openVideoId !== null && set.source.assetId === openVideoId) ??
    sets?.[0] ??
    null;
  const target = portrait;

  const importFile = async (file: File) => {
    setImportError(null);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const { trackSet } = await client.call('tracks.importFile', { projectId, fileName: file.name, bytes });
      setChosenId(trackSet.id);
      reload();
    } catch (error) {
      setImportError(toApiError(error).message);
    }
  };

  const exportCsv = async (set: TrackSetSummary) => {
    try {
      const { fileName, text } = await client.call('tracks.exportCsv', { trackSetId: set.id });
      downloadText(fileName, text);
    } catch (error) {
      reportError(`Could not export ${set.name}`, error);
    }
  };

  const deleteSet = async () => {
    if (!pendingDelete) return;
    try {
      await client.call('tracks.delete', { trackSetId: pendingDelete.id });
      setPendingDelete(null);
      reload();
    } catch (error) {
      reportError(`Could not delete ${pendingDelete.name}`, error);
    }
  };

  return (
    <section className="tracks-panel" aria-label="Tracks" data-testid="tracks-panel">
      <div className="panel-header">
        <h2 className="panel-header__title">Tracks</h2>
        <button type="button" className="button button--small" onClick={() => fileInput.current?.click()}>
          Import…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".csv,.json,text/csv,application/json"
          hidden
          data-testid="tracks-import-input"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) void importFile(file);
          }}
        />
      </div>
      {importError && (
        <p className="inline-error tracks-panel__error" role="alert">
          {importError}
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => setImportError(null)}>
            ×
          </button>
        </p>
      )}
      {listError && (
        <p className="inline-error tracks-panel__error" role="alert">
          Could not load tracks: {listError}
        </p>
      )}
      {sets && sets.length === 0 && (
        <p className="panel-hint">Import a Live Link Face CSV or blendshape JSON, or import a video to track it.</p>
      )}
      {sets && sets.length > 0 && (
        <ul className="track-list" aria-label="Track sets">
          {sets.map((set) => (
            <li key={set.id} className="track-item" aria-current={set.id === chosen?.id ? 'true' : undefined}>
              <button type="button" className="track-item__select" title={set.name} onClick={() => setChosenId(set.id)}>
                <span className="track-item__name">{set.name}</span>
                <span className="track-item__meta">
                  {SOURCE_LABEL[set.source.kind]} · {set.frameCount} frames · {Number(set.fps.toFixed(2))} fps
                  {set.measuredFrames < set.frameCount && ` · ${set.frameCount - set.measuredFrames} filled`}
                </span>
              </button>
              <span className="track-item__actions">
                <button
                  type="button"
                  className="button button--small button--ghost"
                  onClick={() => void exportCsv(set)}
                  aria-label={`Export ${set.name} as CSV`}
                >
                  CSV
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Delete ${set.name}`}
                  title="Delete track set"
                  onClick={() => setPendingDelete(set)}
                >
                  ×
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      {chosen && (
        <ApplyFrame
          key={chosen.id}
          set={chosen}
          linkedVideoId={chosen.source.assetId !== null && chosen.source.assetId === openVideoId ? openVideoId : null}
          projectId={projectId}
          target={target}
          onApply={(frame, mode, includePose) =>
            target
              ? applyTrackFrame(client, history, {
                  projectId,
                  trackSetId: chosen.id,
                  trackSetName: chosen.name,
                  frame,
                  assetId: target.id,
                  mode,
                  includePose,
                }).then(() => undefined)
              : Promise.resolve()
          }
        />
      )}
      {pendingDelete && (
        <ConfirmDialog
          title={`Delete ${pendingDelete.name}?`}
          confirmLabel="Delete track set"
          tone="danger"
          onCancel={() => setPendingDelete(null)}
          onConfirm={() => void deleteSet()}
        >
          The track set is removed from this project. This cannot be undone.
        </ConfirmDialog>
      )}
    </section>
  );
}

/** What the frame slider also moves, in its tooltip. */
function sliderTitle(videoLinked: boolean, sourceLinked: boolean): string | undefined {
  if (videoLinked && sourceLinked) return 'Moves the video and the Layers expression frame too; the video moves it';
  if (videoLinked) return 'Moves the video too; the video moves it';
  if (sourceLinked) return 'Picks the Layers expression frame too (the same video); that frame moves it';
  return undefined;
}

/**
 * The frame slider, its mode and the Apply button. Where the slider's frame lives: the open video's
 * time when the set is that video's (playhead store); else the layers panel's expression frame when
 * the set's video is the portrait's expression source (layers store: its drag is the layers draft and
 * its release picks the frame, one undo step); else this component. Both links at once: the slider
 * follows the video, moves it, and its release picks the expression frame; a frame picked in the
 * layers panel moves the video (playing the video picks nothing).
 */
function ApplyFrame({
  set,
  linkedVideoId,
  projectId,
  target,
  onApply,
}: {
  set: TrackSetSummary;
  /** The open video this set was tracked from: the slider and the video then follow each other. */
  linkedVideoId: string | null;
  projectId: string;
  target: Asset | null;
  onApply(frame: number, mode: RetargetMode, includePose: boolean): Promise<void>;
}) {
  const services = useServices();
  // The parent keys this by track set, so a new set starts at frame 0.
  const [ownFrame, setOwnFrame] = useState(0);
  const videoFrame = usePlayheadStore((state) =>
    linkedVideoId !== null && state.assetId === linkedVideoId ? frameAt(state.seconds, set.fps, set.frameCount) : 0,
  );
  const portraitId = target?.id ?? null;
  const sourceLinked = useLayersStore((state) => isExpressionSourceVideo(state, portraitId, set.source.assetId));
  const sourceFrame = useLayersStore((state) => (sourceLinked ? (shownSourceFrame(state) ?? 0) : 0));
  // Linked to the expression source: the slider's release picks the expression frame.
  const { moved, commit, commitWhenKeysStop } = useFramePick(() => {
    const picked = useLayersStore.getState().draftFrame;
    if (picked !== null && portraitId !== null) pickSourceFrame(services, { projectId, assetId: portraitId }, picked);
  });
  const frame =
    linkedVideoId !== null
      ? videoFrame
      : sourceLinked
        ? Math.min(set.frameCount - 1, Math.max(0, sourceFrame))
        : ownFrame;
  const setFrame = (next: number) => {
    if (linkedVideoId !== null) usePlayheadStore.getState().seek(linkedVideoId, timeOfFrame(next, set.fps));
    if (sourceLinked) {
      moved();
      useLayersStore.setState({ draftFrame: next });
    }
    if (linkedVideoId === null && !sourceLinked) setOwnFrame(next);
  };
  // The open video follows the expression frame picked in the layers panel (a drag, an undo).
  useEffect(() => {
    if (linkedVideoId === null || !sourceLinked) return undefined;
    return useLayersStore.subscribe((state, previous) => {
      const next = shownSourceFrame(state);
      if (next !== null && next !== shownSourceFrame(previous)) {
        usePlayheadStore.getState().seek(linkedVideoId, timeOfFrame(next, set.fps));
      }
    });
  }, [linkedVideoId, sourceLinked, set.fps]);
  const [mode, setMode] = useState<RetargetMode>('relative');
  const [includePose, setIncludePose] = useState(false);
  const [busy, setBusy] = useState(false);
  const hasHead = set.channels.some((channel) => channel.name === 'head.yawDeg');
  const seconds = frame / set.fps;

  const apply = async () => {
    setBusy(true);
    try {
      await onApply(frame, mode, includePose && hasHead);
    } catch (error) {
      reportError(`Could not apply frame ${frame}`, error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="apply-frame" aria-label="Apply a frame">
      <label className="apply-frame__row">
        <span>Frame</span>
        <input
          type="range"
          min={0}
          max={set.frameCount - 1}
          step={1}
          value={frame}
          data-testid="track-frame-slider"
          data-linked-video={linkedVideoId ?? undefined}
          data-linked-expression-source={sourceLinked ? 'true' : undefined}
          title={sliderTitle(linkedVideoId !== null, sourceLinked)}
          aria-valuetext={`frame ${frame} of ${set.frameCount}`}
          onChange={(event) => setFrame(Number(event.target.value))}
          onPointerUp={commit}
          onKeyUp={commitWhenKeysStop}
          onBlur={commit}
        />
        <output className="apply-frame__value" data-testid="track-frame-value">
          {frame}
        </output>
      </label>
      <p className="apply-frame__time">{seconds.toFixed(2)} s</p>
      <label className="apply-frame__choice">
        <span>Mode</span>
        <select
          value={mode}
          title={
            mode === 'relative'
              ? 'Adds the driver’s change from its own rest face to the portrait’s expression'
              : 'Takes the driver’s values as they are'
          }
          onChange={(event) => setMode(event.target.value as RetargetMode)}
        >
          <option value="relative">Relative to rest</option>
          <option value="absolute">Absolute</option>
        </select>
      </label>
      {hasHead && (
        <label className="apply-frame__check">
          <input type="checkbox" checked={includePose} onChange={(event) => setIncludePose(event.target.checked)} />
          Turn the head too
        </label>
      )}
      <button
        type="button"
        className="button button--small button--primary apply-frame__button"
        disabled={!target || busy}
        title={target ? `Apply frame ${frame} to ${target.originalName}` : undefined}
        onClick={() => void apply()}
      >
        {target ? `Apply frame ${frame} to ${target.originalName}` : 'Import a portrait to apply frames'}
      </button>
    </div>
  );
}
