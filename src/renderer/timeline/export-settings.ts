import { exportFpsLimit } from '../../shared/api/export-fps';
import type { ExportFormat, ExportSettings, ExportSize } from '../../shared/api/scenes';
import { EXPORT_FORMAT_NAMES } from '../../shared/timeline/export-format-names';

/** The export dialog's choices, as the user sees them; turned into ExportSettings by toSettings. */
export interface ExportForm {
  format: ExportFormat;
  size: 'original' | '1080' | '720' | '512' | 'custom';
  customLongSide: string;
  /** '' = the scene's own rate. */
  fps: string;
  range: 'all' | 'frames';
  startFrame: string;
  endFrame: string;
  quality: 'high' | 'medium' | 'small';
  speed: 'veryfast' | 'medium' | 'slow';
  loop: 'forever' | 'once';
  dither: ExportSettings['dither'];
}

export const DEFAULT_EXPORT_FORM: ExportForm = {
  format: 'mp4',
  size: 'original',
  customLongSide: '1024',
  fps: '',
  range: 'all',
  startFrame: '0',
  endFrame: '',
  quality: 'high',
  speed: 'medium',
  loop: 'forever',
  dither: 'bayer',
};

/** CRF per quality: x264 and VP9 have different scales (VP9's 32 looks like x264's 23). */
const CRF = {
  mp4: { high: 18, medium: 23, small: 28 },
  webm: { high: 24, medium: 32, small: 40 },
} as const;

/** The form as ExportSettings, or the sentence saying which field is wrong. */
export function toSettings(
  form: ExportForm,
  scene: { lastFrame: number; fps: number },
): { settings: ExportSettings } | { problem: string } {
  let size: ExportSize;
  if (form.size === 'custom') {
    const longSide = Number(form.customLongSide);
    if (!Number.isInteger(longSide) || longSide < 16 || longSide > 8192) {
      return { problem: 'The custom size is the long side in pixels, a whole number from 16 to 8192.' };
    }
    size = { longSide };
  } else size = form.size === 'original' ? 'original' : (Number(form.size) as 1080 | 720 | 512);
  const settings: ExportSettings = {
    format: form.format,
    size,
    crf: form.format === 'webm' ? CRF.webm[form.quality] : CRF.mp4[form.quality],
    preset: form.speed,
    loop: form.loop === 'forever' ? 0 : 1,
    dither: form.dither,
  };
  if (form.fps !== '') settings.fps = Number(form.fps);
  const { lastFrame } = scene;
  const limit = exportFpsLimit(form.format);
  if ((settings.fps ?? scene.fps) > limit) {
    return { problem: `${EXPORT_FORMAT_NAMES[form.format]} plays at most ${limit} frames per second.` };
  }
  if (form.range === 'frames') {
    const startFrame = Number(form.startFrame);
    const endFrame = form.endFrame === '' ? lastFrame + 1 : Number(form.endFrame) + 1;
    if (!Number.isInteger(startFrame) || !Number.isInteger(endFrame) || startFrame < 0 || endFrame > lastFrame + 1) {
      return { problem: `The range is whole frames from 0 to ${lastFrame}.` };
    }
    if (endFrame <= startFrame) return { problem: 'The range must end after it starts.' };
    settings.range = { startFrame, endFrame };
  }
  return { settings };
}
