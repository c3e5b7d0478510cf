import type { FaceAnalysis, FaceBox } from '../../shared/api';
import type { Viewport } from '../editor/viewport';
import type { FaceLayers } from './face-overlay-store';
import { MeshPoints } from './MeshPoints';

interface FaceOverlayProps {
  analysis: FaceAnalysis;
  layers: FaceLayers;
  view: Viewport;
  imageWidth: number;
  imageHeight: number;
  onChoose(index: number): void;
}

/**
 * Mesh points, iris points and face boxes over the photo. The SVG spans the working image in its
 * own pixels and takes the image's exact transform, so it follows zoom and pan; sizes are divided
 * by the scale to stay constant on screen. Points carry their image coordinates in cx/cy.
 */
export function FaceOverlay({ analysis, layers, view, imageWidth, imageHeight, onChoose }: FaceOverlayProps) {
  const px = 1 / view.scale;
  const faces = analysis.ok ? analysis.faces : [];
  const chosen = analysis.ok ? analysis.faces[analysis.chosenIndex] : undefined;
  return (
    <svg
      className={`face-overlay${faces.length > 1 ? ' face-overlay--pickable' : ''}`}
      width={imageWidth}
      height={imageHeight}
      viewBox={`0 0 ${imageWidth} ${imageHeight}`}
      style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})` }}
      data-testid="face-overlay"
      aria-hidden={!layers.boxes}
    >
      {layers.boxes &&
        analysis.rejected.map((rejected, index) => (
          <g key={`rejected-${index}`} className="face-overlay__rejected" data-testid="face-rejected-box">
            <title>{rejected.message}</title>
            <BoxRect box={rejected.box} px={px} />
          </g>
        ))}
      {layers.boxes &&
        faces.map((face, index) => {
          const isChosen = analysis.ok && index === analysis.chosenIndex;
          return (
            <g
              key={index}
              className={`face-overlay__box${isChosen ? ' face-overlay__box--chosen' : ''}`}
              data-testid="face-box"
              data-chosen={isChosen}
              role="button"
              aria-label={`Face ${index + 1}${isChosen ? ' (chosen)' : ''}`}
              aria-pressed={isChosen}
              // The stage starts a pan on pointer down; a click on a box chooses instead.
              onPointerDown={(event) => event.stopPropagation()}
              onClick={() => {
                if (!isChosen) onChoose(index);
              }}
            >
              <BoxRect box={face.box} px={px} />
              {faces.length > 1 && (
                <text x={face.box.x} y={face.box.y - 6 * px} fontSize={12 * px} className="face-overlay__label">
                  {index + 1}
                </text>
              )}
            </g>
          );
        })}
      {layers.mesh && chosen && <MeshPoints landmarks={chosen.landmarks} stride={3} px={px} />}
    </svg>
  );
}

function BoxRect({ box, px }: { box: FaceBox; px: number }) {
  return (
    <rect
      x={box.x}
      y={box.y}
      width={box.width}
      height={box.height}
      rx={3 * px}
      strokeWidth={2 * px}
      strokeDasharray={`${6 * px} ${4 * px}`}
    />
  );
}
