import { ARKIT_BLENDSHAPE_NAMES, BLENDSHAPE_COUNT, toPascalCase } from '../arkit-names';
import {
  HEAD_EYE_CHANNELS,
  headEyeGroupIndices,
  RigFormatError,
  type CoefficientTracks,
  type HeadEyeGroup,
} from './coefficient-tracks';
import { formatTimecode, inferTimecodeRate, parseTimecode } from './timecode';

/** Blendshape column order of Live Link Face's CSV (its own order, not ARKit's alphabetical one). */
export const LIVE_LINK_BLENDSHAPE_ORDER = [
  'eyeBlinkLeft', 'eyeLookDownLeft', 'eyeLookInLeft', 'eyeLookOutLeft', 'eyeLookUpLeft', 'eyeSquintLeft', 'eyeWideLeft',
  'eyeBlinkRight', 'eyeLookDownRight', 'eyeLookInRight', 'eyeLookOutRight', 'eyeLookUpRight', 'eyeSquintRight', 'eyeWideRight',
  'jawForward', 'jawRight', 'jawLeft', 'jawOpen', 'mouthClose', 'mouthFunnel', 'mouthPucker', 'mouthRight', 'mouthLeft',
  'mouthSmileLeft', 'mouthSmileRight', 'mouthFrownLeft', 'mouthFrownRight', 'mouthDimpleLeft', 'mouthDimpleRight',
  'mouthStretchLeft', 'mouthStretchRight', 'mouthRollLower', 'mouthRollUpper', 'mouthShrugLower', 'mouthShrugUpper',
  'mouthPressLeft', 'mouthPressRight', 'mouthLowerDownLeft', 'mouthLowerDownRight', 'mouthUpperUpLeft', 'mouthUpperUpRight',
  'browDownLeft', 'browDownRight', 'browInnerUp', 'browOuterUpLeft', 'browOuterUpRight', 'cheekPuff', 'cheekSquintLeft',
  'cheekSquintRight', 'noseSneerLeft', 'noseSneerRight', 'tongueOut',
] as const satisfies readonly (typeof ARKIT_BLENDSHAPE_NAMES)[number][]; // prettier-ignore

export interface LiveLinkImport {
  tracks: CoefficientTracks;
  /** where tracks.fps came from: given by the caller, read from the timecodes, or the default */
  fpsSource: 'given' | 'timecodes' | 'default';
  /** columns the importer did not recognise (ignored) */
  ignoredColumns: string[];
  /** how many blendshape values lay outside [0, 1] and were clamped */
  clampedValues: number;
}

function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r?\n/);
}

/** Live Link Face records at 60 fps unless set otherwise: the rate assumed when the file cannot tell. */
export const LIVE_LINK_DEFAULT_FPS = 60;

/**
 * Parses a Live Link Face CSV (Timecode, BlendShapeCount, 52 PascalCase blendshape columns,
 * optionally the 3 head and/or the 6 eye rotation columns, each group all or nothing) into
 * coefficient tracks. Columns are matched by
 * name, so any order works. The file has no rate column: without `fps` the rate is read from the
 * timecodes' frame field (inferTimecodeRate), else LIVE_LINK_DEFAULT_FPS. The whole file is
 * validated before anything is returned; the first problem throws a RigFormatError naming the line.
 */
