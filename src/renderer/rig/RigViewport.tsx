import { Canvas, useThree } from '@react-three/fiber';
import { useEffect, useMemo, useRef, useState, type MutableRefObject } from 'react';
import { SRGBColorSpace, TextureLoader } from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { RigFitSummary } from '../../shared/api';
import { useShortcutHelp, type ShortcutHelp } from '../ui/shortcut-registry';
import { photoUvs } from './photo-uvs';
import { RigMeshModel } from './rig-mesh';
import { useRigPanelStore } from './rig-panel-store';
import { coefficientVector, type RigValues } from './rig-values';
import { ViewportErrorBoundary } from './ViewportErrorBoundary';
import { yieldingRedraws } from './yield-to-preview';
import { webglAvailable } from './webgl-support';
import { usePreviewStore } from '../preview/preview-store';

/** How far the view may turn from the front: the photo only covers the face's front hemisphere. */
const MAX_TURN_RAD = (60 * Math.PI) / 180;
const MAX_TILT_RAD = (35 * Math.PI) / 180;

const toDegrees = (radians: number): string => ((radians * 180) / Math.PI).toFixed(1);

/** The photo that textures the face and the fit that says where each vertex lies on it. */
export interface RigPhoto {
  url: string;
  fit: RigFitSummary;
}

/**
 * Orbit controls (three's own, limited to the front hemisphere) plus lights around the rig and the
 * photo texture; renders only when something changed. Double-click or `resetView` returns to the
 * front view.
 */
function RigScene({
  model,
  photo,
  neutral,
  containerRef,
  resetViewRef,
}: {
  model: RigMeshModel;
  photo: RigPhoto | null;
  neutral: readonly number[] | null;
  containerRef: MutableRefObject<HTMLDivElement | null>;
  resetViewRef: MutableRefObject<(() => void) | null>;
}) {
  const camera = useThree((state) => state.camera);
  const domElement = useThree((state) => state.gl.domElement);
  const invalidate = useThree((state) => state.invalidate);

  useEffect(() => {
    const controls = new OrbitControls(camera, domElement);
    controls.target.set(0, 0, 0);
    controls.minDistance = 1.2;
    controls.maxDistance = 6;
    // Azimuth 0 and polar 90° are the front view (camera on +z); the back of a mask is not a face.
    controls.minAzimuthAngle = -MAX_TURN_RAD;
    controls.maxAzimuthAngle = MAX_TURN_RAD;
    controls.minPolarAngle = Math.PI / 2 - MAX_TILT_RAD;
    controls.maxPolarAngle = Math.PI / 2 + MAX_TILT_RAD;
    controls.update();
    controls.saveState();
    const report = () => {
      const element = containerRef.current;
      if (!element) return;
      element.dataset.azimuthDeg = toDegrees(controls.getAzimuthalAngle());
      element.dataset.polarDeg = toDegrees(controls.getPolarAngle());
    };
    const onChange = () => {
      report();
      invalidate();
    };
    const reset = () => {
      controls.reset();
      onChange();
    };
    resetViewRef.current = reset;
    report();
    controls.addEventListener('change', onChange);
    domElement.addEventListener('dblclick', reset);
    return () => {
      resetViewRef.current = null;
      domElement.removeEventListener('dblclick', reset);
      controls.removeEventListener('change', onChange);
      controls.dispose();
    };
  }, [camera, domElement, invalidate, containerRef, resetViewRef]);

  // The photo on the face, once it has loaded; the untextured face shows meanwhile.
  useEffect(() => {
    if (!photo || !neutral) return undefined;
    let cancelled = false;
    const loader = new TextureLoader();
    loader.setCrossOrigin('anonymous');
    loader.load(
      photo.url,
      (texture) => {
        if (cancelled) {
          texture.dispose();
          return;
        }
        texture.colorSpace = SRGBColorSpace;
        model.setPhotoTexture(texture, photoUvs(neutral, photo.fit));
        if (containerRef.current) containerRef.current.dataset.textured = 'yes';
        invalidate();
      },
      undefined,
      () => {
        if (containerRef.current) containerRef.current.dataset.textured = 'failed';
      },
    );
    return () => {
      cancelled = true;
    };
  }, [model, photo, neutral, containerRef, invalidate]);

  // Slider moves pose the mesh outside React (see RigViewport); this only asks for a frame, one
  // that yields to the live preview's (yield-to-preview.ts). While the timeline plays, at most every
  // PLAYBACK_REDRAW_MS: the preview is what plays, and a 3D frame per timeline frame (software GL on
  // machines without a GPU) would starve the UI thread.
  useEffect(() => {
    const redraws = yieldingRedraws(() => invalidate());
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = useRigPanelStore.subscribe((state, previous) => {
      if (state.shown === previous.shown) return;
      if (!usePreviewStore.getState().playback) redraws.request();
      else
        timer ??= setTimeout(() => {
          timer = null;
          invalidate();
        }, PLAYBACK_REDRAW_MS);
    });
    return () => {
      unsubscribe();
      redraws.dispose();
      if (timer) clearTimeout(timer);
    };
  }, [invalidate]);

  return (
    <>
      <ambientLight intensity={0.9} />
      <directionalLight position={[1.2, 1.8, 3]} intensity={1.6} />
      <directionalLight position={[-2.5, 0.4, 1.2]} intensity={0.5} />
      <primitive object={model.group} />
    </>
  );
}

