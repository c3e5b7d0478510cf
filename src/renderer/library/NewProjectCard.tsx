import { useState } from 'react';

/** A card-shaped form for the new project's name; Enter creates, Escape cancels. */
export function NewProjectCard({ onCreate, onCancel }: { onCreate(name: string): Promise<void>; onCancel(): void }) {
  const [name, setName] = useState('Untitled project');
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="project-card project-card--new"
      aria-label="New project"
      onSubmit={(event) => {
        event.preventDefault();
        const trimmed = name.trim();
        if (!trimmed || busy) return;
        setBusy(true);
        void onCreate(trimmed).finally(() => setBusy(false));
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          onCancel();
        }
      }}
    >
      <div className="project-card__thumb project-card__thumb--empty" aria-hidden="true">
        <span className="project-card__plus">+</span>
      </div>
      <div className="project-card__body">
        <label className="field-label" htmlFor="new-project-name">
          Name
        </label>
        <input
          id="new-project-name"
          className="inline-name"
          value={name}
          maxLength={200}
          autoFocus
          onFocus={(event) => event.target.select()}
          onChange={(event) => setName(event.target.value)}
        />
        <div className="project-card__form-actions">
          <button type="button" className="button button--ghost" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={busy || name.trim().length === 0}>
            Create
          </button>
        </div>
      </div>
    </form>
  );
}
