import type { ReactNode } from 'react';
import { LayerMaskButton } from '../masks/LayerMaskButton';

/**
 * One generator layer's row in the layers panel: its key button (when given), its alpha slider, the
 * value and its mask button.
 * Both backends' layers (the warp's and an installed style model's) use it; the caller owns the
 * drag (a live draft while it moves, one undo step when it ends).
 */
export function LayerAlphaRow({
  layer,
  alpha,
  step,
  disabled,
  sceneId,
  keyButton,
  onDrag,
  onEnd,
}: {
  layer: { id: string; name: string; controls: string };
  alpha: number;
  step: number;
  disabled: boolean;
  /** The scene whose masks the row's Mask button paints; none yet: no button. */
  sceneId: string | undefined;
  /** The ◆ that keys this layer on the timeline (the warp's layers); none: no key slot. */
  keyButton?: ReactNode;
  onDrag: (alpha: number) => void;
  onEnd: () => void;
}) {
  return (
    <li className="layers-panel__layer" title={layer.controls}>
      {keyButton && <span className="layers-panel__key-slot">{keyButton}</span>}
      <span className="layers-panel__name">{layer.name}</span>
      <input
        type="range"
        min={0}
        max={1}
        step={step}
        value={alpha}
        disabled={disabled}
        aria-label={`${layer.name} alpha`}
        data-layer={layer.id}
        onChange={(event) => onDrag(Number(event.target.value))}
        onPointerUp={onEnd}
        onKeyUp={onEnd}
        onBlur={onEnd}
      />
      <output className="layers-panel__value">{Math.round(alpha * 100)}%</output>
      <span className="layers-panel__mask-slot" data-layer={layer.id}>
        {sceneId && <LayerMaskButton sceneId={sceneId} layerId={layer.id} layerName={layer.name} />}
      </span>
    </li>
  );
}
