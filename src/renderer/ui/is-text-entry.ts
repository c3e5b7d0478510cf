/** Input types that take no typed text: a letter pressed on them is free for the app's shortcuts. */
const NON_TEXT_INPUT_TYPES = new Set([
  'button',
  'checkbox',
  'color',
  'file',
  'hidden',
  'image',
  'radio',
  'range',
  'reset',
  'submit',
]);

/**
 * True when a key press goes to a control that consumes typed characters (text fields, text areas,
 * editable content, and selects, which jump to the option typed), so the app's shortcuts (single
 * letters, undo/redo) must leave it alone. Sliders, checkboxes and buttons are not text entry:
 * shortcuts keep working while one of them has focus.
 *
 * Reads tag names rather than `instanceof HTMLInputElement` so it also answers for elements of
 * other documents (iframes) and can be tested without a DOM.
 */
export function isTextEntry(target: EventTarget | null): boolean {
  if (target === null || typeof target !== 'object') return false;
  const element = target as Partial<{ tagName: string; type: string; isContentEditable: boolean }>;
  if (element.isContentEditable === true) return true;
  switch (element.tagName) {
    case 'TEXTAREA':
    case 'SELECT':
      return true;
    case 'INPUT':
      return !NON_TEXT_INPUT_TYPES.has((element.type ?? 'text').toLowerCase());
    default:
      return false;
  }
}
