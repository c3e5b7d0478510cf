import { useRef, useState, type PointerEvent } from 'react';
import { useRigPanelStore } from '../rig/rig-panel-store';
import { reportError } from '../state/notices-store';
import { naturalSegment } from './natural-segment';
import type { Gesture } from '../../shared/history';
import {
  EASING_PRESETS,
  PRESET_BEZIERS,
  presetProgress,
  type EasingPreset,
  type Keyframe,
  type Track,
} from '../../shared/timeline';
import { cubicBezierEase } from '../../shared/timeline';
import { easeSelected, firstSelectedSegment } from './key-operations';
import type { TimelineEdits } from './timeline-edits';
import { useTimelineStore } from './timeline-store';

const PRESET_LABELS: Record<EasingPreset, string> = {
  linear: 'Linear',
  ease: 'Ease',
  'ease-in': 'Ease in',
  'ease-out': 'Ease out',
  'ease-in-out': 'In & out',
  back: 'Back',
  elastic: 'Elastic',
  hold: 'Hold',
};

/** The graph: x in [0, 1] across, progress in [-0.5, 1.5] up (room for overshoot). */
const GRAPH = { width: 176, height: 132, pad: 10, yMin: -0.5, yMax: 1.5 };
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
 */
export function EasingEditor({ edits, onClose }: { edits: TimelineEdits; onClose(): void }) {
  const tracks = useTimelineStore((state) => state.tracks);
  const selection = useTimelineStore((state) => state.selection);
  const segment = firstSelectedSegment(tracks, selection);
  const drag = useRef<{ handle: 1 | 2; gesture: Gesture | null; pointerId: number } | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const [busy, setBusy] = useState(false);

  const apply = (preset: EasingPreset) => {
    const state = useTimelineStore.getState();
    edits.edit(`ease ${PRESET_LABELS[preset].toLowerCase()}`, easeSelected(state.tracks, state.selection, preset));
  };

  const hold = segment ? segment.from.type === 'hold' || !segment.from.connectedRight : false;
  const handles = segment
    ? [segment.from.handles[2], segment.from.handles[3], segment.to.handles[0], segment.to.handles[1]]
    : [0, 0, 1, 1];
  const curve = segment && !hold ? previewCurve(handles) : '';
  const current: EasingPreset | null = hold ? 'hold' : presetOf(handles);

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
    <aside className="tl-easing" aria-label="Easing" data-testid="easing-editor">
      <div className="tl-easing__header">
        <h3 className="tl-easing__title">Easing</h3>
        <button type="button" className="icon-button" aria-label="Hide the easing editor" onClick={onClose}>
          ×
        </button>
      </div>
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
      {segment ? (
        <>
          <svg
            ref={svgRef}
            className="tl-easing__graph"
            viewBox={`0 0 ${GRAPH.width} ${GRAPH.height}`}
            data-testid="easing-graph"
            onPointerMove={onPointerMove}
            onPointerUp={endDrag}
            onPointerCancel={endDrag}
          >
            <rect className="tl-easing__unit" x={gx(0)} y={gy(1)} width={gx(1) - gx(0)} height={gy(0) - gy(1)} />
            {hold ? (
              <path className="tl-easing__curve" d={`M${gx(0)},${gy(0)}H${gx(1)}V${gy(1)}`} />
            ) : (
              <>
                <line className="tl-easing__arm" x1={gx(0)} y1={gy(0)} x2={gx(handles[0]!)} y2={gy(handles[1]!)} />
                <line className="tl-easing__arm" x1={gx(1)} y1={gy(1)} x2={gx(handles[2]!)} y2={gy(handles[3]!)} />
                <path className="tl-easing__curve" d={curve} />
                {([1, 2] as const).map((handle) => (
                  <circle
                    key={handle}
                    className="tl-easing__handle"
                    data-testid={`easing-handle-${handle}`}
                    cx={gx(handles[handle === 1 ? 0 : 2]!)}
                    cy={gy(handles[handle === 1 ? 1 : 3]!)}
                    r={5}
                    onPointerDown={(event) => {
                      if (event.button !== 0) return;
                      svgRef.current?.setPointerCapture(event.pointerId);
                      drag.current = { handle, gesture: null, pointerId: event.pointerId };
                    }}
                  />
                ))}
              </>
            )}
          </svg>
          <button
            type="button"
            className="button button--small tl-easing__natural"
            disabled={busy}
            title="Bake this segment as natural motion: eyes and brows lead the mouth, minimum-jerk paths with a small overshoot, a blink in long segments (all animated parameters)"
            onClick={() => void makeNatural()}
          >
            {busy ? 'Baking…' : 'Natural in-between'}
          </button>
          <p className="tl-easing__values">
            {hold ? 'Hold (step)' : `cubic-bezier(${handles.map((value) => Number(value.toFixed(2))).join(', ')})`}
          </p>
        </>
      ) : (
        <p className="tl-easing__hint">Select a key that has a key after it to shape the segment between them.</p>
      )}
    </aside>
  );
}

/** The preset whose handles these are, if any (shown pressed). */
function presetOf(handles: readonly number[]): EasingPreset | null {
  const match = (Object.entries(PRESET_BEZIERS) as Array<[EasingPreset, readonly number[]]>).find(([, preset]) =>
    preset.every((value, i) => Math.abs(value - handles[i]!) < 1e-6),
  );
  return match ? match[0] : null;
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
