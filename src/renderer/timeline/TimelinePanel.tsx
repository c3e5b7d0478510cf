import { useEffect, useMemo, useRef, useState } from 'react';
import type { Asset } from '../../shared/api';
import { useServices } from '../app-services';
import { useRigPanelStore } from '../rig/rig-panel-store';
import { CurveEditor } from './CurveEditor';
import { DopeSheet } from './DopeSheet';
import { EasingEditor } from './EasingEditor';
import { Glyph } from './icons';
import { Playback } from './playback/playback';
import { reportError } from '../state/notices-store';
import { SceneControls } from './SceneControls';
import { TimelineActions } from './TimelineActions';
import { addSceneCommand } from './timeline-commands';
import { frameAll } from './timeline-actions';
import { TimelineEdits } from './timeline-edits';
import { visibleRows } from './timeline-rows';
import { useTimelineStore } from './timeline-store';
import { TimeRuler } from './TimeRuler';
import { TrackNames } from './TrackNames';
import { Transport } from './Transport';
import { useElementWidth } from './use-element-width';
import { useTimelineShortcuts } from './use-timeline-shortcuts';
import { zoomAt } from './time-view';
import './timeline.css';

const EASING_OPEN_KEY = 'mien.timeline.easingOpen';
const readEasingOpen = (): boolean => {
  try {
    return window.localStorage.getItem(EASING_OPEN_KEY) === '1';
  } catch {
    return false;
  }
};

const SAVE_LABELS = { saved: 'Saved', pending: 'Editing…', saving: 'Saving…', error: 'Not saved' } as const;

/**
 * The timeline of the open portrait's scene (bottom dock): transport and scene settings, the dope
 * sheet grouped like the rig panel or the curve editor, the easing of the selected segment, and
 * the scene's actions (bring to life, import motion, export).
 */
