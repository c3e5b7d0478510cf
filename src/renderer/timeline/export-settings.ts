import { exportFpsProblem } from '../../shared/api/export-fps';
import type { ExportFormat, ExportSettings, ExportSize } from '../../shared/api/scenes';

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

/** The dialog's frame rates besides the scene's own (''). */
export const EXPORT_FPS_CHOICES = ['12', '15', '24', '25', '30', '50', '60'] as const;

/** "a GIF plays at most…" as the dialog's sentence. */
const sentence = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;

/**
 * Why the frame-rate choice `fps` ('' = the scene's own) cannot be exported as `format`, as a
 * sentence (the shared rule, exportFpsProblem), or null when it can.
 */
export function fpsChoiceProblem(format: ExportFormat, fps: string, sceneFps: number): string | null {
  const problem = exportFpsProblem(format, fps === '' ? sceneFps : Number(fps));
  return problem === null ? null : sentence(problem);
}

/**
 * The form with a frame rate its format can play: its own choice when allowed, else the highest
 * choice that is (a 60 fps scene as a GIF: 50), so the dialog never starts on a greyed-out rate.
 */
export function withPlayableFps(form: ExportForm, sceneFps: number): ExportForm {
  if (fpsChoiceProblem(form.format, form.fps, sceneFps) === null) return form;
  const playable = EXPORT_FPS_CHOICES.filter((fps) => fpsChoiceProblem(form.format, fps, sceneFps) === null);
  const highest = playable.at(-1);
  return highest === undefined ? form : { ...form, fps: highest };
}

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
  const fpsProblem = fpsChoiceProblem(form.format, form.fps, scene.fps);
  if (fpsProblem !== null) return { problem: fpsProblem };
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
