import { useRef, useState } from 'react';
import { parseContract, toApiError, type InstalledModelView } from '../../shared/api';
import { useServices } from '../app-services';

/**
 * Installs a model from a file the user picks (or a URL the engine downloads) with its .mien.json
 * metadata sidecar (docs/models.md) and an optional sha256 to check. The engine copies, hashes,
 * opens and probes it; a refusal is shown as the engine words it (the tensor or field that is wrong,
 * or why a URL could not be reached).
 */
export function InstallModelForm({ onInstalled }: { onInstalled(model: InstalledModelView): void }) {
  const { client } = useServices();
  const [model, setModel] = useState<File | null>(null);
  const [url, setUrl] = useState('');
  const [metadata, setMetadata] = useState<File | null>(null);
  const [sha256, setSha256] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const install = async () => {
    setError(null);
    const address = url.trim();
    if (!model && !address) return setError('Pick the model’s .onnx file, or give its URL.');
    if (model && address) return setError('Give either a file or a URL, not both.');
    if (!metadata) return setError('Pick the model’s metadata sidecar (its .mien.json).');
    const hash = sha256.trim().toLowerCase();
    if (hash && !/^[0-9a-f]{64}$/.test(hash)) return setError('The sha256 must be 64 hexadecimal characters.');
    let contract;
    try {
      contract = parseContract(JSON.parse(await metadata.text()));
    } catch (reason) {
      return setError(`${metadata.name}: ${(reason as Error).message}`);
    }
    setBusy(true);
    try {
      const checked = hash ? { sha256: hash } : {};
      const installed = model
        ? await client.call('models.installBytes', {
            fileName: model.name,
            bytes: new Uint8Array(await model.arrayBuffer()),
            metadata: contract,
            ...checked,
          })
        : await client.call('models.install', {
            source: { kind: 'url', url: address },
            metadata: contract,
            ...checked,
          });
      setModel(null);
      setUrl('');
      setMetadata(null);
      setSha256('');
      // The file inputs are the browser's own: clearing them takes a form reset.
      formRef.current?.reset();
      onInstalled(installed);
    } catch (reason) {
      setError(toApiError(reason).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      ref={formRef}
      className="models-install"
      aria-label="Install a model"
      onSubmit={(event) => {
        event.preventDefault();
        void install();
      }}
    >
      <h3 className="models-dialog__heading">Install from a file</h3>
      <label className="models-install__field">
        <span className="field-label">Model (.onnx)</span>
        <input
          type="file"
          accept=".onnx"
          data-testid="model-file"
          onChange={(event) => setModel(event.target.files?.[0] ?? null)}
        />
      </label>
      <label className="models-install__field">
        <span className="field-label">or its URL (the engine downloads it)</span>
        <input
          type="url"
          className="models-install__hash"
          value={url}
          spellCheck={false}
          placeholder="https://…/model.onnx"
          onChange={(event) => setUrl(event.target.value)}
        />
      </label>
      <label className="models-install__field">
        <span className="field-label">Metadata (.mien.json)</span>
        <input
          type="file"
          accept=".json,application/json"
          data-testid="model-metadata"
          onChange={(event) => setMetadata(event.target.files?.[0] ?? null)}
        />
      </label>
      <label className="models-install__field">
        <span className="field-label">sha256 (optional: the file must match it)</span>
        <input
          type="text"
          className="models-install__hash"
          value={sha256}
          spellCheck={false}
          placeholder="64 hexadecimal characters"
          onChange={(event) => setSha256(event.target.value)}
        />
      </label>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog__actions">
        <button type="submit" className="button button--primary" disabled={busy} aria-busy={busy}>
          {busy ? 'Checking and installing…' : 'Install'}
        </button>
      </div>
    </form>
  );
}
