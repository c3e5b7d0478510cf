/**
 * "MM:SS:FF" of a frame: scenes last at most ten minutes, so the hours of a full timecode would
 * only take room in the toolbar.
 */
export function sceneTimecode(frame: number, fps: number): string {
  const seconds = Math.floor(frame / fps);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(seconds / 60))}:${pad(seconds % 60)}:${pad(frame - seconds * fps)}`;
}
