import { useRef } from 'react';
import type { Asset } from '../../shared/api';

interface MissingFileProps {
  asset: Asset;
  /** File types the picker offers (the editor's import types). */
  accept: string;
  onReimport(file: File): void;
  onRemove(): void;
}

/**
 * In place of the viewer when a file behind the selected asset was deleted or moved outside Mien:
 * say so, and offer the two ways out (pick the same file again, or remove the asset).
 */
export function MissingFile({ asset, accept, onReimport, onRemove }: MissingFileProps) {
  const input = useRef<HTMLInputElement>(null);
  const noun = asset.kind === 'video' ? 'video' : 'photo';
  return (
    <div className="empty-state" role="alert">
      <h1 className="empty-state__title">The file behind this {noun} is missing</h1>
      <p className="empty-state__text">
        {asset.originalName} was deleted or moved outside Mien. Re-import the same file to restore it (its edits and
        analysis are kept), or remove it from the project.
      </p>
      <div className="missing-file__actions">
        <button type="button" className="button button--primary" onClick={() => input.current?.click()}>
          Re-import…
        </button>
        <button type="button" className="button" onClick={onRemove}>
          Remove
        </button>
      </div>
      <input
        ref={input}
        type="file"
        accept={accept}
        hidden
        data-testid="reimport-input"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) onReimport(file);
        }}
      />
    </div>
  );
}
