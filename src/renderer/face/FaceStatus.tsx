import { faceFailureSentence, type FaceAnalysis } from '../../shared/api';

interface FaceStatusProps {
  analysis: FaceAnalysis | null;
  loaded: boolean;
  loadError: string | null;
  analysing: boolean;
  onAnalyse(): void;
}

/**
 * What the viewer says about the face analysis when there is no face to draw: still running, never
 * run, or no usable face (a result, shown as a message on the photo rather than an error dialog).
 */
export function FaceStatus({ analysis, loaded, loadError, analysing, onAnalyse }: FaceStatusProps) {
  if (!loaded) return null;
  let body;
  if (loadError) {
    body = <span className="face-status__text">Could not read the face analysis: {loadError}</span>;
  } else if (analysing) {
    body = (
      <span className="face-status__text" data-testid="face-status-analysing">
        <span className="face-status__spinner" aria-hidden="true" />
        Finding faces…
      </span>
    );
  } else if (!analysis) {
    body = (
      <>
        <span className="face-status__text">This photo has not been analysed yet.</span>
        <button type="button" className="button button--small" onClick={onAnalyse}>
          Find faces
        </button>
      </>
    );
  } else if (!analysis.ok) {
    body = (
      <>
        <span className="face-status__text" data-testid="face-failure" data-reason={analysis.reason}>
          {faceFailureSentence(analysis)}
        </span>
        <button type="button" className="button button--small button--ghost" onClick={onAnalyse}>
          Try again
        </button>
      </>
    );
  } else {
    return null;
  }
  return (
    <div
      className={`face-status${analysis && !analysis.ok && !analysing ? ' face-status--failure' : ''}`}
      role="status"
      data-testid="face-status"
      onPointerDown={(event) => event.stopPropagation()}
    >
      {body}
    </div>
  );
}
