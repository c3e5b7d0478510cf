import { LANDMARK_COUNT } from '../../shared/api';

/** First iris landmark: 468..477 are the two irises (centre first), drawn larger and in their own colour. */
const IRIS_START = 468;

interface MeshPointsProps {
  /** Flat landmark coordinates in image pixels: point i starts at i * stride with x, then y. */
  landmarks: readonly number[];
  /** Numbers per point: 3 for x, y, z triplets (photo analysis), 2 for x, y pairs (video frames). */
  stride: 2 | 3;
  /** One screen pixel in image units, so the points keep a constant size on screen. */
  px: number;
}

/** The face mesh and iris points as an SVG group, shared by the photo and the video overlays. */
export function MeshPoints({ landmarks, stride, px }: MeshPointsProps) {
  const circles = [];
  for (let i = 0; i < LANDMARK_COUNT; i++) {
    circles.push(
      <circle
        key={i}
        cx={landmarks[i * stride]}
        cy={landmarks[i * stride + 1]}
        r={(i >= IRIS_START ? 1.8 : 1.1) * px}
        className={i >= IRIS_START ? 'face-overlay__iris' : undefined}
      />,
    );
  }
  return (
    <g className="face-overlay__mesh" data-testid="face-mesh" data-point-count={LANDMARK_COUNT}>
      {circles}
    </g>
  );
}
