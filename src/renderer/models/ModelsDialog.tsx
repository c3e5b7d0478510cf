import { useCallback, useEffect, useState } from 'react';
import { toApiError, type ResultOf } from '../../shared/api';
import { useServices } from '../app-services';
import { InstallModelForm } from './InstallModelForm';
import { megabytes, modelSummary } from './model-summary';
import { ModalDialog } from './ModalDialog';

type Listed = ResultOf<'models.list'>;

/**
 * The installed generator models (docs/models.md): what each is, its licence, removal, and an
 * install form. Folders that are not valid installs are listed with the reason and can be removed.
 */
export function ModelsDialog({ onClose }: { onClose(): void }) {
  const { client } = useServices();
  const [listed, setListed] = useState<Listed | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  const reload = useCallback(() => {
    client
      .call('models.list', {})
      .then(setListed)
      .catch((reason: unknown) => setError(toApiError(reason).message));
  }, [client]);
  useEffect(reload, [reload]);

  const remove = async (id: string) => {
    setError(null);
    try {
      await client.call('models.remove', { id });
      setConfirming(null);
      reload();
    } catch (reason) {
      setError(toApiError(reason).message);
    }
  };

  return (
    <ModalDialog className="models-dialog" labelledBy="models-dialog-title" testId="models-dialog" onClose={onClose}>
      <h2 id="models-dialog-title" className="dialog__title">
        Models
      </h2>
      <p className="dialog__text models-dialog__intro">
        Style-based generators (StyleGAN2 exported to ONNX) and the networks they work with. Mien ships none: their
        licences are the owners’.
      </p>
      {listed === null && !error && <p className="dialog__text">Loading…</p>}
      {listed && listed.models.length === 0 && <p className="dialog__text">No models installed.</p>}
      {listed && listed.models.length > 0 && (
        <ul className="models-list" aria-label="Installed models">
          {listed.models.map((model) => (
            <li key={model.id} className="models-list__item" aria-label={model.id}>
              <div className="models-list__head">
                <span className="models-list__id">{model.id}</span>
                <span className="models-list__role">{model.role}</span>
                <span className="models-list__size">{megabytes(model.bytes)}</span>
                {confirming === model.id ? (
                  <>
                    <button
                      type="button"
                      className="button button--small button--danger"
                      onClick={() => void remove(model.id)}
                    >
                      Remove {model.id}
                    </button>
                    <button
                      type="button"
                      className="button button--small button--ghost"
                      onClick={() => setConfirming(null)}
                    >
                      Keep
                    </button>
                  </>
                ) : (
                  <button
                    type="button"
                    className="button button--small button--ghost"
                    onClick={() => setConfirming(model.id)}
                  >
                    Remove…
                  </button>
                )}
              </div>
              <div className="models-list__detail">{modelSummary(model)}</div>
              <div className="models-list__detail models-list__licence">
                {model.contract.licence} · sha256 {model.sha256.slice(0, 12)}… · from {model.origin}
              </div>
            </li>
          ))}
        </ul>
      )}
      {listed && listed.problems.length > 0 && (
        <ul className="models-list" aria-label="Problems">
          {listed.problems.map((problem) => (
            <li key={problem.folder} className="models-list__item models-list__item--problem">
              <div className="models-list__head">
                <span className="models-list__id">{problem.folder}</span>
                <button
                  type="button"
                  className="button button--small button--ghost"
                  onClick={() => void remove(problem.folder)}
                >
                  Remove
                </button>
              </div>
              <div className="models-list__detail">{problem.reason}</div>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      <InstallModelForm onInstalled={reload} />
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </ModalDialog>
  );
}
