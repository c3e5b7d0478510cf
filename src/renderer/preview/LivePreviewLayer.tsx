import { useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import type { Asset, FrameRenderInfo } from '../../shared/api';
import { useServices } from '../app-services';
import type { Viewport } from '../editor/viewport';
import { layersPreviewInputs, useLayersStore } from '../layers/layers-store';
import { loadRigAsset, useRigPanelStore } from '../rig/rig-panel-store';
import { sameValues } from '../rig/rig-values';
import { frameCacheFor, valuesKey, type RenderedFrame } from './frame-cache';
import { LivePreviewSession } from './live-preview-session';
import { usePreviewStore } from './preview-store';
import { PreviewNotes } from './PreviewToggle';

const sameInfo = (a: FrameRenderInfo | null, b: FrameRenderInfo): boolean =>
  a !== null &&
  a.quality === b.quality &&
  a.region.x === b.region.x &&
  a.region.y === b.region.y &&
  a.region.width === b.region.width &&
  a.region.height === b.region.height &&
  JSON.stringify(a.limited) === JSON.stringify(b.limited);

/**
 * The rendered portrait over the photo: a canvas covering the frame's region of the working image,
 * following zoom and pan. While the rig shows the photo's own values (nothing edited, or everything
 * undone) there is no frame and the original pixels show. Frames are drawn as they arrive, outside
 * React, so a slider drag costs no re-render per frame.
 */
export function LivePreviewLayer({ asset, view }: { asset: Asset; view: Viewport }) {
  const { client } = useServices();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const viewRef = useRef(view);
  const regionRef = useRef<FrameRenderInfo['region'] | null>(null);
  const showOriginal = usePreviewStore((state) => state.showOriginal);
  const hasFrame = usePreviewStore((state) => state.assetId === asset.id && state.shown !== null);
  const fitReady = useRigPanelStore((state) => state.assetId === asset.id && Boolean(state.rig?.fit));
  // A portrait with an expression source renders its scene (layers panel): the session opens with it.
  const sceneId = useLayersStore((state) => layersPreviewInputs(asset.id, state)?.sceneId ?? null);

  /** Puts the canvas over its region with the current zoom and pan. */
  const place = useCallback(() => {
    const canvas = canvasRef.current;
    const region = regionRef.current;
    if (!canvas || !region) return;
    const { x, y, scale } = viewRef.current;
    canvas.style.width = `${region.width}px`;
    canvas.style.height = `${region.height}px`;
    canvas.style.transform = `translate(${x + region.x * scale}px, ${y + region.y * scale}px) scale(${scale})`;
  }, []);

  useLayoutEffect(() => {
    viewRef.current = view;
    place();
  }, [view, place]);

  // The rig's values and fit, also while the rig panel is closed.
  useEffect(() => {
    if (useRigPanelStore.getState().assetId !== asset.id) void loadRigAsset(client, asset.projectId, asset.id);
    return client.on('job.updated', (job) => {
      const panelLoadsIt = useRigPanelStore.getState().open;
      if (
        !panelLoadsIt &&
        job.kind === 'analyze-face' &&
        job.state === 'succeeded' &&
        job.result?.assetId === asset.id
      ) {
        void loadRigAsset(client, asset.projectId, asset.id);
      }
    });
  }, [client, asset.id, asset.projectId]);

  useEffect(() => {
    usePreviewStore.setState({ assetId: asset.id, shown: null, error: null });
    if (!fitReady) return;
    const draw = (frame: RenderedFrame) => {
      const canvas = canvasRef.current;
      const context = canvas?.getContext('2d');
      if (!canvas || !context) return;
      const { width, height, render } = frame.header;
      if (canvas.width !== width || canvas.height !== height) {
        canvas.width = width;
        canvas.height = height;
      }
      const pixels = new Uint8ClampedArray(
        frame.data.buffer as ArrayBuffer,
        frame.data.byteOffset,
        frame.data.byteLength,
      );
      context.putImageData(new ImageData(pixels, width, height), 0, 0);
      canvas.dataset.stateId = render.stateId;
      canvas.dataset.quality = render.quality;
      canvas.dataset.renderMs = render.renderMs.toFixed(1);
      canvas.dataset.engineMs = render.engineMs.toFixed(1);
      regionRef.current = render.region;
      place();
      const state = usePreviewStore.getState();
      if (state.assetId === asset.id && (!sameInfo(state.shown, render) || state.error)) {
        usePreviewStore.setState({ shown: render, error: null });
      }
    };
    const session = new LivePreviewSession(
      client,
      asset.id,
      {
        onFrame: draw,
        onError: (message) => usePreviewStore.setState({ error: message }),
        onWaiting: (waiting) => {
          if (usePreviewStore.getState().waitingForFrame !== waiting)
            usePreviewStore.setState({ waitingForFrame: waiting });
        },
      },
      undefined,
      sceneId,
    );
    const cache = frameCacheFor(asset.id);
    /** The values key of what should be on screen (a cached frame for it shows at once). */
    let wantedKey: string | null = null;
    const apply = () => {
      const { assetId, rig, shown, baseline } = useRigPanelStore.getState();
      if (assetId !== asset.id || !rig) return;
      const scene = layersPreviewInputs(asset.id, useLayersStore.getState());
      session.setSceneInputs({ layerMix: scene?.layerMix, sourceFrame: scene?.sourceFrame });
      if (sameValues(shown, baseline) && !scene) {
        wantedKey = null;
        session.clear();
        usePreviewStore.setState({ shown: null });
      } else {
        // The frame cache is keyed by rig values only: a scene with an expression source renders
        // more than those (layer alphas, the source's frame), so it always renders live.
        wantedKey = scene ? null : valuesKey(shown);
        const cached = wantedKey === null ? undefined : cache.get(wantedKey);
        if (cached) {
          // Rendered before (playback rendered it ahead, or scrubbing back): no render, no wait.
          session.clear();
          draw(cached);
        } else if (scene || !usePreviewStore.getState().playback) {
          session.show(shown);
        }
      }
      // Read by the latency benchmark to match an input with the frame it produced, and by the
      // playback benchmark (frames cached).
      if (canvasRef.current) {
        canvasRef.current.dataset.requestedStateId = session.lastRequestedStateId ?? '';
        canvasRef.current.dataset.cachedFrames = String(cache.size);
      }
    };
    void session.open();
    apply();
    const offCache = cache.onAdd((key, frame) => {
      if (key === wantedKey) draw(frame);
    });
    const unsubscribe = useRigPanelStore.subscribe((state, previous) => {
      if (state.shown !== previous.shown || state.baseline !== previous.baseline || state.rig !== previous.rig) {
        apply();
      }
    });
    const offPlayback = usePreviewStore.subscribe((state, previous) => {
      // Playback stopped on a frame that never rendered: render it live now.
      if (previous.playback && !state.playback) apply();
    });
    const unsubscribeLayers = useLayersStore.subscribe(apply);
    // A painted mask shapes the scene's layers: render the same values again.
    const offMask = client.on('mask.changed', (event) => {
      if (sceneId !== null && event.sceneId === sceneId) {
        session.invalidate();
        apply();
      }
    });
    return () => {
      unsubscribe();
      offCache();
      offPlayback();
      unsubscribeLayers();
      offMask();
      session.close();
      usePreviewStore.setState({ shown: null, waitingForFrame: false });
    };
  }, [client, asset.id, fitReady, place, sceneId]);

  return (
    <>
      <canvas
        ref={canvasRef}
        className="live-preview"
        data-testid="live-preview"
        hidden={showOriginal || !hasFrame}
        aria-hidden="true"
      />
      <PreviewNotes assetId={asset.id} />
    </>
  );
}
