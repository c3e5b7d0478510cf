import { ApiError } from '../../../shared/api';
import type { TrackSetSourceKind } from '../../../shared/api/tracks';
import { parseBlendshapeJson, parseLiveLinkCsv, RigFormatError } from '../../../shared/rig';
import { fromCoefficientTracks, type TrackSetData } from './track-set-data';

export interface ParsedTrackFile {
  format: Exclude<TrackSetSourceKind, 'video'>;
  data: TrackSetData;
  ignoredColumns: string[];
  clampedValues: number;
}

/** Largest accepted track file: a 10-minute 60 fps Live Link capture is about 15 MB. */
export const MAX_TRACK_FILE_BYTES = 64 * 1024 * 1024;
/** MediaPipe blendshape dumps carry timestamps only sometimes; without them frames are taken to be at this rate. */
const BLENDSHAPE_JSON_DEFAULT_FPS = 30;

/**
 * Reads a Live Link Face CSV or a MediaPipe blendshape JSON, told apart by content (a JSON file
 * starts with '[' or '{'), with the shared parsers (src/shared/rig/formats). Their RigFormatError,
 * which names the line (CSV) or frame (JSON), becomes an invalid_request carrying that message.
 */
export function parseTrackFile(fileName: string, bytes: Uint8Array, fps?: number): ParsedTrackFile {
  if (bytes.byteLength > MAX_TRACK_FILE_BYTES) {
    throw new ApiError(
      'invalid_request',
      `${fileName} is larger than the ${MAX_TRACK_FILE_BYTES / 1024 / 1024} MB Mien reads as a track file.`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError(
      'invalid_request',
      `${fileName} is not a text file; expected a Live Link Face CSV or a blendshape JSON.`,
    );
  }
  const first = text.replace(/^\uFEFF/, '').trimStart()[0];
  const format = first === '[' || first === '{' ? 'blendshape-json' : 'live-link-csv';
  try {
    if (format === 'blendshape-json') {
      const tracks = parseBlendshapeJson(text, { fps: fps ?? BLENDSHAPE_JSON_DEFAULT_FPS });
      return { format, data: fromCoefficientTracks(tracks), ignoredColumns: [], clampedValues: 0 };
    }
    // Without a given rate the parser reads it from the timecodes (a 25 fps capture counts frames 0-24).
    const parsed = parseLiveLinkCsv(text, fps === undefined ? {} : { fps });
    return {
      format,
      data: fromCoefficientTracks(parsed.tracks),
      ignoredColumns: parsed.ignoredColumns,
      clampedValues: parsed.clampedValues,
    };
  } catch (error) {
    if (error instanceof RigFormatError) {
      const kind = format === 'blendshape-json' ? 'blendshape JSON' : 'Live Link Face CSV';
      throw new ApiError('invalid_request', `${fileName} is not a valid ${kind}: ${error.message}`, {
        fileName,
        format,
        ...(error.line === undefined ? {} : { line: error.line }),
      });
    }
    throw error;
  }
}
