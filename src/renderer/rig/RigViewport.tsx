import { Canvas, useThree } from '@react-three/fiber';
import { useEffect, useMemo, useRef, useState } from 'react';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { RigMeshModel } from './rig-mesh';
import { useRigPanelStore } from './rig-panel-store';
import { coefficientVector, type RigValues } from './rig-values';
import { ViewportErrorBoundary } from './ViewportErrorBoundary';
import { webglAvailable } from './webgl-support';

/** Orbit controls (three's own) plus lights around the rig; renders only when something changed. */
function RigScene({ model }: { model: RigMeshModel }) {
  const camera = useThree((state) => state.camera);
  const domElement = useThree((state) => state.gl.domElement);
  const invalidate = useThree((state) => state.invalidate);

  useEffect(() => {
    const controls = new OrbitControls(camera, domElement);
    controls.target.set(0, 0, 0);
    controls.minDistance = 1.2;
    controls.maxDistance = 6;
    controls.update();
    const onChange = () => invalidate();
    controls.addEventListener('change', onChange);
    return () => {
      controls.removeEventListener('change', onChange);
      controls.dispose();
    };
  }, [camera, domElement, invalidate]);

  // Slider moves pose the mesh outside React (see RigViewport); this only asks for the next frame.
  useEffect(
    () =>
      useRigPanelStore.subscribe((state, previous) => {
        if (state.values !== previous.values) invalidate();
      }),
    [invalidate],
  );

  return (
    <>
      <ambientLight intensity={0.5} />
      <directionalLight position={[1.2, 1.8, 3]} intensity={2.2} />
      <directionalLight position={[-2.5, 0.4, 1.2]} intensity={0.6} />
      <primitive object={model.group} />
    </>
  );
}

/**
 * The 3D view of the rig. Coefficients reach the mesh through a store subscription that writes
 * morphTargetInfluences directly, never through React state, so a drag re-renders no component
 * here. data-chin-y and data-morph-checksum expose what the mesh shows, for tests.
 */
export function RigViewport({ neutral }: { neutral: readonly number[] | null }) {
  const container = useRef<HTMLDivElement>(null);
  const model = useMemo(() => new RigMeshModel(neutral), [neutral]);
  const [webgl] = useState(webglAvailable);

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
    pose(useRigPanelStore.getState().values);
    const unsubscribe = useRigPanelStore.subscribe((state, previous) => {
      if (state.values !== previous.values) pose(state.values);
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
    <div ref={container} className="rig-viewport" data-testid="rig-viewport" data-webgl={webgl ? 'yes' : 'no'}>
      {webgl ? (
        <ViewportErrorBoundary fallback={(message) => unavailable(`WebGL failed (${message})`)}>
          <Canvas
            frameloop="demand"
            dpr={[1, 2]}
            camera={{ position: [0, 0, 2.2], fov: 32, near: 0.05, far: 50 }}
            gl={{ antialias: true, preserveDrawingBuffer: true }}
            aria-label="3D view of the rig; drag to orbit, wheel to zoom"
          >
            <RigScene model={model} />
          </Canvas>
        </ViewportErrorBoundary>
      ) : (
        unavailable('this browser has no WebGL')
      )}
    </div>
  );
}
