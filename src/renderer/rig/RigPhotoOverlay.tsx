import { useEffect, useMemo, useRef } from 'react';
import type { Asset, RigFitSummary } from '../../shared/api';
import { evaluateRig, getBlendshapeBasis, projectToImage } from '../../shared/rig';
import { useServices } from '../app-services';
import { useRigPanelStore } from './rig-panel-store';
import { coefficientVector, type RigValues } from './rig-values';

/** Each mesh edge once (triangles share edges), as vertex index pairs. */
function meshEdges(): Uint16Array {
  const { triangles } = getBlendshapeBasis();
  const seen = new Set<number>();
  const edges: number[] = [];
  for (let t = 0; t < triangles.length; t += 3) {
    for (let e = 0; e < 3; e++) {
      const a = triangles[t + e]!;
      const b = triangles[t + ((e + 1) % 3)]!;
      const key = a < b ? a * 1000 + b : b * 1000 + a;
      if (seen.has(key)) continue;
      seen.add(key);
      edges.push(a, b);
    }
  }
  return Uint16Array.from(edges);
}

/**
 * The rig's mesh projected onto the photo it was fitted to: the fitted translation and scale with
 * the edited head rotation and coefficients. The path is rewritten from a store subscription,
 * not through React state, so it follows a drag at frame rate.
 */
export function RigPhotoOverlay({
  asset,
  fit,
  neutral,
}: {
  asset: Asset;
  fit: RigFitSummary;
  neutral: readonly number[];
}) {
  const { client } = useServices();
  const path = useRef<SVGPathElement>(null);
  const edges = useMemo(() => meshEdges(), []);

  useEffect(() => {
    const influences = new Float32Array(52);
    const points = new Float32Array(neutral.length);
    const image = new Float64Array(neutral.length);
    const draw = (values: RigValues) => {
      evaluateRig(neutral, coefficientVector(values, influences), points);
      projectToImage(points, { ...fit.pose, ...values.head }, image);
      const parts: string[] = [];
      for (let e = 0; e < edges.length; e += 2) {
        const a = edges[e]! * 3;
        const b = edges[e + 1]! * 3;
        parts.push(
          `M${image[a]!.toFixed(1)} ${image[a + 1]!.toFixed(1)}L${image[b]!.toFixed(1)} ${image[b + 1]!.toFixed(1)}`,
        );
      }
      path.current?.setAttribute('d', parts.join(''));
    };
    draw(useRigPanelStore.getState().shown);
    return useRigPanelStore.subscribe((state, previous) => {
      if (state.shown !== previous.shown) draw(state.shown);
    });
  }, [neutral, fit, edges]);

  // Framed on the face (the model origin is its centroid, the scale its width), not the whole photo.
  const side = 2 * fit.pose.scale;
  const viewBox = `${fit.pose.tx - side / 2} ${fit.pose.ty - side / 2} ${side} ${side}`;
  return (
    <div className="rig-overlay" data-testid="rig-photo-overlay">
      <svg viewBox={viewBox} preserveAspectRatio="xMidYMid meet" role="img" aria-label="Rig mesh over the photo">
        <image href={client.mediaUrl(asset.workingSha256)} width={fit.imageWidth} height={fit.imageHeight} />
        <path ref={path} className="rig-overlay__mesh" vectorEffect="non-scaling-stroke" />
      </svg>
    </div>
  );
}
