import type { MienClient, PartialCoefficientRecord, RigPreset } from '../../shared/api';
import { setValueCommand, type Command } from '../../shared/history';
import { freePresetName } from '../../shared/rig';
import { reloadPresets, settleRigSave, writeRigValues } from './rig-panel-store';
import { waitingForSave } from './save-aware-command';
import type { RigValues } from './rig-values';

interface RigEditTarget {
  client: MienClient;
  projectId: string;
  assetId: string;
}

/**
 * "Set the rig from A to B": every rig edit (slider, nudge, reset, preset) is one of these, so
 * undo restores the whole previous state at once, linked twins included. Commands with the same
 * merge key fold (a drag, repeated arrow nudges of one slider).
 */
export function rigValuesCommand(
  target: RigEditTarget,
  edit: { label: string; from: RigValues; to: RigValues; mergeKey?: string },
): Command {
  return waitingForSave(
    setValueCommand({
      label: edit.label,
      from: edit.from,
      to: edit.to,
      mergeKey: edit.mergeKey === undefined ? undefined : `rig:${target.assetId}:${edit.mergeKey}`,
      scopes: [target.projectId, target.assetId],
      write: (values) => writeRigValues(target.client, target.assetId, values),
    }),
    () => settleRigSave(target.assetId),
  );
}

/** Saving a user preset; undo deletes it, redo saves it again (under a new id). */
export function savePresetCommand(
  target: { client: MienClient; projectId: string },
  name: string,
  coefficients: PartialCoefficientRecord,
): Command {
  const { client, projectId } = target;
  let saved: RigPreset | null = null;
  return {
    label: `save preset ${name}`,
    scopes: [projectId],
    async apply() {
      saved = (await client.call('presets.save', { projectId, name, coefficients })).preset;
      await reloadPresets(client, projectId);
    },
    async revert() {
      if (saved) await client.call('presets.delete', { id: saved.id });
      saved = null;
      await reloadPresets(client, projectId);
    },
  };
}

/**
 * Deleting a user preset; undo saves it back with its values under the same name, or a free variant
 * of it when the name is no longer allowed (freePresetName), so the undo cannot fail for good.
 */
export function deletePresetCommand(target: { client: MienClient; projectId: string }, preset: RigPreset): Command {
  const { client, projectId } = target;
  let current = preset;
  return {
    label: `delete preset ${preset.name}`,
    scopes: [projectId],
    async apply() {
      await client.call('presets.delete', { id: current.id });
      await reloadPresets(client, projectId);
    },
    async revert() {
      const others = (await client.call('presets.list', { projectId })).map((preset) => preset.name);
      const name = freePresetName(current.name, others);
      current = (await client.call('presets.save', { projectId, name, coefficients: current.coefficients })).preset;
      await reloadPresets(client, projectId);
    },
  };
}
