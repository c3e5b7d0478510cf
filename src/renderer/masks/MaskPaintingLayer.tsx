import { useCallback, useEffect, useLayoutEffect, useRef, useState, type PointerEvent } from 'react';
import type { Asset, FaceAnalysis, Scene } from '../../shared/api';
import {
  applyMaskOperation,
  encodeGreyPng,
  type GreyImage,
  type MaskOperation,
  type PixelBounds,
} from '../../shared/masks';
import { useServices } from '../app-services';
import type { Viewport } from '../editor/viewport';
import { reportError } from '../state/notices-store';
import { isTextEntry } from '../ui/is-text-entry';
import { useShortcutHelp, type ShortcutHelp } from '../ui/shortcut-registry';
import { MaskToolbar } from './MaskToolbar';
import { maskEditCommand, showMaskChangesIn } from './mask-commands';
import { useMaskPaintingStore, type MaskTarget } from './mask-painting-store';
import { readMaskPixels } from './mask-store-io';
import { writeMask } from './mask-writes';
import { MaskSurface } from './mask-surface';
import './masks.css';

const PAN_HELP: readonly ShortcutHelp[] = [
  { id: 'mask.pan', scope: 'Mask painting', action: 'Pan the photo while painting', keys: [['Space', 'Drag']] },
];

type SceneState = { status: 'loading' } | { status: 'ready'; scene: Scene } | { status: 'missing'; message: string };

/** The scene a mask belongs to (masks are the scene's; its portrait and face say where to paint). */
function useScene(projectId: string, sceneId: string): SceneState {
  const { client } = useServices();
  const [state, setState] = useState<{ sceneId: string; state: SceneState } | null>(null);
  useEffect(() => {
    let live = true;
    client
      .call('scenes.list', { projectId })
      .then((scenes) => {
        const scene = scenes.find((candidate) => candidate.id === sceneId);
        if (!live) return;
        setState({
          sceneId,
          state: scene
            ? { status: 'ready', scene }
            : { status: 'missing', message: 'This scene no longer exists in the project.' },
        });
      })
      .catch((error: unknown) => live && setState({ sceneId, state: { status: 'missing', message: String(error) } }));
    return () => {
      live = false;
    };
  }, [client, projectId, sceneId]);
  return state?.sceneId === sceneId ? state.state : { status: 'loading' };
}

/**
 * Mask painting over the photo viewer (mounted in its overlay while a layer's mask is painted):
 * the mask tinted over the photo, the brush cursor, and the toolbar. Strokes are drawn on the
 * photo and stored in the face atlas of the scene's face when they end; each stroke and each
 * whole-mask edit is one undo step.
 */
export function MaskPaintingLayer({
  asset,
  analysis,
  view,
  target,
}: {
  asset: Asset;
  analysis: FaceAnalysis | null;
  view: Viewport;
  target: MaskTarget;
}) {
  const sceneState = useScene(asset.projectId, target.sceneId);
  const scene = sceneState.status === 'ready' ? sceneState.scene : null;
  const face = scene && analysis?.ok && scene.assetId === asset.id ? analysis.faces[scene.faceIndex] : undefined;
  const stop = useMaskPaintingStore((state) => state.stop);

  const note =
    sceneState.status === 'missing'
      ? sceneState.message
      : scene && scene.assetId !== asset.id
        ? `This mask belongs to ${scene.name}, whose portrait is another photo: open that photo to paint it.`
        : scene && !face
          ? 'The face has not been analysed yet: masks are painted on the face once it is found.'
          : null;

  return (
    <>
      {face ? (
        <MaskCanvas
          key={`${target.sceneId}:${target.layerId}:${scene!.faceIndex}`}
          asset={asset}
          landmarks={face.landmarks}
          view={view}
          target={target}
          note={note}
          onDone={stop}
        />
      ) : (
        <div className="mask-painting" style={{ cursor: 'default' }} onPointerDown={(event) => event.stopPropagation()}>
          <MaskToolbar
            layerName={target.layerName ?? target.layerId}
            note={note}
            busy
            onOperation={() => undefined}
            onDone={stop}
          />
        </div>
      )}
    </>
  );
}

