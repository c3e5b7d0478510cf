/**
 * Decoder complaints (libvips through sharp, ffprobe) turned into words for the user: the
 * library's own labels ("VipsJpeg:", "[mov,mp4,m4a @ 0x55d0]") are internal and go, and the
 * failures that mean "the file is cut short or broken" are said plainly as that.
 */

/** libvips loader names ("VipsJpeg: ", "VipsForeignLoad: ") and ffmpeg context tags ("[mov,mp4 @ 0x1f]"). */
const INTERNAL_PREFIX = /(?:^|\s)(?:Vips[A-Za-z]*:|\[[^\]]*@\s*0x[0-9a-f]+\])\s*/g;

/** Phrases of libjpeg, libpng, libwebp, libvips and ffmpeg for a truncated or corrupted file. */
const DAMAGED =
  /premature end|truncated|unexpected end|end of file|corrupt|invalid data found|moov atom not found|not enough data|bad huffman|invalid (?:jpeg|png|chunk)|crc error|read error/i;

/** The message without libraries' internal prefixes, one line, no trailing full stop. */
export function withoutInternalPrefixes(message: string): string {
  return (
    message
      .split('\n')
      .map((line) => line.replace(INTERNAL_PREFIX, ' ').trim())
      .filter(Boolean)
      // libvips repeats its complaint, sometimes after a sharp preamble: keep each one once.
      .filter((line, index, lines) => !lines.slice(0, index).some((earlier) => earlier.includes(line)))
      .join('; ')
      .replace(/\.$/, '')
  );
}

/** True when a decoder's message says the file is cut short or corrupted (not an unknown codec). */
export function saysDamaged(message: string): boolean {
  return DAMAGED.test(message);
}
