import { useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { Gesture } from '../../shared/history';
import { evaluateKeyframes, type ParameterId, type Track } from '../../shared/timeline';
import { selectionByTrack } from './key-operations';
import { layerRowOf } from './layer-rows';
import { rowOf } from './parameters';
import type { TimelineEdits } from './timeline-edits';
import { playheadSeconds, useTimelineStore } from './timeline-store';
import { Playhead } from './Playhead';
import { snapTime, timeToX, xToTime } from './time-view';
import { useElementSize } from './use-element-width';
import { useWheelZoom } from './use-wheel-zoom';

const COLOURS = ['#8b7bff', '#4cc38a', '#f0b429', '#ff6b6b', '#45b7e8', '#e87bd8', '#b8d45a', '#ff9d5c'];
const PAD_Y = 14;

/** Which tracks the curve editor draws: the picked tracks, else those with selected keys, else all animated. */
export function curveTracks(
  tracks: readonly Track[],
  focused: ReadonlySet<ParameterId>,
  selection: ReadonlySet<string>,
): Track[] {
  const animated = tracks.filter((track) => track.keyframes.length > 0);
  const picked = animated.filter((track) => focused.has(track.parameter));
  if (picked.length > 0) return picked;
  const selected = selectionByTrack(selection);
  const withSelection = animated.filter((track) => selected.has(track.parameter));
  return withSelection.length > 0 ? withSelection : animated;
}

/** Coefficients and layer alphas: values in 0..1. */
const isUnitParameter = (parameter: string): boolean => parameter.startsWith('rig.') || parameter.startsWith('layer.');

/** The value range shown: every key and every sampled value, coefficients and layer alphas always including 0..1. */
function valueRange(tracks: readonly Track[], from: number, to: number): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const track of tracks) {
    if (isUnitParameter(track.parameter)) {
      min = Math.min(min, 0);
      max = Math.max(max, 1);
    }
    for (const key of track.keyframes) {
      min = Math.min(min, key.value);
      max = Math.max(max, key.value);
    }
    for (let i = 0; i <= 64; i++) {
      const value = evaluateKeyframes(track.keyframes, from + ((to - from) * i) / 64);
      if (value !== undefined) {
        min = Math.min(min, value);
        max = Math.max(max, value);
      }
    }
  }
  if (!Number.isFinite(min)) return { min: 0, max: 1 };
  if (max - min < 1e-6) return { min: min - 0.5, max: max + 0.5 };
  return { min, max };
}

type Drag = {
  pointerId: number;
  startX: number;
  startY: number;
  anchorTime: number;
  original: readonly Track[];
  selection: ReadonlySet<string>;
  gesture: Gesture | null;
  valuePerPx: number;
};

/**
 * Values along time for the chosen tracks (see curveTracks): each curve as the evaluator computes
 * it, keys as points. Drag keys to move the selected keys in time (frame-snapped) and value (one
 * undo step); click to select, Shift/Ctrl/Cmd to add. Shape a segment in the easing editor.
 */
