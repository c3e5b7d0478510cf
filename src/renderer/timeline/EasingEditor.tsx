import { useRef, useState, type PointerEvent, type RefObject } from 'react';
import { useRigPanelStore } from '../rig/rig-panel-store';
import { reportError } from '../state/notices-store';
import { naturalSegment } from './natural-segment';
import type { Gesture } from '../../shared/history';
import {
  EASING_PRESETS,
  presetProgress,
  type BezierHandles,
  type EasingPreset,
  type Keyframe,
  type Track,
} from '../../shared/timeline';
import { cubicBezierEase } from '../../shared/timeline';
import { easingUndoLabel, PRESET_LABELS, presetOf, shownHandles } from './easing-display';
import { usePopoverAbove } from './use-popover-above';
import { easeSelected, firstSelectedSegment } from './key-operations';
import type { TimelineEdits } from './timeline-edits';
import { useTimelineStore } from './timeline-store';

/**
 * The graph, drawn at 1:1 in px: x in [0, 1] across, progress in [-0.4, 1.6] up (room for overshoot
 * and for the back preset's handle at 1.56), so the unit square is 180 x 122 px. It has this size
 * whatever the timeline's height (squeezed into the timeline's height the unit square was 68 x 24).
 */
const GRAPH = { width: 200, height: 264, pad: 10, yMin: -0.4, yMax: 1.6 };
/** Handle dots of 10 px, grabbed within 11 px of their centre. */
const HANDLE_RADIUS = 5;
const HANDLE_HIT_RADIUS = 11;
const gx = (x: number) => GRAPH.pad + x * (GRAPH.width - 2 * GRAPH.pad);
const gy = (y: number) =>
  GRAPH.height - GRAPH.pad - ((y - GRAPH.yMin) / (GRAPH.yMax - GRAPH.yMin)) * (GRAPH.height - 2 * GRAPH.pad);

function previewPath(progress: (x: number) => number, width: number, height: number): string {
  const points: string[] = [];
  for (let i = 0; i <= 24; i++) {
    const x = i / 24;
    points.push(`${(x * width).toFixed(1)},${(height - 3 - progress(x) * (height - 8)).toFixed(1)}`);
  }
  return `M${points.join('L')}`;
}

/** The handles of the segment from `a` to `b` with the first key's right and the second key's left handle replaced. */
function withSegmentHandles(
  tracks: readonly Track[],
  parameter: string,
  a: Keyframe,
  b: Keyframe,
  handles: readonly number[],
): Track[] {
  const [x1, y1, x2, y2] = handles as [number, number, number, number];
  return tracks.map((track) =>
    track.parameter !== parameter
      ? track
      : {
          parameter: track.parameter,
          keyframes: track.keyframes.map((key) => {
            if (key.id === a.id)
              return {
                ...key,
                type: 'bezier',
                connectedRight: true,
                handles: [key.handles[0], key.handles[1], x1, y1],
              };
            if (key.id === b.id) return { ...key, handles: [x2, y2, key.handles[2], key.handles[3]] };
            return key;
          }),
        },
  );
}

/**
 * Easing of the selected segments: presets (applied to every segment that starts at a selected
 * key) and the first selected segment's bezier with its two handles to drag (one undo step per drag).
 * A popover rising from the timeline's top edge (`anchor`), so its size does not depend on the
 * timeline's height and the lanes keep their width.
 */
