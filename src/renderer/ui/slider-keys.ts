/** Keys a focused slider moves its own value with (the browser's range input, ARIA sliders). */
const SLIDER_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown']);

/**
 * True when `event` goes to a focused slider that moves with it: arrows, Home, End, Page Up/Down
 * (Shift too, which Chromium's range input also accepts; not with Ctrl/Cmd/Alt, which it ignores).
 * The app's shortcuts then leave the key to the slider: without this, Home on a layer's alpha slider
 * sent the timeline's playhead to 0 s instead of setting the alpha to 0.
 *
 * Like isTextEntry it reads tag names and attributes rather than `instanceof`, so it can be tested
 * without a DOM. Letters (K, F) still reach the shortcuts on a slider: it does not use them.
 */
export function sliderTakesKey(
  target: EventTarget | null,
  event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean },
): boolean {
  if (target === null || typeof target !== 'object') return false;
  if (event.ctrlKey || event.metaKey || event.altKey || !SLIDER_KEYS.has(event.key)) return false;
  const element = target as Partial<{ tagName: string; type: string; getAttribute(name: string): string | null }>;
  if (element.tagName === 'INPUT' && (element.type ?? '').toLowerCase() === 'range') return true;
  return typeof element.getAttribute === 'function' && element.getAttribute('role') === 'slider';
}
