import { BUILT_IN_PRESETS } from './presets';

/** Two preset names are the same name when they differ only in case or surrounding spaces. */
export const presetNameKey = (name: string): string => name.trim().toLowerCase();

/**
 * Why a user preset cannot be saved as `name`, or null when it can: a built-in expression's name
 * ("Smile") or another preset of the project would give two buttons that read the same. The rig
 * panel checks this as the name is typed and the engine (RigPresetsRepo.create) refuses the same.
 */
export function presetNameProblem(name: string, existingNames: readonly string[]): string | null {
  const key = presetNameKey(name);
  if (key.length === 0) return 'A preset needs a name.';
  const builtIn = BUILT_IN_PRESETS.find((preset) => presetNameKey(preset.label) === key);
  if (builtIn) return `“${builtIn.label}” is a built-in expression; choose another name.`;
  const taken = existingNames.find((existing) => presetNameKey(existing) === key);
  if (taken !== undefined) return `There is already a preset named “${taken}”.`;
  return null;
}

/**
 * `name`, or "name (2)", "name (3)", ... when that one cannot be saved: what undoing "delete preset"
 * saves under, so a preset from before names were checked ("Smile", or "grin" beside "Grin") comes
 * back instead of making the undo fail for good (a failed undo blocks every older step).
 */
export function freePresetName(name: string, existingNames: readonly string[]): string {
  if (presetNameProblem(name, existingNames) === null) return name;
  const base = name.trim() || 'Preset';
  for (let n = 2; ; n++) {
    const candidate = `${base} (${n})`;
    if (presetNameProblem(candidate, existingNames) === null) return candidate;
  }
}