/** Longest the 3D view waits to follow the playhead while the timeline plays. */
const PLAYBACK_REDRAW_MS = 100;

const VIEWPORT_SHORTCUTS: readonly ShortcutHelp[] = [
  { id: 'rig.orbit', scope: 'Rig', action: 'Turn the 3D view', keys: [['Drag']], note: 'Front half only' },
  { id: 'rig.zoom', scope: 'Rig', action: 'Zoom the 3D view', keys: [['Wheel']] },
  { id: 'rig.reset-view', scope: 'Rig', action: 'Reset the 3D view to the front', keys: [['Double-click']] },
];

/**
 * The 3D view of the rig, dressed in the photo when there is a fit. Coefficients reach the mesh
 * through a store subscription that writes morphTargetInfluences directly, never through React
 * state, so a drag re-renders no component here. data-chin-y, data-morph-checksum, data-textured
 * and data-azimuth-deg / data-polar-deg expose what the view shows, for tests.
 */
export function RigViewport({ neutral, photo }: { neutral: readonly number[] | null; photo: RigPhoto | null }) {
  const container = useRef<HTMLDivElement>(null);
  const resetView = useRef<(() => void) | null>(null);
  const model = useMemo(() => new RigMeshModel(neutral), [neutral]);
  const [webgl] = useState(webglAvailable);
  useShortcutHelp(VIEWPORT_SHORTCUTS);

  useEffect(() => {
    const influences = new Float32Array(52);
    const pose = (values: RigValues) => {
      model.apply(coefficientVector(values, influences), values.head);
      const { chinY, checksum } = model.morphedSummary();
      const element = container.current;
      if (!element) return;
      element.dataset.chinY = chinY.toFixed(6);
      element.dataset.morphChecksum = checksum.toFixed(6);
    };
    pose(useRigPanelStore.getState().shown);
    const unsubscribe = useRigPanelStore.subscribe((state, previous) => {
      if (state.shown !== previous.shown) pose(state.shown);
    });
    return () => {
      unsubscribe();
      model.dispose();
    };
  }, [model]);

  const unavailable = (reason: string) => (
    <p className="rig-viewport__unavailable" role="status">
      3D view unavailable: {reason}. The sliders still edit the rig.
    </p>
  );

  return (
    <div
      ref={container}
      className="rig-viewport"
      data-testid="rig-viewport"
      data-webgl={webgl ? 'yes' : 'no'}
      data-textured="no"
    >
      {webgl ? (
        <ViewportErrorBoundary fallback={(message) => unavailable(`WebGL failed (${message})`)}>
          <Canvas
            frameloop="demand"
            dpr={[1, 2]}
            camera={{ position: [0, 0, 2.2], fov: 32, near: 0.05, far: 50 }}
            gl={{ antialias: true, preserveDrawingBuffer: true }}
            aria-label="3D view of the rig; drag to turn it, wheel to zoom, double-click to reset"
          >
            <RigScene model={model} photo={photo} neutral={neutral} containerRef={container} resetViewRef={resetView} />
          </Canvas>
          <button
            type="button"
            className="button button--small button--ghost rig-viewport__reset"
            title="Front view (double-click the view)"
            onClick={() => resetView.current?.()}
          >
            Reset view
          </button>
        </ViewportErrorBoundary>
      ) : (
        unavailable('this browser has no WebGL')
      )}
    </div>
  );
}
