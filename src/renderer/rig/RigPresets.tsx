import { useState, type FormEvent } from 'react';
import { toApiError } from '../../shared/api';
import { BUILT_IN_PRESETS, presetNameProblem } from '../../shared/rig';
import { useServices } from '../app-services';
import { reportError } from '../state/notices-store';
import { deletePresetCommand, savePresetCommand } from './rig-commands';
import { useRigPanelStore } from './rig-panel-store';
import { applyPreset } from './rig-values';
import type { RigEdits } from './use-rig-edits';

/** Built-in expressions, the project's own presets, and "save the current expression as…". */
export function RigPresets({ edits }: { edits: RigEdits }) {
  const { client, history } = useServices();
  const projectId = useRigPanelStore((state) => state.projectId);
  const presets = useRigPanelStore((state) => state.presets);
  const [name, setName] = useState('');
  /** The engine's refusal of the last save (a name taken meanwhile, in another window). */
  const [refused, setRefused] = useState<string | null>(null);
  // Checked as the name is typed (an empty field is simply not ready, not a mistake).
  const problem =
    refused ??
    (name.trim()
      ? presetNameProblem(
          name,
          presets.map((preset) => preset.name),
        )
      : null);

  const apply = (label: string, coefficients: Parameters<typeof applyPreset>[1]) => {
    const next = applyPreset(useRigPanelStore.getState().shown, coefficients);
    edits.edit(`apply ${label}`, next.values, { notes: next.notes });
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!projectId || !trimmed || problem) return;
    const coefficients = useRigPanelStore.getState().shown.coefficients;
    history.execute(savePresetCommand({ client, projectId }, trimmed, coefficients)).then(
      () => setName(''),
      (error: unknown) => {
        const apiError = toApiError(error);
        if (apiError.code === 'conflict') setRefused(apiError.message);
        else reportError(`Could not save preset ${trimmed}`, error);
      },
    );
  };

  return (
    <section className="rig-presets" aria-label="Expression presets">
      <div className="rig-presets__grid">
        {BUILT_IN_PRESETS.map((preset) => (
          <button
            key={preset.id}
            type="button"
            className="rig-chip"
            onClick={() => apply(preset.label, preset.coefficients)}
          >
            {preset.label}
          </button>
        ))}
      </div>
      {presets.length > 0 && (
        <ul className="rig-presets__user" aria-label="Your presets">
          {presets.map((preset) => (
            <li key={preset.id} className="rig-user-preset">
              <button
                type="button"
                className="rig-chip rig-chip--user"
                onClick={() => apply(preset.name, preset.coefficients)}
              >
                {preset.name}
              </button>
              <button
                type="button"
                className="icon-button rig-user-preset__delete"
                aria-label={`Delete preset ${preset.name}`}
                title="Delete preset"
                onClick={() =>
                  projectId &&
                  history
                    .execute(deletePresetCommand({ client, projectId }, preset))
                    .catch((error: unknown) => reportError(`Could not delete preset ${preset.name}`, error))
                }
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="rig-presets__save" onSubmit={save} aria-label="Save preset">
        <input
          className="rig-presets__name"
          placeholder="Save current expression as…"
          aria-label="Preset name"
          maxLength={80}
          value={name}
          aria-invalid={problem !== null}
          aria-describedby={problem ? 'rig-preset-name-problem' : undefined}
          onChange={(event) => {
            setName(event.currentTarget.value);
            setRefused(null);
          }}
        />
        <button type="submit" className="button button--small" disabled={!name.trim() || problem !== null}>
          Save
        </button>
      </form>
      {problem && (
        <p id="rig-preset-name-problem" className="inline-error rig-presets__problem" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
