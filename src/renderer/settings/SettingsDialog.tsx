import { useEffect, useRef, useState } from 'react';
import { toApiError, type ExecutionProvider, type ResultOf } from '../../shared/api';
import { useServices } from '../app-services';

type SettingsView = ResultOf<'settings.get'>;

/**
 * Application settings on the native <dialog> (Escape and the backdrop close it). A change is saved
 * at once; the next face analysis uses it.
 */
export function SettingsDialog({ onClose }: { onClose(): void }) {
  const { client } = useServices();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [view, setView] = useState<SettingsView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  useEffect(() => {
    let current = true;
    client
      .call('settings.get', {})
      .then((loaded) => current && setView(loaded))
      .catch((reason: unknown) => current && setError(toApiError(reason).message));
    return () => {
      current = false;
    };
  }, [client]);

  const choose = async (executionProvider: ExecutionProvider) => {
    if (!view) return;
    const before = view;
    // Shown at once (a controlled radio would otherwise snap back until the engine answers).
    setView({ ...view, settings: { ...view.settings, executionProvider } });
    setSaving(true);
    setError(null);
    try {
      setView(await client.call('settings.update', { executionProvider }));
    } catch (reason) {
      setView(before);
      setError(toApiError(reason).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <dialog
      ref={dialogRef}
      className="dialog settings-dialog"
      aria-labelledby="settings-dialog-title"
      data-testid="settings-dialog"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        if (event.target === dialogRef.current) onClose();
      }}
    >
      <div className="dialog__body">
        <h2 id="settings-dialog-title" className="dialog__title">
          Settings
        </h2>
        <fieldset className="settings-dialog__group" disabled={!view} aria-busy={saving}>
          <legend className="settings-dialog__legend">Run face models on</legend>
          {view?.providers.map((provider) => (
            <label
              key={provider.name}
              className={`settings-dialog__option${provider.available ? '' : ' settings-dialog__option--unavailable'}`}
            >
              <input
                type="radio"
                name="execution-provider"
                value={provider.name}
                checked={view.settings.executionProvider === provider.name}
                disabled={!provider.available}
                onChange={() => void choose(provider.name)}
              />
              <span className="settings-dialog__label">{provider.label}</span>
              {provider.reason && <span className="settings-dialog__reason">{provider.reason}</span>}
            </label>
          ))}
          <p className="settings-dialog__hint">
            A provider that cannot start on this machine falls back to the CPU; the analysis then says so.
          </p>
        </fieldset>
        {error && (
          <p className="inline-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog__actions">
          <button type="button" className="button button--primary" onClick={onClose}>
            Done
          </button>
        </div>
      </div>
    </dialog>
  );
}