export function TimelinePanel({ portrait, active }: { portrait: Asset; active: boolean }) {
  const { client, history } = useServices();
  const scene = useTimelineStore((state) => state.scene);
  const tracks = useTimelineStore((state) => state.tracks);
  const loadError = useTimelineStore((state) => state.loadError);
  // Listed but none open: the portrait's last scene was deleted.
  const noScene = useTimelineStore((state) => state.scenes !== null && state.scene === null);
  const collapsed = useTimelineStore((state) => state.collapsed);
  const mode = useTimelineStore((state) => state.mode);
  const snapToKeys = useTimelineStore((state) => state.snapToKeys);
  const saveState = useTimelineStore((state) => state.saveState);
  const saveError = useTimelineStore((state) => state.saveError);
  const [animatedOnly, setAnimatedOnly] = useState(true);
  const [easingOpen, setEasingOpen] = useState(readEasingOpen);
  const edits = useMemo(() => new TimelineEdits(client, history), [client, history]);
  const playback = useRef<Playback | null>(null);
  const lanesRef = useRef<HTMLDivElement>(null);
  const hovered = useRef(false);
  const panelRef = useRef<HTMLElement>(null);
  const lanesWidth = useElementWidth(lanesRef);

  useEffect(() => {
    const player = new Playback(client);
    playback.current = player;
    // Paused: render the scene ahead in the background once edits and seeks settle.
    const offTimeline = useTimelineStore.subscribe((state, previous) => {
      if (state.tracks !== previous.tracks || state.frame !== previous.frame || state.scene !== previous.scene) {
        player.scheduleWarm();
      }
    });
    const offRig = useRigPanelStore.subscribe((state, previous) => {
      if (state.values !== previous.values) player.scheduleWarm();
    });
    player.scheduleWarm();
    return () => {
      offTimeline();
      offRig();
      player.dispose();
    };
  }, [client]);
  // Another scene or portrait: stop playing.
  useEffect(() => () => playback.current?.stop(), [scene?.id]);
  // A scene opens framed whole, once its lanes have a width.
  const framedScene = useRef<string | null>(null);
  useEffect(() => {
    if (!scene || lanesWidth <= 0 || framedScene.current === scene.id) return;
    framedScene.current = scene.id;
    frameAll(lanesWidth);
  }, [scene, lanesWidth]);
  // A longer scene (a typed length, imported motion lengthening it) is framed again when the view
  // showed the whole scene before, so its new end and the keys there are in sight.
  const framedLength = useRef<{ id: string; seconds: number } | null>(null);
  useEffect(() => {
    if (!scene || lanesWidth <= 0) return;
    const previous = framedLength.current;
    framedLength.current = { id: scene.id, seconds: scene.durationSeconds };
    if (!previous || previous.id !== scene.id || scene.durationSeconds <= previous.seconds) return;
    const view = useTimelineStore.getState().view;
    if (view.startSeconds + lanesWidth / view.pxPerSecond >= previous.seconds - 1e-6) frameAll(lanesWidth);
  }, [scene, lanesWidth]);

  const showEasing = (open: boolean) => {
    setEasingOpen(open);
    try {
      window.localStorage.setItem(EASING_OPEN_KEY, open ? '1' : '0');
    } catch {
      // Storage refused: remembered for this session only.
    }
  };
  const togglePlay = () => {
    if (useTimelineStore.getState().playing) playback.current?.stop();
    else playback.current?.start();
  };
  useTimelineShortcuts({
    enabled: active && scene !== null,
    edits,
    togglePlay,
    lanesWidth: () => lanesRef.current?.clientWidth ?? 600,
    pointerInside: () => hovered.current || (panelRef.current?.contains(document.activeElement) ?? false),
  });

  const { rows, height } = useMemo(
    () => visibleRows(tracks, collapsed, animatedOnly),
    [tracks, collapsed, animatedOnly],
  );
  const zoom = (factor: number) =>
    useTimelineStore.setState({ view: zoomAt(useTimelineStore.getState().view, factor, lanesWidth / 2) });

  return (
    <section
      ref={panelRef}
      className="timeline"
      aria-label="Timeline"
      data-testid="timeline-panel"
      data-save-state={saveState}
      onPointerEnter={() => (hovered.current = true)}
      onPointerLeave={() => (hovered.current = false)}
    >
      <div className="tl-toolbar">
        <Transport togglePlay={togglePlay} />
        <div className="tl-tabs" role="group" aria-label="View">
          <button
            type="button"
            className="tl-tab"
            aria-pressed={mode === 'dope'}
            onClick={() => useTimelineStore.setState({ mode: 'dope' })}
            aria-label="Keys"
            title="Dope sheet: keys along time"
          >
            <Glyph name="rows" />
          </button>
          <button
            type="button"
            className="tl-tab"
            aria-pressed={mode === 'curves'}
            onClick={() => useTimelineStore.setState({ mode: 'curves' })}
            aria-label="Curves"
            title="Curve editor: values along time"
          >
            <Glyph name="curve" />
          </button>
          <button
            type="button"
            className="tl-tab"
            aria-pressed={easingOpen}
            aria-label="Easing editor"
            title="Easing of the selected keys"
            onClick={() => showEasing(!easingOpen)}
          >
            <Glyph name="ease" />
          </button>
        </div>
        <span className="tl-toolbar__spacer" />
        <SceneControls />
        <TimelineActions portrait={portrait} edits={edits} />
        <span
          className={`tl-save tl-save--${saveState}`}
          role="status"
          title={saveError ? `Not saved: ${saveError}` : SAVE_LABELS[saveState]}
          data-testid="timeline-save-state"
        >
          <span className="tl-save__hidden">{SAVE_LABELS[saveState]}</span>
        </span>
      </div>
      {loadError && (
        <p className="inline-error" role="alert">
          Could not load the scene: {loadError}
        </p>
      )}
      {!scene && !loadError && !noScene && <p className="panel-hint">Opening the scene…</p>}
      {noScene && !loadError && (
        <div className="tl-no-scene">
          <p className="panel-hint">This photo has no scene.</p>
          <button
            type="button"
            className="button button--small"
            onClick={() => {
              const { projectId, assetId } = useTimelineStore.getState();
              if (!projectId || !assetId) return;
              history
                .execute(addSceneCommand(client, projectId, assetId))
                .catch((error: unknown) => reportError('Could not add a scene', error));
            }}
          >
            New scene
          </button>
        </div>
      )}
      {scene && (
        <div className="tl-body">
          <div className="tl-main">
            <div className="tl-head">
              <div className="tl-corner">
                <button
                  type="button"
                  className="tl-icon"
                  aria-pressed={animatedOnly}
                  title={
                    animatedOnly
                      ? 'Showing animated parameters: show all'
                      : 'Showing all parameters: show animated only'
                  }
                  aria-label="Animated parameters only"
                  onClick={() => setAnimatedOnly(!animatedOnly)}
                >
                  <Glyph name="key" />
                </button>
                <button
                  type="button"
                  className="tl-icon"
                  aria-pressed={snapToKeys}
                  aria-label="Snap to keys"
                  title="Snap to other keys and the playhead (frames always snap)"
                  onClick={() => useTimelineStore.setState({ snapToKeys: !snapToKeys })}
                >
                  <Glyph name="magnet" />
                </button>
                <span className="tl-corner__spacer" />
                <button
                  type="button"
                  className="tl-icon"
                  aria-label="Zoom out"
                  title="Zoom out (Ctrl+wheel)"
                  onClick={() => zoom(1 / 1.5)}
                >
                  <Glyph name="zoomOut" />
                </button>
                <button
                  type="button"
                  className="tl-icon"
                  aria-label="Zoom in"
                  title="Zoom in (Ctrl+wheel)"
                  onClick={() => zoom(1.5)}
                >
                  <Glyph name="zoomIn" />
                </button>
                <button
                  type="button"
                  className="tl-icon"
                  aria-label="Frame all"
                  title="Frame the whole scene (F)"
                  onClick={() => frameAll(lanesWidth)}
                >
                  <Glyph name="frameAll" />
                </button>
              </div>
              <div ref={lanesRef} className="tl-head__ruler">
                <TimeRuler width={lanesWidth} />
              </div>
            </div>
            {mode === 'dope' ? (
              <div className="tl-scroll">
                <div className="tl-grid">
                  <TrackNames rows={rows} height={height} />
                  <DopeSheet rows={rows} height={height} width={lanesWidth} edits={edits} />
                </div>
                {rows.length === 0 && (
                  <p className="tl-empty">
                    Nothing animated yet. Press a slider’s ◆ in the rig or layers panel (or K) to key it at the
                    playhead; a keyed slider keys itself whenever you move it.
                  </p>
                )}
              </div>
            ) : (
              <CurveEditor width={lanesWidth} edits={edits} />
            )}
          </div>
          {easingOpen && <EasingEditor edits={edits} onClose={() => showEasing(false)} anchor={panelRef} />}
        </div>
      )}
    </section>
  );
}
