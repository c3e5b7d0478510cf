import { LIMITED_ANGLE_WORDS, limitedAngleText, type LimitedAngle } from '../../shared/api';
import { useShortcut } from '../ui/shortcut-registry';
import { usePreviewStore } from './preview-store';

/** The key that switches between the rendered portrait and the original photo. */
export const ORIGINAL_TOGGLE_KEY = '\\';

/** "Head turn limited to 12° (asked 45°) to avoid tearing", one clause per limited axis. */
export function describeLimits(limited: readonly LimitedAngle[]): string | null {
  if (limited.length === 0) return null;
  return limited
    .map((angle) => `${LIMITED_ANGLE_WORDS[angle.name]} limited to ${limitedAngleText(angle, 0)}`)
    .join(', ')
    .concat(' to avoid tearing');
}

/**
 * Viewer toolbar control of the live preview: the original/rendered toggle (\ key). While it is on,
 * the button is lit and the stage shows a badge (PreviewNotes); a rig edit turns it off
 * (rig/use-rig-edits.ts), since an edit the user cannot see looks like a broken slider.
 */
export function PreviewToggle({ assetId }: { assetId: string }) {
  const showOriginal = usePreviewStore((state) => state.showOriginal);
  const toggleOriginal = usePreviewStore((state) => state.toggleOriginal);
  const hasPreview = usePreviewStore((state) => state.assetId === assetId && state.shown !== null);

  // A focused rig slider is not text entry (ui/is-text-entry.ts), so the key also works right after a drag.
  useShortcut({
    id: 'preview.original',
    scope: 'Photo viewer',
    action: 'Show the original photo or the edited portrait',
    keys: [[ORIGINAL_TOGGLE_KEY]],
    run: toggleOriginal,
  });

  return (
    <button
      type="button"
      className="button button--small button--ghost preview-toggle"
      aria-pressed={showOriginal}
      onClick={toggleOriginal}
      data-has-preview={hasPreview}
      title={`Show the original photo instead of the edited portrait (${ORIGINAL_TOGGLE_KEY})`}
    >
      Original
    </button>
  );
}

/** On the stage, under the photo: the head-angle limit of the frame shown, and a failed render. */
export function PreviewNotes({ assetId }: { assetId: string }) {
  const showOriginal = usePreviewStore((state) => state.showOriginal);
  const shown = usePreviewStore((state) => (state.assetId === assetId ? state.shown : null));
  const error = usePreviewStore((state) => (state.assetId === assetId ? state.error : null));
  const limits = shown && !showOriginal ? describeLimits(shown.limited) : null;
  if (!limits && !error && !showOriginal) return null;
  return (
    <div className="preview-notes">
      {showOriginal && (
        <p className="preview-notes__note preview-notes__note--original" role="status" data-testid="original-badge">
          Original — press {ORIGINAL_TOGGLE_KEY} to see your edit
        </p>
      )}
      {error && (
        <p className="preview-notes__note preview-notes__note--error" role="alert">
          Preview failed: {error}
        </p>
      )}
      {limits && (
        <p className="preview-notes__note" role="status">
          {limits}
        </p>
      )}
    </div>
  );
}
