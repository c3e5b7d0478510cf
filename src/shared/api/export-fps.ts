import type { ExportFormat } from './scenes';

/** The lowest frame rate an export may have, every format. */
export const MIN_EXPORT_FPS = 1;
/** The highest frame rate an export may have in any format (the exports API's bound). */
export const MAX_EXPORT_FPS = 120;
/**
 * GIF frame delays are whole hundredths of a second and players slow delays under 2/100 s down to
 * 1/10 s, so a 60 fps GIF would play at about a sixth of its speed: 50 is the most that plays right.
 */
export const GIF_MAX_FPS = 50;

/**
 * The highest frame rate an export in `format` may have. The one rule behind the engine's export
 * validation (the API bound and the encoder's GIF check), the CLI's --fps clamp and the export
 * dialog's choices, so none of them can let through what another refuses.
 */
export function exportFpsLimit(format: ExportFormat): number {
  return format === 'gif' ? GIF_MAX_FPS : MAX_EXPORT_FPS;
}

/**
 * Why `fps` cannot be exported as `format`, or null when it can: the one wording of the limit, used
 * by the encoder's GIF check and the export dialog (its message and the reason on the rates it greys
 * out). A GIF over its limit says which rates play exactly; anything else outside 1 to the limit
 * (a video over 120, any format under 1) gets the range.
 */
export function exportFpsProblem(format: ExportFormat, fps: number): string | null {
  const limit = exportFpsLimit(format);
  if (fps >= MIN_EXPORT_FPS && fps <= limit) return null;
  if (format === 'gif' && fps > limit) {
    return `a GIF plays at most ${limit} fps (got ${fps}); 25 and ${limit} fps play exactly`;
  }
  return `the frame rate must be from ${MIN_EXPORT_FPS} to ${limit} fps (got ${fps})`;
}