export function parseLiveLinkCsv(text: string, options: { fps?: number } = {}): LiveLinkImport {
  const lines = splitLines(text);
  const inferred =
    options.fps === undefined
      ? inferTimecodeRate(
          lines
            .slice(1)
            .filter((l) => l.trim() !== '')
            .map((l) => l.split(',')[0]!),
        )
      : null;
  const fps = options.fps ?? inferred ?? LIVE_LINK_DEFAULT_FPS;
  const fpsSource = options.fps !== undefined ? 'given' : inferred !== null ? 'timecodes' : 'default';
  if (!(fps > 0 && Number.isFinite(fps))) throw new RigFormatError(`fps must be a positive number, got ${fps}`);
  const headerLine = lines[0] ?? '';
  if (headerLine.trim() === '') throw new RigFormatError('the file is empty; expected a Live Link Face header', 1);
  const header = headerLine.split(',').map((h) => h.trim());
  if (header[0]?.toLowerCase() !== 'timecode') {
    throw new RigFormatError(`first column must be Timecode, found '${header[0]}'`, 1);
  }
  if (header[1]?.toLowerCase() !== 'blendshapecount') {
    throw new RigFormatError(`second column must be BlendShapeCount, found '${header[1] ?? ''}'`, 1);
  }
  const columnOfShape = new Int32Array(BLENDSHAPE_COUNT).fill(-1);
  const columnOfChannel = new Int32Array(HEAD_EYE_CHANNELS.length).fill(-1);
  const shapeByPascal = new Map<string, number>(
    ARKIT_BLENDSHAPE_NAMES.map((n, k) => [toPascalCase(n).toLowerCase(), k]),
  );
  const channelByName = new Map<string, number>(HEAD_EYE_CHANNELS.map((n, k) => [n.toLowerCase(), k]));
  const ignoredColumns: string[] = [];
  for (let c = 2; c < header.length; c++) {
    const key = header[c]!.toLowerCase();
    const shape = shapeByPascal.get(key);
    const channel = channelByName.get(key);
    const target = shape !== undefined ? columnOfShape : channel !== undefined ? columnOfChannel : null;
    const index = shape ?? channel ?? -1;
    if (!target) {
      ignoredColumns.push(header[c]!);
      continue;
    }
    if (target[index] !== -1) throw new RigFormatError(`column '${header[c]}' appears twice`, 1);
    target[index] = c;
  }
  const missing = ARKIT_BLENDSHAPE_NAMES.filter((_, k) => columnOfShape[k] === -1).map(toPascalCase);
  if (missing.length > 0) throw new RigFormatError(`missing blendshape column(s): ${missing.join(', ')}`, 1);
  // Head and eye columns are separate groups: a capture may have one without the other, but a
  // group with some of its columns is broken.
  const present = (group: HeadEyeGroup): boolean => {
    const indices = headEyeGroupIndices(group);
    const absent = indices.filter((c) => columnOfChannel[c] === -1).map((c) => HEAD_EYE_CHANNELS[c]!);
    if (absent.length === 0) return true;
    if (absent.length === indices.length) return false;
    throw new RigFormatError(
      `${group === 'head' ? 'head' : 'eye'} columns incomplete, missing: ${absent.join(', ')}`,
      1,
    );
  };
  const hasHead = present('head');
  const hasEyes = present('eyes');
  const missingAngles: HeadEyeGroup | undefined =
    hasHead && !hasEyes ? 'eyes' : hasEyes && !hasHead ? 'head' : undefined;

  // Data rows: blank lines (typically the trailing newline) are skipped.
  const rows: { line: number; cells: string[] }[] = [];
  for (let l = 1; l < lines.length; l++) {
    if (lines[l]!.trim() === '') continue;
    rows.push({ line: l + 1, cells: lines[l]!.split(',') });
  }
  if (rows.length === 0) throw new RigFormatError('the file has a header but no data rows', 2);

  const frameCount = rows.length;
  const absoluteTimes = new Float64Array(frameCount);
  const coefficients = new Float32Array(frameCount * BLENDSHAPE_COUNT);
  const headAndEyes = hasHead || hasEyes ? new Float32Array(frameCount * HEAD_EYE_CHANNELS.length) : null;
  let clampedValues = 0;
  const numberAt = (cells: string[], column: number, line: number): number => {
    const raw = cells[column]!.trim();
    const value = raw === '' ? NaN : Number(raw);
    if (!Number.isFinite(value)) throw new RigFormatError(`${header[column]} value '${raw}' is not a number`, line);
    return value;
  };
  rows.forEach(({ line, cells }, frame) => {
    if (cells.length !== header.length) {
      throw new RigFormatError(`expected ${header.length} columns, found ${cells.length}`, line);
    }
    absoluteTimes[frame] = parseTimecode(cells[0]!, fps, line);
    if (frame > 0 && absoluteTimes[frame]! < absoluteTimes[frame - 1]!) {
      throw new RigFormatError(`timecode ${cells[0]!.trim()} is earlier than the previous row's`, line);
    }
    const count = numberAt(cells, 1, line);
    if (count !== header.length - 2) {
      throw new RigFormatError(
        `BlendShapeCount is ${count} but the header has ${header.length - 2} value columns`,
        line,
      );
    }
    for (let k = 0; k < BLENDSHAPE_COUNT; k++) {
      const value = numberAt(cells, columnOfShape[k]!, line);
      const clamped = Math.min(1, Math.max(0, value));
      if (clamped !== value) clampedValues++;
      coefficients[frame * BLENDSHAPE_COUNT + k] = clamped;
    }
    if (headAndEyes) {
      for (let k = 0; k < HEAD_EYE_CHANNELS.length; k++) {
        // a group the file lacks stays 0 (missingAngles says so)
        if (columnOfChannel[k] !== -1) {
          headAndEyes[frame * HEAD_EYE_CHANNELS.length + k] = numberAt(cells, columnOfChannel[k]!, line);
        }
      }
    }
  });
  const startSeconds = absoluteTimes[0]!;
  const times = absoluteTimes.map((t) => t - startSeconds);
  return {
    tracks: {
      fps,
      frameCount,
      times,
      startSeconds,
      coefficients,
      headAndEyes,
      ...(missingAngles ? { missingAngles } : {}),
    },
    fpsSource,
    ignoredColumns,
    clampedValues,
  };
}

/** Header row of the CSV this module writes (Live Link Face's own column order). */
export function liveLinkHeader(): string {
  return ['Timecode', 'BlendShapeCount', ...LIVE_LINK_BLENDSHAPE_ORDER.map(toPascalCase), ...HEAD_EYE_CHANNELS].join(
    ',',
  );
}

/**
 * Writes tracks as a Live Link Face CSV: 63 columns, BlendShapeCount 61, head/eye columns 0 when
 * the tracks have none. Values keep 6 decimals; timecodes are start + frame time at tracks.fps.
 */
export function serializeLiveLinkCsv(tracks: CoefficientTracks): string {
  const index = new Map<string, number>(ARKIT_BLENDSHAPE_NAMES.map((n, k) => [n, k]));
  const order = LIVE_LINK_BLENDSHAPE_ORDER.map((n) => index.get(n)!);
  const channels = HEAD_EYE_CHANNELS.length;
  const lines = [liveLinkHeader()];
  for (let frame = 0; frame < tracks.frameCount; frame++) {
    const cells: string[] = [
      formatTimecode(tracks.startSeconds + tracks.times[frame]!, tracks.fps),
      String(BLENDSHAPE_COUNT + channels),
    ];
    for (const k of order) cells.push(formatValue(tracks.coefficients[frame * BLENDSHAPE_COUNT + k]!));
    for (let c = 0; c < channels; c++) cells.push(formatValue(tracks.headAndEyes?.[frame * channels + c] ?? 0));
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}

function formatValue(value: number): string {
  // Fixed 6 decimals, trailing zeros trimmed: compact and exact to Float32 precision of [0, 1] data.
  const text = value.toFixed(6).replace(/\.?0+$/, '');
  return text === '-0' ? '0' : text;
}
