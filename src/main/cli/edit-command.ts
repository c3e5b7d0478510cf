import { ApiError, type Asset } from '../../shared/api';
import {
  BUILT_IN_PRESETS,
  presetCoefficients,
  coefficientsToRecord,
  isArkitBlendshapeName,
  type ArkitBlendshapeName,
} from '../../shared/rig';
import type { Engine } from '../engine/engine';
import { UsageError } from './cli-io';
import type { CommandContext } from './commands';
import { formatLimitedAngles, formatOutOfRange } from './format';
import { numberInRange } from './number-flags';
import { checkOutPath } from './out-path';
import { writePng } from './write-png';

export interface EditFlags {
  out?: string;
  preset?: string;
  set?: string;
  pose?: string;
  size?: string;
}

const POSE_AXES = { yaw: 'yawDeg', pitch: 'pitchDeg', roll: 'rollDeg' } as const;

/** "a=1,b=0.5" -> pairs; every value must be a finite number. */
function parseAssignments(text: string, flag: string): Array<[string, number]> {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const [name, value, ...rest] = part.split('=');
      const number = Number(value);
      if (!name || value === undefined || rest.length > 0 || value.trim() === '' || !Number.isFinite(number)) {
        throw new UsageError(`${flag} expects name=number pairs separated by commas, got "${part}"`);
      }
      return [name.trim(), number];
    });
}

/** The coefficients and head the command line asks for, on top of the photo's own fit. */
export function editedRig(
  fitted: {
    coefficients: Record<ArkitBlendshapeName, number>;
    head: { yawDeg: number; pitchDeg: number; rollDeg: number };
  },
  flags: EditFlags,
): { coefficients: Record<ArkitBlendshapeName, number>; head: { yawDeg: number; pitchDeg: number; rollDeg: number } } {
  const coefficients = { ...fitted.coefficients };
  if (flags.preset !== undefined) {
    const preset = BUILT_IN_PRESETS.find((p) => p.id.toLowerCase() === flags.preset!.toLowerCase());
    if (!preset) {
      throw new UsageError(
        `--preset must be one of ${BUILT_IN_PRESETS.map((p) => p.id).join(', ')}, got "${flags.preset}"`,
      );
    }
    Object.assign(coefficients, presetCoefficients(coefficients, preset.coefficients));
  }
  for (const [name, value] of parseAssignments(flags.set ?? '', '--set')) {
    if (!isArkitBlendshapeName(name)) throw new UsageError(`--set: "${name}" is not an ARKit blendshape name`);
    coefficients[name] = value;
  }
  const head = { ...fitted.head };
  for (const [name, value] of parseAssignments(flags.pose ?? '', '--pose')) {
    const axis = POSE_AXES[name as keyof typeof POSE_AXES];
    if (!axis) throw new UsageError(`--pose takes yaw, pitch and roll (degrees), got "${name}"`);
    head[axis] = value;
  }
  return { coefficients, head };
}

/**
 * `edit PORTRAIT --out OUT.png`: imports the photo, waits for its face analysis, fits the rig,
 * applies the preset, --set and --pose, saves that rig state and renders the whole photo at full
 * resolution (or at --size on its long side).
 */
export async function runEdit(
  context: CommandContext & { engine: Pick<Engine, 'renderPortrait'> },
  file: string,
  flags: EditFlags,
  importPortrait: (projectId: string, file: string) => Promise<Asset>,
): Promise<void> {
  if (!flags.out) throw new UsageError('edit needs --out <file.png>');
  if (!flags.out.toLowerCase().endsWith('.png'))
    throw new UsageError(`--out must name a .png file, got "${flags.out}"`);
  checkOutPath(flags.out, 'file');
  const size =
    flags.size === undefined
      ? null
      : numberInRange(flags.size, '--size', { min: 16, max: 16384, whole: true }, context.io.err);
  // Flags are checked before anything is imported: a typo costs nothing.
  editedRig(
    { coefficients: coefficientsToRecord(new Float32Array(52)), head: { yawDeg: 0, pitchDeg: 0, rollDeg: 0 } },
    flags,
  );
  const { engine, io } = context;
  const project = (await engine.handle('projects.create', { name: 'mien edit' })) as { id: string };
  const asset = await importPortrait(project.id, file);
  const state = (await engine.handle('rig.get', { assetId: asset.id })) as {
    fit: unknown;
    fitMissingReason: string | null;
    coefficients: Record<ArkitBlendshapeName, number>;
    head: { yawDeg: number; pitchDeg: number; rollDeg: number };
  };
  if (!state.fit) throw new ApiError('invalid_request', `${file}: ${state.fitMissingReason ?? 'no face was fitted'}`);
  const wanted = editedRig(state, flags);
  const saved = (await engine.handle('rig.setCoefficients', {
    assetId: asset.id,
    coefficients: wanted.coefficients,
    head: wanted.head,
  })) as { clamped: Array<{ name: string; given: number; used: number }> };
  for (const c of saved.clamped) io.err(formatOutOfRange(c.name, c.given, c.used));
  const rendered = await engine.renderPortrait(asset.id, { size: { kind: 'full' }, encode: 'png' });
  const { report } = rendered;
  const written = await writePng(flags.out, rendered.bytes, size);
  for (const line of formatLimitedAngles(report.capped)) io.err(line);
  const summary = { out: flags.out, ...written, assetId: asset.id, report, clamped: saved.clamped };
  if (context.json) io.out(JSON.stringify(summary, null, 2));
  else io.out(`${flags.out}: ${written.width}x${written.height}, rendered in ${report.renderMs.toFixed(0)} ms`);
}