export function CurveEditor({ width, edits }: { width: number; edits: TimelineEdits }) {
  const tracks = useTimelineStore((state) => state.tracks);
  const focused = useTimelineStore((state) => state.focused);
  const selection = useTimelineStore((state) => state.selection);
  const view = useTimelineStore((state) => state.view);
  const scene = useTimelineStore((state) => state.scene);
  const areaRef = useRef<HTMLDivElement>(null);
  const { height } = useElementSize(areaRef);
  const drag = useRef<Drag | null>(null);
  useWheelZoom(areaRef);
  const shown = useMemo(() => curveTracks(tracks, focused, selection), [tracks, focused, selection]);
  const from = view.startSeconds;
  const to = xToTime(view, width);
  const fitted = useMemo(() => valueRange(shown, from, to), [shown, from, to]);
  // Frozen while a key is dragged: a dragged key must not chase its own axis.
  const [frozen, setFrozen] = useState<{ min: number; max: number } | null>(null);
  const range = frozen ?? fitted;
  if (!scene) return null;
  const innerHeight = Math.max(1, height - 2 * PAD_Y);
  const y = (value: number) => PAD_Y + (1 - (value - range.min) / (range.max - range.min)) * innerHeight;

  const onPointerDown = (event: ReactPointerEvent<SVGSVGElement>) => {
    if (event.button !== 0) return;
    const target = (event.target as Element).closest<SVGElement>('[data-key-ref]');
    const state = useTimelineStore.getState();
    if (!target) {
      if (!(event.shiftKey || event.ctrlKey || event.metaKey)) useTimelineStore.setState({ selection: new Set() });
      return;
    }
    const ref = target.dataset.keyRef!;
    const additive = event.shiftKey || event.ctrlKey || event.metaKey;
    const next = new Set(additive || state.selection.has(ref) ? state.selection : []);
    if (additive && state.selection.has(ref)) {
      next.delete(ref);
      useTimelineStore.setState({ selection: next });
      return;
    }
    next.add(ref);
    useTimelineStore.setState({ selection: next });
    event.currentTarget.setPointerCapture(event.pointerId);
    setFrozen(range);
    drag.current = {
      pointerId: event.pointerId,
      startX: event.clientX,
      startY: event.clientY,
      anchorTime: Number(target.dataset.time),
      original: state.tracks,
      selection: next,
      gesture: null,
      valuePerPx: (range.max - range.min) / innerHeight,
    };
  };
  const onPointerMove = (event: ReactPointerEvent<SVGSVGElement>) => {
    const current = drag.current;
    if (!current || current.pointerId !== event.pointerId) return;
    const dx = event.clientX - current.startX;
    const dy = event.clientY - current.startY;
    if (!current.gesture) {
      if (Math.hypot(dx, dy) < 3) return;
      current.gesture = edits.beginGesture(current.selection.size === 1 ? 'move key' : 'move keys');
      if (!current.gesture) return;
    }
    const state = useTimelineStore.getState();
    const wanted = current.anchorTime + dx / view.pxPerSecond;
    const targets = state.snapToKeys ? [playheadSeconds(state)] : [];
    const dt = snapTime(wanted, scene.fps, targets, 6 / view.pxPerSecond) - current.anchorTime;
    const dv = -dy * current.valuePerPx;
    const moved = moveAndShift(current.original, current.selection, dt, dv);
    if (moved) edits.updateGesture(current.gesture, moved);
  };
  const onPointerUp = (event: ReactPointerEvent<SVGSVGElement>) => {
    const current = drag.current;
    if (!current || current.pointerId !== event.pointerId) return;
    drag.current = null;
    setFrozen(null);
    void current.gesture?.commit();
  };

  const step = 2;
  return (
    <div className="tl-curves">
      <ul className="tl-curves__legend" aria-label="Curves shown">
        {shown.map((track, index) => (
          <li key={track.parameter} className="tl-curves__item">
            <span className="tl-curves__swatch" style={{ background: COLOURS[index % COLOURS.length] }} />
            {(rowOf(track.parameter) ?? layerRowOf(track.parameter))?.label ?? track.parameter}
          </li>
        ))}
        {shown.length === 0 && <li className="tl-curves__none">No animated parameters yet.</li>}
        <li className="tl-curves__range">
          {range.max.toFixed(2)} … {range.min.toFixed(2)}
        </li>
      </ul>
      <div ref={areaRef} className="tl-curves__area">
        <svg
          className="tl-curves__graph"
          width={width}
          height={height}
          data-testid="curve-editor"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={onPointerUp}
        >
          {[0, 0.25, 0.5, 0.75, 1].map((fraction) => {
            const value = range.min + fraction * (range.max - range.min);
            return <line key={fraction} className="tl-curves__grid" x1={0} x2={width} y1={y(value)} y2={y(value)} />;
          })}
          {shown.map((track, index) => {
            const colour = COLOURS[index % COLOURS.length];
            let d = '';
            for (let x = 0; x <= width; x += step) {
              const value = evaluateKeyframes(track.keyframes, xToTime(view, x))!;
              d += `${x === 0 ? 'M' : 'L'}${x},${y(value).toFixed(1)}`;
            }
            return (
              <g key={track.parameter}>
                <path className="tl-curves__curve" d={d} stroke={colour} />
                {track.keyframes
                  .filter((key) => key.time >= from - 0.1 && key.time <= to + 0.1)
                  .map((key) => {
                    const ref = `${track.parameter}|${key.id}`;
                    return (
                      <rect
                        key={key.id}
                        className={`tl-curves__key${selection.has(ref) ? ' tl-curves__key--selected' : ''}`}
                        x={timeToX(view, key.time) - 4}
                        y={y(key.value) - 4}
                        width={8}
                        height={8}
                        transform={`rotate(45 ${timeToX(view, key.time)} ${y(key.value)})`}
                        fill={colour}
                        data-key-ref={ref}
                        data-time={key.time}
                      >
                        <title>{`${key.time.toFixed(3)} s · ${key.value.toFixed(3)}`}</title>
                      </rect>
                    );
                  })}
              </g>
            );
          })}
        </svg>
        <Playhead className="tl-playhead" />
      </div>
    </div>
  );
}

/** Moves the selected keys by dt (returns null on a collision) and shifts their values by dv. */
function moveAndShift(
  tracks: readonly Track[],
  selection: ReadonlySet<string>,
  dt: number,
  dv: number,
): Track[] | null {
  const byTrack = selectionByTrack(selection);
  const next: Track[] = [];
  for (const track of tracks) {
    const ids = byTrack.get(track.parameter);
    if (!ids) {
      next.push(track);
      continue;
    }
    // Coefficients and layer alphas stay in 0..1; angles are clamped when evaluated (the rig's limits).
    const clamp = isUnitParameter(track.parameter) ? (v: number) => Math.min(1, Math.max(0, v)) : (v: number) => v;
    const keyframes = track.keyframes
      .map((key) =>
        ids.has(key.id)
          ? {
              ...key,
              time: Math.round((key.time + dt) * 1e6) / 1e6,
              value: clamp(Math.round((key.value + dv) * 1e4) / 1e4),
            }
          : key,
      )
      .sort((a, b) => a.time - b.time);
    if (keyframes.some((key, i) => key.time < 0 || (i > 0 && key.time === keyframes[i - 1]!.time))) return null;
    next.push({ parameter: track.parameter, keyframes });
  }
  return next;
}