function MaskCanvas({
  asset,
  landmarks,
  view,
  target,
  note,
  onDone,
}: {
  asset: Asset;
  landmarks: readonly number[];
  view: Viewport;
  target: MaskTarget;
  note: string | null;
  onDone(): void;
}) {
  const { client, history } = useServices();
  const { sceneId, layerId } = target;
  const brush = useMaskPaintingStore((state) => state.brush);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const cursorRef = useRef<HTMLDivElement>(null);
  const layerRef = useRef<HTMLDivElement>(null);
  const imageRef = useRef<ImageData | null>(null);
  /** The stored mask as PNG bytes (null: the layer has none): the "before" of the next edit. */
  const storedPng = useRef<Uint8Array | null>(null);
  const [surface, setSurface] = useState<MaskSurface | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  /** Space held: a drag pans the photo (the viewer's own drag) instead of painting. */
  const [panning, setPanning] = useState(false);
  useShortcutHelp(PAN_HELP);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.code !== 'Space' || isTextEntry(event.target)) return;
      setPanning(event.type === 'keydown');
    };
    const release = () => setPanning(false);
    window.addEventListener('keydown', onKey);
    window.addEventListener('keyup', onKey);
    window.addEventListener('blur', release);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('keyup', onKey);
      window.removeEventListener('blur', release);
    };
  }, []);

  // Build the surface once the stored mask is read (tables of the face: tens of milliseconds, once).
  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const { mask } = await client.call('masks.get', { sceneId, layer: layerId });
        const atlas = await readMaskPixels(client, mask);
        const png = mask ? await encodeGreyPng(atlas) : null;
        if (!live) return;
        storedPng.current = png;
        setSurface(new MaskSurface(landmarks, asset.workingWidth, asset.workingHeight, atlas));
        // A fifth of the face's width: a few strokes cover a feature, on any photo size.
        const faceWidth = Math.hypot(
          landmarks[454 * 3]! - landmarks[234 * 3]!,
          landmarks[454 * 3 + 1]! - landmarks[234 * 3 + 1]!,
        );
        useMaskPaintingStore.getState().suggestSize(faceWidth / 5);
      } catch (error) {
        if (live) setLoadError(`Could not load the mask: ${String((error as Error).message ?? error)}`);
      }
    })();
    return () => {
      live = false;
    };
  }, [client, sceneId, layerId, landmarks, asset.workingWidth, asset.workingHeight]);

  const draw = useCallback(
    (bounds?: PixelBounds | null) => {
      const canvas = canvasRef.current;
      if (!canvas || !surface) return;
      const context = canvas.getContext('2d');
      if (!context) return;
      if (!imageRef.current || imageRef.current.width !== surface.raster.width) {
        imageRef.current = new ImageData(surface.pixels, surface.raster.width, surface.raster.height);
      }
      if (bounds === null) return;
      if (bounds) {
        context.putImageData(
          imageRef.current,
          0,
          0,
          bounds.x0,
          bounds.y0,
          bounds.x1 - bounds.x0,
          bounds.y1 - bounds.y0,
        );
      } else {
        context.putImageData(imageRef.current, 0, 0);
      }
    },
    [surface],
  );
  useLayoutEffect(() => draw(), [draw]);

  // Undo and redo of this layer's edits show on this surface at once.
  useEffect(() => {
    if (!surface) return undefined;
    return showMaskChangesIn(sceneId, layerId, (atlas: GreyImage, png: Uint8Array | null) => {
      storedPng.current = png;
      surface.setAtlas(atlas);
      draw();
    });
  }, [surface, sceneId, layerId, draw]);

  /** Saves the surface's atlas and records the edit as one undo step. */
  const commit = useCallback(
    async (label: string) => {
      if (!surface) return;
      const before = storedPng.current;
      const after = await encodeGreyPng(surface.atlas);
      storedPng.current = after;
      writeMask(client, sceneId, layerId, after).catch((error: unknown) =>
        reportError('Could not save the mask', error),
      );
      await history.record(
        maskEditCommand({ client, projectId: asset.projectId, sceneId, layerId }, { label, before, after }),
      );
    },
    [surface, client, history, asset.projectId, sceneId, layerId],
  );

  const operate = useCallback(
    (operation: MaskOperation) => {
      if (!surface || surface.painting) return;
      surface.setAtlas(applyMaskOperation(surface.atlas, operation));
      draw();
      void commit(`${operation} mask`);
    },
    [surface, draw, commit],
  );

  const photoPoint = (event: { clientX: number; clientY: number }): [number, number] => {
    const rect = layerRef.current!.getBoundingClientRect();
    return [(event.clientX - rect.left - view.x) / view.scale, (event.clientY - rect.top - view.y) / view.scale];
  };
  const moveCursor = (event: { clientX: number; clientY: number }) => {
    const cursor = cursorRef.current;
    const layer = layerRef.current;
    if (!cursor || !layer) return;
    const rect = layer.getBoundingClientRect();
    const diameter = brush.size * view.scale;
    cursor.style.width = `${diameter}px`;
    cursor.style.height = `${diameter}px`;
    cursor.style.transform = `translate(${event.clientX - rect.left - diameter / 2}px, ${event.clientY - rect.top - diameter / 2}px)`;
    cursor.style.display = 'block';
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (panning && !surface?.painting) return; // the viewer pans
    event.stopPropagation(); // else the viewer would pan
    if (event.button !== 0 || !surface) return;
    // No text selection or native drag may start from a stroke: a drag would cancel it (pointercancel).
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    const [x, y] = photoPoint(event);
    draw(surface.beginStroke(x, y, brush));
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    moveCursor(event);
    if (!surface?.painting) return;
    // Every sample the pointer produced since the last event: fast strokes stay round.
    const samples = event.nativeEvent.getCoalescedEvents?.() ?? [];
    for (const sample of samples.length > 0 ? samples : [event.nativeEvent]) {
      const [x, y] = photoPoint(sample);
      draw(surface.extendStroke(x, y));
    }
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    if (!surface?.painting) return;
    event.currentTarget.releasePointerCapture(event.pointerId);
    const before = surface.endStroke();
    draw();
    if (before) void commit(brush.tool === 'brush' ? 'paint mask' : 'erase mask');
  };

  const raster = surface?.raster;
  const shownNote = loadError ?? note ?? (surface ? null : 'Loading the mask…');
  return (
    <div
      ref={layerRef}
      className={`mask-painting${panning ? ' mask-painting--panning' : ''}`}
      data-testid="mask-painting"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={() => {
        surface?.cancelStroke();
        draw();
        if (cursorRef.current) cursorRef.current.style.display = 'none';
      }}
      onDragStart={(event) => event.preventDefault()}
      onPointerLeave={() => {
        if (cursorRef.current) cursorRef.current.style.display = 'none';
      }}
    >
      {raster && (
        <canvas
          ref={canvasRef}
          className="mask-painting__canvas"
          data-testid="mask-canvas"
          width={raster.width}
          height={raster.height}
          style={{
            transform: `translate(${view.x + raster.x * view.scale}px, ${view.y + raster.y * view.scale}px) scale(${view.scale / raster.scale})`,
          }}
        />
      )}
      <div
        ref={cursorRef}
        className={`mask-painting__cursor${brush.tool === 'eraser' ? ' mask-painting__cursor--eraser' : ''}`}
        style={{ display: 'none' }}
      />
      <MaskToolbar
        layerName={target.layerName ?? layerId}
        note={shownNote}
        busy={!surface}
        onOperation={operate}
        onDone={onDone}
      />
    </div>
  );
}