export function EasingEditor({
  edits,
  onClose,
  anchor,
}: {
  edits: TimelineEdits;
  onClose(): void;
  anchor: RefObject<HTMLElement | null>;
}) {
  const tracks = useTimelineStore((state) => state.tracks);
  const selection = useTimelineStore((state) => state.selection);
  const segment = firstSelectedSegment(tracks, selection);
  const drag = useRef<{ handle: 1 | 2; gesture: Gesture | null; pointerId: number } | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const popoverRef = useRef<HTMLElement>(null);
  const place = usePopoverAbove(anchor, popoverRef);
  const [busy, setBusy] = useState(false);

  const apply = (preset: EasingPreset) => {
    const state = useTimelineStore.getState();
    edits.edit(easingUndoLabel(preset), easeSelected(state.tracks, state.selection, preset));
  };

  const hold = segment ? segment.from.type === 'hold' || !segment.from.connectedRight : false;
  const handles: BezierHandles = shownHandles(
    segment
      ? [segment.from.handles[2], segment.from.handles[3], segment.to.handles[0], segment.to.handles[1]]
      : [0, 0, 1, 1],
  );
  const curve = segment && !hold ? previewCurve(handles) : '';
  // Nothing selected: no preset is the segment's (the disabled buttons show none pressed).
  const current: EasingPreset | null = !segment ? null : hold ? 'hold' : presetOf(handles);

  const makeNatural = async () => {
    const state = useTimelineStore.getState();
    if (!segment || !state.scene) return;
    setBusy(true);
    try {
      const next = await naturalSegment(state.tracks, useRigPanelStore.getState().values, {
        t0: segment.from.time,
        t1: segment.to.time,
        fps: state.scene.fps,
        seed: Math.round(segment.from.time * 1000) + 1,
      });
      edits.edit('natural in-between', next);
    } catch (error) {
      reportError('Could not make the segment natural', error);
    } finally {
      setBusy(false);
    }
  };

  const onPointerMove = (event: PointerEvent<SVGSVGElement>) => {
    const current = drag.current;
    if (!current || current.pointerId !== event.pointerId || !segment) return;
    const rect = svgRef.current!.getBoundingClientRect();
    const px = ((event.clientX - rect.left) / rect.width) * GRAPH.width;
    const py = ((event.clientY - rect.top) / rect.height) * GRAPH.height;
    const x = Math.min(1, Math.max(0, (px - GRAPH.pad) / (GRAPH.width - 2 * GRAPH.pad)));
    const y =
      GRAPH.yMin + ((GRAPH.height - GRAPH.pad - py) / (GRAPH.height - 2 * GRAPH.pad)) * (GRAPH.yMax - GRAPH.yMin);
    const rounded = [Math.round(x * 1000) / 1000, Math.round(y * 1000) / 1000];
    const next = [...handles];
    if (current.handle === 1) [next[0], next[1]] = rounded as [number, number];
    else [next[2], next[3]] = rounded as [number, number];
    current.gesture ??= edits.beginGesture('shape easing');
    if (!current.gesture) return;
    const state = useTimelineStore.getState();
    edits.updateGesture(
      current.gesture,
      withSegmentHandles(state.tracks, segment.parameter, segment.from, segment.to, next),
    );
  };
  const endDrag = () => {
    const current = drag.current;
    drag.current = null;
    void current?.gesture?.commit();
  };

  return (
    <aside
      ref={popoverRef}
      className="tl-easing"
      aria-label="Easing"
      data-testid="easing-editor"
      style={place ? { right: place.right, bottom: place.bottom } : { visibility: 'hidden' }}
    >
      <div className="tl-easing__header">
        <h3 className="tl-easing__title">Easing</h3>
        <button type="button" className="icon-button" aria-label="Hide the easing editor" onClick={onClose}>
          ×
        </button>
      </div>
      <div className="tl-easing__body">
        <div className="tl-easing__side">
          <div className="tl-easing__presets" role="group" aria-label="Easing presets">
            {EASING_PRESETS.map((preset) => (
              <button
                key={preset}
                type="button"
                className="tl-preset"
                disabled={!segment}
                aria-label={PRESET_LABELS[preset]}
                aria-pressed={current === preset}
                title={`${PRESET_LABELS[preset]}: applies to every selected key’s segment`}
                onClick={() => apply(preset)}
              >
                <svg viewBox="0 0 36 22" width="36" height="22" aria-hidden="true">
                  <path d={previewPath((x) => presetProgress(preset, x), 36, 22)} />
                </svg>
              </button>
            ))}
          </div>
          {segment && (
            <p className="tl-easing__values">
              {hold ? 'Hold (step)' : `cubic-bezier(${handles.map((value) => Number(value.toFixed(2))).join(', ')})`}
            </p>
          )}
          {segment && (
            <button
              type="button"
              className="button button--small tl-easing__natural"
              disabled={busy}
              title="Bake this segment as natural motion: eyes and brows lead the mouth, minimum-jerk paths with a small overshoot, a blink in long segments (all animated parameters)"
              onClick={() => void makeNatural()}
            >
              {busy ? 'Baking…' : 'Natural in-between'}
            </button>
          )}
        </div>
        {segment ? (
          <svg
            ref={svgRef}
            className="tl-easing__graph"
            width={GRAPH.width}
            height={GRAPH.height}
            viewBox={`0 0 ${GRAPH.width} ${GRAPH.height}`}
            data-testid="easing-graph"
            onPointerMove={onPointerMove}
            onPointerUp={endDrag}
            onPointerCancel={endDrag}
          >
            <rect
              className="tl-easing__unit"
              data-testid="easing-unit"
              x={gx(0)}
              y={gy(1)}
              width={gx(1) - gx(0)}
              height={gy(0) - gy(1)}
            />
            {hold ? (
              <path className="tl-easing__curve" d={`M${gx(0)},${gy(0)}H${gx(1)}V${gy(1)}`} />
            ) : (
              <>
                <line className="tl-easing__arm" x1={gx(0)} y1={gy(0)} x2={gx(handles[0])} y2={gy(handles[1])} />
                <line className="tl-easing__arm" x1={gx(1)} y1={gy(1)} x2={gx(handles[2])} y2={gy(handles[3])} />
                <path className="tl-easing__curve" d={curve} />
                {([1, 2] as const).map((handle) => {
                  const cx = gx(handles[handle === 1 ? 0 : 2]);
                  const cy = gy(handles[handle === 1 ? 1 : 3]);
                  return (
                    <g
                      key={handle}
                      className="tl-easing__grip"
                      onPointerDown={(event) => {
                        if (event.button !== 0) return;
                        svgRef.current?.setPointerCapture(event.pointerId);
                        drag.current = { handle, gesture: null, pointerId: event.pointerId };
                      }}
                    >
                      <circle className="tl-easing__hit" cx={cx} cy={cy} r={HANDLE_HIT_RADIUS} />
                      <circle
                        className="tl-easing__handle"
                        data-testid={`easing-handle-${handle}`}
                        cx={cx}
                        cy={cy}
                        r={HANDLE_RADIUS}
                      />
                    </g>
                  );
                })}
              </>
            )}
          </svg>
        ) : (
          <p className="tl-easing__hint">Select a key that has a key after it to shape the segment between them.</p>
        )}
      </div>
    </aside>
  );
}

function previewCurve(handles: readonly number[]): string {
  const [x1, y1, x2, y2] = handles as [number, number, number, number];
  const points: string[] = [];
  for (let i = 0; i <= 48; i++) {
    const x = i / 48;
    points.push(`${gx(x).toFixed(1)},${gy(cubicBezierEase(x, x1, y1, x2, y2)).toFixed(1)}`);
  }
  return `M${points.join('L')}`;
}
