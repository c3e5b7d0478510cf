import type { FaceAnalysis } from '../../shared/api';
import { ExpressionBars } from './ExpressionBars';
import { notHumanWarning } from './not-human';
import { summariseWarnings } from './provider-warnings';

interface FacePanelProps {
  analysis: FaceAnalysis;
  showExpressions: boolean;
  warnings: string[];
  choosing: boolean;
  onChoose(index: number): void;
}

/**
 * The viewer's face side panel: a picker when the photo has several faces, the chosen face's
 * expression probabilities, and provider warnings of the analysis that produced them.
 */
export function FacePanel({ analysis, showExpressions, warnings, choosing, onChoose }: FacePanelProps) {
  if (!analysis.ok) return null;
  const summary = summariseWarnings(warnings);
  const chosen = analysis.faces[analysis.chosenIndex];
  const several = analysis.faces.length > 1;
  const notHuman = notHumanWarning(analysis);
  if (!several && !(showExpressions && chosen?.expressions) && warnings.length === 0 && !notHuman) return null;
  return (
    <aside className="face-panel" aria-label="Faces" data-testid="face-panel">
      {several && (
        <section className="face-panel__section" aria-label="Face picker">
          <h3 className="face-panel__heading">{analysis.faces.length} faces</h3>
          <ul className="face-picker" role="listbox" aria-label="Choose the face to work on" aria-busy={choosing}>
            {analysis.faces.map((face, index) => {
              const selected = index === analysis.chosenIndex;
              return (
                <li key={index}>
                  <button
                    type="button"
                    role="option"
                    aria-selected={selected}
                    className={`face-picker__entry${selected ? ' face-picker__entry--chosen' : ''}`}
                    disabled={choosing}
                    onClick={() => {
                      if (!selected) onChoose(index);
                    }}
                  >
                    <span className="face-picker__number">{index + 1}</span>
                    <span className="face-picker__size">
                      {Math.round(face.box.width)} × {Math.round(face.box.height)} px
                    </span>
                    {selected && <span className="face-picker__badge">chosen</span>}
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      )}
      {notHuman && (
        // A warning, not a refusal: the mesh, rig and expressions are still there to use.
        <section className="face-panel__section face-panel__warnings" aria-label="Face warning" role="status">
          <p className="face-panel__warning" data-testid="not-human-warning">
            {notHuman}
          </p>
        </section>
      )}
      {showExpressions && chosen?.expressions && <ExpressionBars expressions={chosen.expressions} />}
      {summary && (
        <section className="face-panel__section face-panel__warnings" aria-label="Analysis warnings" role="status">
          <p className="face-panel__warning">{summary.headline}</p>
          <details className="face-panel__details">
            <summary>Why</summary>
            {summary.reasons.map((reason) => (
              <p key={reason}>{reason}</p>
            ))}
          </details>
        </section>
      )}
    </aside>
  );
}
