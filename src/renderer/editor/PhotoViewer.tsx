import { useCallback, useEffect, useLayoutEffect, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import type { Asset } from '../../shared/api';
import { useServices } from '../app-services';
import { isTextEntry } from '../ui/is-text-entry';
import {
  ZOOM_STEP,
  actualSizeViewport,
  fitViewport,
  panBy,
  wheelZoomFactor,
  zoomAt,
  type Size,
  type Viewport,
} from './viewport';
import { useShortcutHelp } from '../ui/shortcut-registry';
import { PHOTO_VIEWER_SHORTCUTS } from './photo-viewer-shortcuts';

const KEY_PAN_PX = 48;

/**
 * Chromium starts a text selection on mousedown even when pointerdown was cancelled, so the press is
 * cancelled there too, except on form controls inside the stage (the mask toolbar's sliders).
 */
function preventSelectionStart(event: MouseEvent<HTMLDivElement>): void {
  const target = event.target as Element;
  if (target.closest('input, select, textarea, button, [contenteditable="true"]')) return;
  event.preventDefault();
}

/**
 * The asset's working image with zoom (wheel at the cursor, +/-), pan (drag, arrow keys), fit
 * (button, 0 or F) and 100% (1). Stays fitted while the window resizes until the user zooms.
 */
export function PhotoViewer({
  asset,
  imageLayer,
  overlay,
  toolbarExtra,
  sidePanel,
  children,
}: {
  asset: Asset;
  /** Drawn right over the photo, under the overlay, with the current view (the rendered portrait). */
  imageLayer?: (view: Viewport) => ReactNode;
  /** Drawn over the photo with the current view (layers that follow zoom and pan, e.g. face points). */
  overlay?: (view: Viewport) => ReactNode;
  /** Extra toolbar controls, before the zoom buttons. */
  toolbarExtra?: ReactNode;
  /** Beside the stage, on its right (the photo fits in the space left). */
  sidePanel?: ReactNode;
  /** Fixed on the stage (messages): not moved by zoom or pan. */
  children?: ReactNode;
}) {
  // The parent keys this component by asset id, so a new photo starts fitted with fresh state.
  const { client } = useServices();
  const stageRef = useRef<HTMLDivElement>(null);
  const [stage, setStage] = useState<Size>({ width: 0, height: 0 });
  /** Null while the photo is fitted (it then refits as the panel resizes); set by any zoom or pan. */
  const [manual, setManual] = useState<Viewport | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [dragging, setDragging] = useState(false);
  const drag = useRef<{ pointerId: number; x: number; y: number } | null>(null);
  const imageWidth = asset.workingWidth;
  const imageHeight = asset.workingHeight;
  const fitted = manual === null;
  const view = manual ?? fitViewport(stage, { width: imageWidth, height: imageHeight });

  useLayoutEffect(() => {
    const element = stageRef.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setStage({ width: entry.contentRect.width, height: entry.contentRect.height });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  /** Changes the view starting from what is shown now (the fitted view if nothing was changed yet). */
  const changeView = useCallback(
    (change: (current: Viewport) => Viewport) =>
      setManual((current) => change(current ?? fitViewport(stage, { width: imageWidth, height: imageHeight }))),
    [stage, imageWidth, imageHeight],
  );
  const zoomBy = useCallback(
    (factor: number, anchor?: { x: number; y: number }) =>
      changeView((current) => zoomAt(current, factor, anchor ?? { x: stage.width / 2, y: stage.height / 2 })),
    [changeView, stage],
  );
  const fit = useCallback(() => setManual(null), []);
  const actualSize = useCallback(
    () => setManual(actualSizeViewport(stage, { width: imageWidth, height: imageHeight })),
    [stage, imageWidth, imageHeight],
  );

  // Wheel listeners must be non-passive to keep the page from scrolling; React's onWheel is passive.
  useEffect(() => {
    const element = stageRef.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = element.getBoundingClientRect();
      const delta = event.deltaMode === WheelEvent.DOM_DELTA_LINE ? event.deltaY * 33 : event.deltaY;
      zoomBy(wheelZoomFactor(delta), { x: event.clientX - rect.left, y: event.clientY - rect.top });
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [zoomBy]);

  // Viewer keys work wherever focus is, except in text fields and with modifiers (browser/app shortcuts).
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTextEntry(event.target)) return;
      // A registry shortcut took the key (the timeline's F while the pointer is over it).
      if (event.defaultPrevented) return;
      if (document.querySelector('dialog[open]')) return;
      const pan = (dx: number, dy: number) => changeView((current) => panBy(current, dx, dy));
      const actions: Record<string, () => void> = {
        '+': () => zoomBy(ZOOM_STEP),
        '=': () => zoomBy(ZOOM_STEP),
        '-': () => zoomBy(1 / ZOOM_STEP),
        _: () => zoomBy(1 / ZOOM_STEP),
        '0': fit,
        f: fit,
        F: fit,
        '1': actualSize,
        ArrowLeft: () => pan(KEY_PAN_PX, 0),
        ArrowRight: () => pan(-KEY_PAN_PX, 0),
        ArrowUp: () => pan(0, KEY_PAN_PX),
        ArrowDown: () => pan(0, -KEY_PAN_PX),
      };
      // Arrow keys pan only when the viewer has focus: elsewhere they move focus or scroll lists.
      if (event.key.startsWith('Arrow') && document.activeElement !== stageRef.current) return;
      const action = actions[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [zoomBy, fit, actualSize, changeView]);
  useShortcutHelp(PHOTO_VIEWER_SHORTCUTS);

  const percent = Math.round(view.scale * 100);
  return (
    <section className="viewer" aria-label="Photo viewer">
      <div className="viewer__toolbar" role="toolbar" aria-label="View">
        <span className="viewer__file" title={asset.originalName}>
          {asset.originalName}
        </span>
        <span className="viewer__dims">
          {asset.width} × {asset.height}
          {(asset.width !== asset.workingWidth || asset.height !== asset.workingHeight) &&
            ` (working copy ${asset.workingWidth} × ${asset.workingHeight})`}
        </span>
        <span className="viewer__spacer" />
        {toolbarExtra}
        <button
          type="button"
          className="icon-button"
          aria-label="Zoom out"
          title="Zoom out (−)"
          onClick={() => zoomBy(1 / ZOOM_STEP)}
        >
          −
        </button>
        <output className="viewer__zoom" aria-live="polite" aria-label="Zoom level">
          {percent}%
        </output>
        <button
          type="button"
          className="icon-button"
          aria-label="Zoom in"
          title="Zoom in (+)"
          onClick={() => zoomBy(ZOOM_STEP)}
        >
          +
        </button>
        <button
          type="button"
          className="button button--small button--ghost"
          aria-pressed={fitted}
          onClick={fit}
          title="Fit (0 or F)"
        >
          Fit
        </button>
        <button
          type="button"
          className="button button--small button--ghost"
          aria-pressed={!fitted && Math.abs(view.scale - 1) < 1e-9}
          onClick={actualSize}
          title="Actual size (1)"
        >
          100%
        </button>
      </div>
      <div className="viewer__body" style={{ display: 'flex', flex: 1, minHeight: 0 }}>
        <div
          ref={stageRef}
          className={`viewer__stage${dragging ? ' viewer__stage--dragging' : ''}`}
          tabIndex={0}
          aria-label={`${asset.originalName}. Plus and minus zoom, 0 fits, 1 shows actual size, arrow keys pan.`}
          onPointerDown={(event) => {
            if (event.button !== 0) return;
            // A drag over the photo must not start a text selection: it stays, invisible, and the next
            // press on it starts a native drag that cancels whatever that press begins (a mask stroke).
            // The stage takes focus itself, as the press would have given it (arrow keys pan).
            event.preventDefault();
            event.currentTarget.focus({ preventScroll: true });
            event.currentTarget.setPointerCapture(event.pointerId);
            setDragging(true);
            drag.current = { pointerId: event.pointerId, x: event.clientX, y: event.clientY };
          }}
          onPointerMove={(event) => {
            const current = drag.current;
            if (!current || current.pointerId !== event.pointerId) return;
            const dx = event.clientX - current.x;
            const dy = event.clientY - current.y;
            drag.current = { ...current, x: event.clientX, y: event.clientY };
            changeView((current) => panBy(current, dx, dy));
          }}
          onPointerUp={(event) => {
            if (drag.current?.pointerId !== event.pointerId) return;
            drag.current = null;
            setDragging(false);
          }}
          onPointerCancel={() => {
            drag.current = null;
            setDragging(false);
          }}
          onMouseDown={preventSelectionStart}
          onDragStart={(event) => event.preventDefault()}
        >
          <img
            className={`viewer__image${view.scale >= 2 ? ' viewer__image--pixels' : ''}${loaded ? '' : ' viewer__image--loading'}`}
            src={client.mediaUrl(asset.workingSha256)}
            alt={asset.originalName}
            width={imageWidth}
            height={imageHeight}
            draggable={false}
            onLoad={() => setLoaded(true)}
            data-testid="viewer-image"
            style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})` }}
          />
          {loaded && imageLayer?.(view)}
          {loaded && overlay?.(view)}
          {children}
        </div>
        {sidePanel}
      </div>
    </section>
  );
}
