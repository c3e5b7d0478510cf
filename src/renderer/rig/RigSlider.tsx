import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Gesture } from '../../shared/history';
import { useServices } from '../app-services';
import { controlFullName, controlKey, controlLabel, controlRange, type RigControl } from './rig-groups';
import { useRigPanelStore } from './rig-panel-store';
import { describeClamp, formatControlValue, parseTypedValue, resetControl, setControl, valueOf } from './rig-values';
import type { RigEdits } from './use-rig-edits';
import type { ShortcutHelp } from '../ui/shortcut-registry';
import { KeyButton } from '../timeline/KeyButton';

/** Longest gap between a drag's end and a double-click for the two to be one gesture. */
const DOUBLE_CLICK_MS = 600;

/** The slider's keys and gestures (handled on the focused slider below), for the shortcuts sheet. */
export const RIG_SLIDER_SHORTCUTS: readonly ShortcutHelp[] = [
  {
    id: 'rig-slider.nudge',
    scope: 'Rig sliders',
    action: 'Nudge by one step',
    keys: [['←'], ['→']],
    note: 'Also ↓ / ↑; 1° or 0.01',
  },
  {
    id: 'rig-slider.nudge-big',
    scope: 'Rig sliders',
    action: 'Nudge by a big step',
    keys: [
      ['Shift', '←'],
      ['Shift', '→'],
    ],
    note: '5° or 0.1',
  },
  {
    id: 'rig-slider.reset',
    scope: 'Rig sliders',
    action: 'Reset to the photo’s value',
    keys: [['Double-click']],
    note: 'On the slider or its name; both sides when linked',
  },
  { id: 'rig-slider.type', scope: 'Rig sliders', action: 'Apply or discard a typed value', keys: [['Enter'], ['Esc']] },
];

const NUDGE_KEYS: Record<string, 1 | -1> = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1 };

/**
 * One rig control: a range slider (drag = one undo step; arrow keys nudge, Shift for bigger
 * steps; double-click resets to the photo's value), a field to type an exact value (out-of-range
 * values are clamped and the clamp is shown), and the clamp note.
 */
