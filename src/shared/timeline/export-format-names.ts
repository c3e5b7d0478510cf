import type { ExportFormat } from '../api/scenes';

/**
 * Each export format's name as the user reads it, the same in the export menu, the job title
 * ("Export Scene 1 (WebM)") and the renders list, so one format never shows two spellings.
 */
export const EXPORT_FORMAT_NAMES: Readonly<Record<ExportFormat, string>> = {
  mp4: 'MP4',
  gif: 'GIF',
  webm: 'WebM',
  png: 'PNG sequence',
};

/** The codec the menu adds after a video format's name ("MP4 (H.264)"). */
const CODECS: Partial<Record<ExportFormat, string>> = { mp4: 'H.264', webm: 'VP9' };

/** The export menu's label: the format's name, with its codec for video formats. */
export function exportFormatMenuLabel(format: ExportFormat): string {
  const codec = CODECS[format];
  return codec ? `${EXPORT_FORMAT_NAMES[format]} (${codec})` : EXPORT_FORMAT_NAMES[format];
}
