import { useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { Gesture } from '../../shared/history';
import { evaluateKeyframes, snapToFrame, type Track } from '../../shared/timeline';
import { useRigPanelStore } from '../rig/rig-panel-store';
import { controlFullName } from '../rig/rig-groups';
import { withKey } from './auto-key';
import { moveSelected } from './key-operations';
import { layerStaticValue } from './layer-rows';
import { controlValue, type TimelineRow } from './parameters';
import type { TimelineEdits } from './timeline-edits';
import { keysAtTime, keysInBox, type VisibleRow } from './timeline-rows';
import { playheadSeconds, useTimelineStore } from './timeline-store';
import { Playhead } from './Playhead';
import { panBy, snapTime, timeToX, xToTime } from './time-view';
import { useWheelZoom } from './use-wheel-zoom';

/** Keys within this many pixels of a dragged key's time pull it onto theirs (with snapping on). */
const SNAP_PX = 6;
/** A press that moves less than this is a click, not a drag. */
const DRAG_START_PX = 3;

type Drag =
  | {
      kind: 'keys';
      pointerId: number;
      startX: number;
      anchorTime: number;
      original: readonly Track[];
      selection: ReadonlySet<string>;
      gesture: Gesture | null;
      targets: number[];
    }
  | { kind: 'box'; pointerId: number; startX: number; startY: number; x: number; y: number; additive: boolean }
  | { kind: 'pan'; pointerId: number; lastX: number };

/**
 * The keys of the visible rows along time. Click a key to select it (Shift or Ctrl/Cmd adds or
 * removes), drag selected keys to move them all (one undo step; snapped to frames, and to other
 * keys and the playhead when snapping is on), drag on empty space for a box selection, double-click
 * a row to key it there, middle-drag or Alt-drag to pan.
 */
export function DopeSheet({
  rows,
  height,
  width,
  edits,
}: {
  rows: readonly VisibleRow[];
  height: number;
  width: number;
  edits: TimelineEdits;
}) {
  const view = useTimelineStore((state) => state.view);
  const selection = useTimelineStore((state) => state.selection);
  const scene = useTimelineStore((state) => state.scene);
  const ref = useRef<HTMLDivElement>(null);
  const drag = useRef<Drag | null>(null);
  const [box, setBox] = useState<{ x0: number; y0: number; x1: number; y1: number } | null>(null);
  useWheelZoom(ref);
  if (!scene) return null;
  const fps = scene.fps;
  const visibleStart = view.startSeconds - 12 / view.pxPerSecond;
  const visibleEnd = view.startSeconds + (width + 12) / view.pxPerSecond;
  const local = (event: { clientX: number; clientY: number }) => {
    const rect = ref.current!.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  };

  const onPointerDown = (event: ReactPointerEvent<HTMLDivElement>) => {
    const { x, y } = local(event);
    if (event.button === 1 || (event.button === 0 && event.altKey)) {
      event.preventDefault();
      event.currentTarget.setPointerCapture(event.pointerId);
      drag.current = { kind: 'pan', pointerId: event.pointerId, lastX: event.clientX };
      return;
    }
    if (event.button !== 0) return;
    event.currentTarget.focus({ preventScroll: true });
    const target = (event.target as Element).closest<HTMLElement>('[data-key-ref],[data-group-time]');
    const state = useTimelineStore.getState();
    const additive = event.shiftKey || event.ctrlKey || event.metaKey;
    if (!target) {
      event.currentTarget.setPointerCapture(event.pointerId);
      drag.current = { kind: 'box', pointerId: event.pointerId, startX: x, startY: y, x, y, additive };
      return;
    }
    let refs: string[];
    let anchorTime: number;
    if (target.dataset.keyRef) {
      refs = [target.dataset.keyRef];
      anchorTime = Number(target.dataset.time);
    } else {
      anchorTime = Number(target.dataset.groupTime);
      const row = rows.find((candidate) => candidate.kind === 'group' && candidate.group.id === target.dataset.group);
      refs = row && row.kind === 'group' ? keysAtTime(row.tracks, anchorTime) : [];
    }
    const allSelected = refs.every((ref) => state.selection.has(ref));
    let next: Set<string>;
    if (additive) {
      next = new Set(state.selection);
      for (const ref of refs) {
        if (allSelected) next.delete(ref);
        else next.add(ref);
      }
    } else next = allSelected ? new Set(state.selection) : new Set(refs);
    useTimelineStore.setState({ selection: next });
    if (additive && allSelected) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    const targets = state.snapToKeys
      ? [
          playheadSeconds(state),
          ...state.tracks.flatMap((track) =>
            track.keyframes.filter((key) => !next.has(`${track.parameter}|${key.id}`)).map((key) => key.time),
          ),
        ]
      : [];
    drag.current = {
      kind: 'keys',
      pointerId: event.pointerId,
      startX: x,
      anchorTime,
      original: state.tracks,
      selection: next,
      gesture: null,
      targets,
    };
  };

  const onPointerMove = (event: ReactPointerEvent<HTMLDivElement>) => {
    const current = drag.current;
    if (!current || current.pointerId !== event.pointerId) return;
    const { x, y } = local(event);
    if (current.kind === 'pan') {
      const { view: now } = useTimelineStore.getState();
      useTimelineStore.setState({ view: panBy(now, event.clientX - current.lastX) });
      current.lastX = event.clientX;
      return;
    }
    if (current.kind === 'box') {
      current.x = x;
      current.y = y;
      if (Math.abs(x - current.startX) >= DRAG_START_PX || Math.abs(y - current.startY) >= DRAG_START_PX) {
        setBox({ x0: current.startX, y0: current.startY, x1: x, y1: y });
      }
      return;
    }
    if (!current.gesture) {
      if (Math.abs(x - current.startX) < DRAG_START_PX) return;
      current.gesture = edits.beginGesture(current.selection.size === 1 ? 'move key' : 'move keys');
      if (!current.gesture) return;
    }
    const wanted = current.anchorTime + (x - current.startX) / view.pxPerSecond;
    const snapped = snapTime(wanted, fps, current.targets, SNAP_PX / view.pxPerSecond);
    const moved = moveSelected(current.original, current.selection, snapped - current.anchorTime);
    if (moved) edits.updateGesture(current.gesture, moved);
  };

  const onPointerUp = (event: ReactPointerEvent<HTMLDivElement>) => {
    const current = drag.current;
    if (!current || current.pointerId !== event.pointerId) return;
    drag.current = null;
    if (current.kind === 'keys') {
      void current.gesture?.commit();
      return;
    }
    if (current.kind !== 'box') return;
    setBox(null);
    const state = useTimelineStore.getState();
    const moved =
      Math.abs(current.x - current.startX) >= DRAG_START_PX || Math.abs(current.y - current.startY) >= DRAG_START_PX;
    if (!moved) {
      if (!current.additive) useTimelineStore.setState({ selection: new Set() });
      return;
    }
    const t0 = xToTime(view, Math.min(current.startX, current.x));
    const t1 = xToTime(view, Math.max(current.startX, current.x));
    const refs = keysInBox(rows, t0, t1, Math.min(current.startY, current.y), Math.max(current.startY, current.y));
    useTimelineStore.setState({ selection: new Set(current.additive ? [...state.selection, ...refs] : refs) });
  };

  /** Double-click on a parameter's row: a key there, at the curve's value (or the slider's, or the scene's static layer value). */
  const onDoubleClick = (event: React.MouseEvent<HTMLDivElement>) => {
    if ((event.target as Element).closest('[data-key-ref],[data-group-time]')) return;
    const { x, y } = local(event);
    const row = rows.find((candidate) => candidate.kind === 'track' && y >= candidate.top && y < candidate.top + 22);
    if (!row || row.kind !== 'track') return;
    const time = Math.max(0, snapToFrame(xToTime(view, x), fps));
    const control = row.row.control;
    const value =
      (row.track && evaluateKeyframes(row.track.keyframes, time)) ??
      (control ? controlValue(useRigPanelStore.getState().shown, control) : layerStaticValue(row.row.parameter, scene));
    edits.edit(
      `key ${control ? controlFullName(control) : row.row.label}`,
      withKey(useTimelineStore.getState().tracks, row.row.parameter, time, value),
    );
  };

  const endX = timeToX(view, scene.durationSeconds);
  return (
    <div
      ref={ref}
      className="tl-lanes"
      style={{ height: Math.max(height, 1) }}
      tabIndex={-1}
      data-testid="dope-sheet"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onDoubleClick={onDoubleClick}
    >
      <div className="tl-lanes__outside" style={{ left: Math.max(0, endX) }} />
      {rows.map((row) =>
        row.kind === 'group' ? (
          <div key={`g-${row.group.id}`} className="tl-lane tl-lane--group" style={{ top: row.top }}>
            {row.keyTimes
              .filter((time) => time >= visibleStart && time <= visibleEnd)
              .map((time) => {
                const refs = keysAtTime(row.tracks, time);
                const selected = refs.length > 0 && refs.every((ref) => selection.has(ref));
                return (
                  <div
                    key={time}
                    role="button"
                    aria-pressed={selected}
                    aria-label={`${refs.length} key${refs.length === 1 ? '' : 's'} of ${row.group.label} at ${time.toFixed(2)} s`}
                    className={`tl-key tl-key--summary${selected ? ' tl-key--selected' : ''}`}
                    style={{ left: timeToX(view, time) }}
                    data-group={row.group.id}
                    data-group-time={time}
                    title={`${row.group.label}: ${refs.length} key${refs.length === 1 ? '' : 's'} at ${time.toFixed(2)} s`}
                  />
                );
              })}
          </div>
        ) : (
          <div key={row.row.parameter} className="tl-lane" style={{ top: row.top }} data-parameter={row.row.parameter}>
            {row.track && (
              <TrackKeys
                track={row.track}
                name={keyedName(row.row)}
                view={view}
                from={visibleStart}
                to={visibleEnd}
                selection={selection}
              />
            )}
          </div>
        ),
      )}
      <Playhead className="tl-playhead" />
      {box && (
        <div
          className="tl-box"
          style={{
            left: Math.min(box.x0, box.x1),
            top: Math.min(box.y0, box.y1),
            width: Math.abs(box.x1 - box.x0),
            height: Math.abs(box.y1 - box.y0),
          }}
        />
      )}
    </div>
  );
}

/** One track's keys in the visible range, with bars between keys that hold the same value. */
function TrackKeys({
  track,
  name,
  view,
  from,
  to,
  selection,
}: {
  track: Track;
  /** What the keys' accessible names call the parameter. */
  name: string;
  view: { startSeconds: number; pxPerSecond: number };
  from: number;
  to: number;
  selection: ReadonlySet<string>;
}) {
  const keys = track.keyframes;
  return (
    <>
      {keys.map((key, index) => {
        const next = keys[index + 1];
        if (!next || next.time < from || key.time > to) return null;
        const hold = key.type === 'hold' || !key.connectedRight;
        const same = Math.abs(next.value - key.value) < 1e-9;
        if (!hold && !same) return null;
        return (
          <div
            key={`bar-${key.id}`}
            className={hold ? 'tl-bar tl-bar--hold' : 'tl-bar'}
            style={{ left: timeToX(view, key.time), width: (next.time - key.time) * view.pxPerSecond }}
          />
        );
      })}
      {keys
        .filter((key) => key.time >= from && key.time <= to)
        .map((key) => {
          const ref = `${track.parameter}|${key.id}`;
          const selected = selection.has(ref);
          return (
            <div
              key={key.id}
              // Pressed while selected; clicks and drags reach it through the dope sheet's pointer handlers.
              role="button"
              aria-pressed={selected}
              aria-label={`Key ${name} at ${key.time.toFixed(2)} s, value ${key.value.toFixed(3)}`}
              className={`tl-key${selected ? ' tl-key--selected' : ''}${key.type === 'hold' ? ' tl-key--hold' : ''}`}
              style={{ left: timeToX(view, key.time) }}
              data-key-ref={ref}
              data-time={key.time}
              data-testid="timeline-key"
              title={`${key.time.toFixed(3)} s · ${key.value.toFixed(3)}`}
            />
          );
        })}
    </>
  );
}

/**
 * A key's parameter as its accessible name says it: a blendshape by its ARKit name (the rows' short
 * labels, "Down L", repeat across groups), anything else (head angles, layers) by its row label.
 */
function keyedName(row: TimelineRow): string {
  return row.parameter.startsWith('rig.') ? row.parameter.slice('rig.'.length) : row.label;
}
