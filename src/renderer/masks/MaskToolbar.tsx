import type { MaskOperation } from '../../shared/masks';
import { BRUSH_SIZE_RANGE } from '../../shared/masks';
import { useShortcut } from '../ui/shortcut-registry';
import { useMaskPaintingStore } from './mask-painting-store';

const SCOPE = 'Mask painting';

/** Brush keys while a mask is painted: they win over the viewer's B / E (face boxes, expressions) meanwhile. */
function useMaskShortcuts(onDone: () => void): void {
  const store = useMaskPaintingStore;
  useShortcut({
    id: 'mask.brush',
    scope: SCOPE,
    action: 'Brush (paint where the layer applies)',
    keys: [['B']],
    run: () => store.getState().setBrush({ tool: 'brush' }),
  });
  useShortcut({
    id: 'mask.eraser',
    scope: SCOPE,
    action: 'Eraser',
    keys: [['E']],
    run: () => store.getState().setBrush({ tool: 'eraser' }),
  });
  useShortcut({
    id: 'mask.swap',
    scope: SCOPE,
    action: 'Swap brush and eraser',
    keys: [['X']],
    run: () => store.getState().swapTool(),
  });
  useShortcut({
    id: 'mask.smaller',
    scope: SCOPE,
    action: 'Smaller brush',
    keys: [['[']],
    run: () => store.getState().stepSize(-1),
  });
  useShortcut({
    id: 'mask.larger',
    scope: SCOPE,
    action: 'Larger brush',
    keys: [[']']],
    run: () => store.getState().stepSize(1),
  });
  useShortcut({ id: 'mask.done', scope: SCOPE, action: 'Stop painting the mask', keys: [['Esc']], run: onDone });
}

function Slider({
  label,
  value,
  min,
  max,
  step = 1,
  shown,
  onChange,
}: {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  shown: string;
  onChange(value: number): void;
}) {
  return (
    <label className="mask-toolbar__slider">
      {label}
      <input
        type="range"
        min={min}
        max={max}
        step={step}
        value={value}
        aria-label={label}
        onChange={(event) => onChange(Number(event.target.value))}
      />
      <span className="mask-toolbar__value">{shown}</span>
    </label>
  );
}

/** The painting tools: brush or eraser, size, hardness, opacity, whole-mask edits, done. */
export function MaskToolbar({
  layerName,
  note,
  busy,
  onOperation,
  onDone,
}: {
  layerName: string;
  /** A sentence under the tools (why painting is unavailable, or what the mask means). */
  note: string | null;
  /** The tools that change the mask are off (no face, still loading). */
  busy: boolean;
  onOperation(operation: MaskOperation): void;
  onDone(): void;
}) {
  const brush = useMaskPaintingStore((state) => state.brush);
  const setBrush = useMaskPaintingStore((state) => state.setBrush);
  useMaskShortcuts(onDone);
  return (
    <div
      className="mask-toolbar"
      role="toolbar"
      aria-label="Mask painting"
      onPointerDown={(event) => event.stopPropagation()}
    >
      <span className="mask-toolbar__title">Mask: {layerName}</span>
      <div className="mask-toolbar__group" role="group" aria-label="Tool">
        <button
          type="button"
          className="button button--small button--ghost"
          aria-pressed={brush.tool === 'brush'}
          title="Brush: paint where the layer applies (B)"
          onClick={() => setBrush({ tool: 'brush' })}
        >
          Brush
        </button>
        <button
          type="button"
          className="button button--small button--ghost"
          aria-pressed={brush.tool === 'eraser'}
          title="Eraser (E); X swaps"
          onClick={() => setBrush({ tool: 'eraser' })}
        >
          Eraser
        </button>
      </div>
      <Slider
        label="Size"
        value={Math.min(brush.size, 400)}
        min={BRUSH_SIZE_RANGE.min}
        max={400}
        shown={`${brush.size}`}
        onChange={(size) => setBrush({ size })}
      />
      <Slider
        label="Hardness"
        value={Math.round(brush.hardness * 100)}
        min={0}
        max={100}
        shown={`${Math.round(brush.hardness * 100)}%`}
        onChange={(value) => setBrush({ hardness: value / 100 })}
      />
      <Slider
        label="Opacity"
        value={Math.round(brush.opacity * 100)}
        min={1}
        max={100}
        shown={`${Math.round(brush.opacity * 100)}%`}
        onChange={(value) => setBrush({ opacity: value / 100 })}
      />
      <div className="mask-toolbar__group" role="group" aria-label="Whole mask">
        <button
          type="button"
          className="button button--small button--ghost"
          disabled={busy}
          title="Paint the whole mask (the layer applies everywhere)"
          onClick={() => onOperation('fill')}
        >
          Fill
        </button>
        <button
          type="button"
          className="button button--small button--ghost"
          disabled={busy}
          title="Empty the mask (the layer applies nowhere)"
          onClick={() => onOperation('clear')}
        >
          Clear
        </button>
        <button
          type="button"
          className="button button--small button--ghost"
          disabled={busy}
          title="Swap painted and unpainted"
          onClick={() => onOperation('invert')}
        >
          Invert
        </button>
      </div>
      <button type="button" className="button button--small button--primary" onClick={onDone} title="Done (Esc)">
        Done
      </button>
      {note && (
        <span className="mask-toolbar__note" role="status">
          {note}
        </span>
      )}
    </div>
  );
}
