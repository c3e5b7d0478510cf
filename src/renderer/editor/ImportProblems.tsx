import { useEffect, useRef } from 'react';
import type { ImportProblem } from './use-import';

/**
 * Inline, dismissible messages for files that could not be imported. They sit at the top of the
 * sidebar, which the user may have scrolled down to the layers: a new message scrolls itself into view.
 */
export function ImportProblems({ problems, onDismiss }: { problems: ImportProblem[]; onDismiss(key: string): void }) {
  const listRef = useRef<HTMLUListElement>(null);
  const keys = problems.map((problem) => problem.key).join(' ');
  useEffect(() => {
    if (keys) listRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [keys]);
  if (problems.length === 0) return null;
  return (
    <ul ref={listRef} className="import-problems" aria-label="Import problems">
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
