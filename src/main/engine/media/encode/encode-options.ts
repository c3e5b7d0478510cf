/**
 * Export formats and the ffmpeg arguments each one needs. Input is always raw RGBA frames on
 * stdin (`-f rawvideo -pix_fmt rgba`), so no frame ever touches the disk as an image file.
 */
import { exportFpsProblem } from '../../../../shared/api/export-fps';

export type ExportFormat = 'mp4' | 'webm' | 'gif' | 'png';

export const X264_PRESETS = [
  'ultrafast',
  'superfast',
  'veryfast',
  'faster',
  'fast',
  'medium',
  'slow',
  'slower',
  'veryslow',
] as const;
export type X264Preset = (typeof X264_PRESETS)[number];

export interface EncodeOptions {
  format: ExportFormat;
  /** Size of the frames written (RGBA, width * height * 4 bytes each). */
  width: number;
  height: number;
  fps: number;
  /** Output file (mp4, webm, gif) or folder (png: frame_00000.png, ...). */
  outPath: string;
  /** Quality for mp4 (x264, 0–51, default 18) and webm (VP9, 0–63, default 32). */
  crf?: number;
  /** x264 speed preset (mp4), default 'medium'. */
  preset?: X264Preset;
  /** GIF loops: 0 = forever (default), n = play n + 1 times, -1 = play once. */
  loop?: number;
  /** GIF dithering (ffmpeg paletteuse), default 'bayer' (ordered: no shimmer in motion); 'none' for flat art. */
  dither?: 'sierra2_4a' | 'floyd_steinberg' | 'bayer' | 'none';
}

/** Size the output will have: H.264 and VP9 in yuv420p need even dimensions (cropped by one pixel). */
export function outputSize(options: Pick<EncodeOptions, 'format' | 'width' | 'height'>): {
  width: number;
  height: number;
} {
  if (options.format === 'mp4' || options.format === 'webm') {
    return { width: options.width & ~1, height: options.height & ~1 };
  }
  return { width: options.width, height: options.height };
}

export const PNG_FRAME_PATTERN = 'frame_%05d.png';

export function validateEncodeOptions(options: EncodeOptions): void {
  const problems: string[] = [];
  const positiveInt = (name: string, value: number, max: number) => {
    if (!Number.isInteger(value) || value < 1 || value > max)
      problems.push(`${name} must be a whole number from 1 to ${max} (got ${value})`);
  };
  positiveInt('width', options.width, 16384);
  positiveInt('height', options.height, 16384);
  if (!(options.fps > 0 && options.fps <= 240)) problems.push(`fps must be in (0, 240] (got ${options.fps})`);
  const { width, height } = outputSize(options);
  if (width < 2 || height < 2)
    problems.push(`${options.format} needs frames at least 2x2 (got ${options.width}x${options.height})`);
  // A GIF's limit is the shared export rule (the CLI's --fps clamp and the export dialog use it
  // too). Other formats are bounded only by the check above here: a retargeted video keeps its
  // driver's rate, and the exports API bounds exports (MAX_EXPORT_FPS, the same module).
  const gifProblem = options.format === 'gif' && options.fps > 0 ? exportFpsProblem('gif', options.fps) : null;
  if (gifProblem) problems.push(gifProblem);
  if (options.crf !== undefined) {
    const max = options.format === 'webm' ? 63 : 51;
    if (!Number.isInteger(options.crf) || options.crf < 0 || options.crf > max)
      problems.push(`crf must be 0–${max} for ${options.format}`);
  }
  if (options.preset !== undefined && !X264_PRESETS.includes(options.preset))
    problems.push(`unknown x264 preset ${options.preset}`);
  if (options.loop !== undefined && (!Number.isInteger(options.loop) || options.loop < -1 || options.loop > 65535)) {
    problems.push('loop must be -1 (once), 0 (forever) or a repeat count up to 65535');
  }
  if (problems.length > 0) throw new Error(`Invalid export settings: ${problems.join('; ')}.`);
}

/** The full ffmpeg argument list; `output` is the file, or the frame pattern for png. */
export function ffmpegArgs(options: EncodeOptions, output: string): string[] {
  const input = [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    '-y',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgba',
    '-s',
    `${options.width}x${options.height}`,
    '-framerate',
    String(options.fps),
    '-i',
    'pipe:0',
  ];
  const { width, height } = outputSize(options);
  const crop = width !== options.width || height !== options.height ? `crop=${width}:${height}:0:0,` : '';
  // RGB to BT.709 limited-range YUV, tagged so players convert back with the same matrix.
  const toYuv = `${crop}scale=out_color_matrix=bt709:out_range=tv,format=yuv420p`;
  const tags = ['-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709', '-color_range', 'tv'];
  switch (options.format) {
    case 'mp4':
      return [
        ...input,
        '-vf',
        toYuv,
        '-c:v',
        'libx264',
        '-preset',
        options.preset ?? 'medium',
        '-crf',
        String(options.crf ?? 18),
        ...tags,
        '-movflags',
        '+faststart',
        '-f',
        'mp4',
        output,
      ];
    case 'webm':
      return [
        ...input,
        '-vf',
        toYuv,
        '-c:v',
        'libvpx-vp9',
        '-crf',
        String(options.crf ?? 32),
        '-b:v',
        '0',
        '-deadline',
        'good',
        '-cpu-used',
        '4',
        '-row-mt',
        '1',
        ...tags,
        '-f',
        'webm',
        output,
      ];
    case 'gif':
      // One palette for the whole clip (palettegen sees every frame before paletteuse runs), so
      // colours do not flicker between frames; see docs/timeline.md for the sharp comparison.
      // diff_mode=rectangle re-dithers only the rectangle that changed, so a portrait whose face
      // moves while the rest stays still keeps its still pixels identical: 36% smaller and faster
      // on such a clip (854 KB vs 1341 KB, 512x512, 90 frames), the same on a full-frame pan.
      // Ordered (Bayer) dithering by default: an error-diffusion dither (Sierra) spreads each frame's
      // error differently, so a face that moves even slightly shimmers with speckle; Bayer's pattern
      // is fixed to the pixel. Measured on a 512x512, 90-frame `mien animate` of the astronaut,
      // against the MP4 it was made from: mean frame-to-frame change in the face 1.45 (Sierra) vs
      // 0.24 (Bayer scale 3; the MP4's own motion is 0.24), PSNR 34.7 vs 35.6 dB, 7.81 vs 7.07 MB.
      return [
        ...input,
        '-filter_complex',
        `[0:v]split[a][b];[a]palettegen=stats_mode=full:reserve_transparent=0[p];[b][p]paletteuse=dither=${ditherArgument(options.dither ?? 'bayer')}:diff_mode=rectangle`,
        '-loop',
        String(options.loop ?? 0),
        '-f',
        'gif',
        output,
      ];
    case 'png':
      return [...input, '-c:v', 'png', '-pix_fmt', 'rgba', '-start_number', '0', '-f', 'image2', output];
  }
}

/** paletteuse's dither option: Bayer at scale 3 (ffmpeg's 2 shows a coarser cross-hatch on skin). */
function ditherArgument(dither: NonNullable<EncodeOptions['dither']>): string {
  return dither === 'bayer' ? 'bayer:bayer_scale=3' : dither;
}