export function RigSlider({ control, edits }: { control: RigControl; edits: RigEdits }) {
  const value = useRigPanelStore((state) => valueOf(state.shown, control));
  const baselineValue = useRigPanelStore((state) => valueOf(state.baseline, control));
  const note = useRigPanelStore((state) => state.notes[control.name]);
  const { history } = useServices();
  const gesture = useRef<Gesture | null>(null);
  /** When the last drag of this slider ended, if it changed the value (see resetFromDoubleClick). */
  const lastChangingDragEnd = useRef<number | null>(null);
  const dragChanged = useRef(false);
  const [typed, setTyped] = useState<string | null>(null);
  /** Why the last typed text was not used ("abc" is not a number); cleared by the next edit. */
  const [typedProblem, setTypedProblem] = useState<string | null>(null);
  /** Escape leaves the field without applying what was typed. */
  const discardTyped = useRef(false);
  const label = controlLabel(control);
  /** Undo labels name the control in full: "adjust jaw open", not "adjust Open". */
  const fullName = controlFullName(control);
  const range = controlRange(control);
  const id = `rig-${controlKey(control).replace(':', '-')}`;
  const name = control.name;

  // A drag ends wherever the pointer is released, even outside the slider.
  useEffect(() => {
    const end = () => {
      const open = gesture.current;
      gesture.current = null;
      if (!open) return;
      // The second click of a double-click changes nothing: it must not hide the first one's jump.
      if (dragChanged.current) lastChangingDragEnd.current = performance.now();
      void open.commit();
    };
    window.addEventListener('pointerup', end);
    window.addEventListener('pointercancel', end);
    return () => {
      window.removeEventListener('pointerup', end);
      window.removeEventListener('pointercancel', end);
      end();
    };
  }, []);

  const requestValue = (requested: number, mergeKey?: string) => {
    const state = useRigPanelStore.getState();
    const next = setControl(state.shown, state.notes, control, requested, state.linked);
    if (gesture.current) {
      dragChanged.current = true;
      edits.updateGesture(gesture.current, next.values, next.notes);
    } else edits.edit(`set ${fullName}`, next.values, { notes: next.notes, mergeKey });
  };

  const reset = () => {
    const state = useRigPanelStore.getState();
    edits.edit(`reset ${fullName}`, resetControl(state.shown, state.baseline, control, state.linked));
  };

  /**
   * The first click of a double-click on the track jumps the thumb there (one drag step). That
   * jump is taken back first, so undoing the reset returns to the value before the double-click.
   */
  const resetFromDoubleClick = async () => {
    const endedAt = lastChangingDragEnd.current;
    lastChangingDragEnd.current = null;
    if (endedAt !== null && performance.now() - endedAt < DOUBLE_CLICK_MS) {
      await history.whenIdle();
      if (history.snapshot().undoLabel === `adjust ${fullName}`) await history.undo();
    }
    reset();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const direction = NUDGE_KEYS[event.key];
    if (!direction || event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    const step = event.shiftKey ? range.bigStep : range.step;
    const current = valueOf(useRigPanelStore.getState().shown, control);
    // Rounded to the step so repeated nudges land on clean values.
    const next = Math.round((current + direction * step) / range.step) * range.step;
    requestValue(Math.min(range.max, Math.max(range.min, next)), `nudge:${name}`);
  };

  const commitTyped = () => {
    const discard = discardTyped.current;
    discardTyped.current = false;
    if (typed === null) return;
    setTyped(null);
    if (discard) return;
    // An emptied field puts the value back without a word; anything else unreadable says why.
    if (typed.trim() === '') return;
    const parsed = parseTypedValue(typed, control);
    if ('problem' in parsed) {
      setTypedProblem(parsed.problem);
      return;
    }
    requestValue(parsed.value);
  };

  const changed = Math.abs(value - baselineValue) > 1e-9;
  return (
    <div className={`rig-slider${note ? ' rig-slider--clamped' : ''}`} data-control={name}>
      <KeyButton control={control} />
      <label htmlFor={id} className="rig-slider__label" onDoubleClick={reset} title={`${name} (double-click to reset)`}>
        {label}
      </label>
      <input
        id={id}
        type="range"
        className={`rig-slider__range${changed ? ' rig-slider__range--changed' : ''}`}
        min={range.min}
        max={range.max}
        step={range.step}
        value={value}
        data-testid={`rig-slider-${name}`}
        aria-valuetext={formatControlValue(control, value)}
        onPointerDown={(event) => {
          if (event.button !== 0 || gesture.current) return;
          dragChanged.current = false;
          gesture.current = edits.beginGesture(`adjust ${fullName}`);
        }}
        onChange={(event) => requestValue(Number(event.currentTarget.value))}
        onKeyDown={onKeyDown}
        onDoubleClick={() => void resetFromDoubleClick()}
      />
      <input
        className="rig-slider__number"
        aria-label={`${label} value`}
        inputMode="decimal"
        value={typed ?? formatControlValue(control, value)}
        onFocus={(event) => {
          setTyped(formatControlValue(control, value));
          event.currentTarget.select();
        }}
        aria-invalid={typedProblem !== null}
        aria-describedby={typedProblem !== null ? `${id}-problem` : undefined}
        onChange={(event) => {
          setTyped(event.currentTarget.value);
          setTypedProblem(null);
        }}
        onBlur={commitTyped}
        onKeyDown={(event) => {
          if (event.key === 'Enter') event.currentTarget.blur();
          if (event.key === 'Escape') {
            discardTyped.current = true;
            event.currentTarget.blur();
          }
        }}
      />
      {typedProblem && (
        <span id={`${id}-problem`} className="rig-slider__clamp" role="alert" data-testid={`rig-typed-problem-${name}`}>
          {typedProblem}
        </span>
      )}
      {note && (
        <span className="rig-slider__clamp" role="status" data-testid={`rig-clamp-${name}`}>
          {describeClamp(control, note)}
        </span>
      )}
    </div>
  );
}
