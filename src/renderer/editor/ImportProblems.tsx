import type { ImportProblem } from './use-import';

/** Inline, dismissible messages for files that could not be imported. */
export function ImportProblems({ problems, onDismiss }: { problems: ImportProblem[]; onDismiss(key: string): void }) {
  if (problems.length === 0) return null;
  return (
    <ul className="import-problems" aria-label="Import problems">
      {problems.map((problem) => (
        <li key={problem.key} className="inline-error" role="alert">
          <span className="inline-error__text">{problem.message}</span>
          <button
            type="button"
            className="icon-button"
            aria-label={`Dismiss the message about ${problem.fileName}`}
            onClick={() => onDismiss(problem.key)}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
