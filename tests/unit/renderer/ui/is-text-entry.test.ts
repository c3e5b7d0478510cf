import { describe, expect, it } from 'vitest';
import { isTextEntry } from '../../../../src/renderer/ui/is-text-entry';

// Plain objects shaped like DOM elements: the check reads tag names, so no DOM is needed.
const element = (tagName: string, extra: Record<string, unknown> = {}) =>
  ({ tagName, isContentEditable: false, ...extra }) as unknown as EventTarget;
const input = (type: string) => element('INPUT', { type });

describe('isTextEntry', () => {
  it('is true for controls that take typed characters', () => {
    for (const type of ['text', 'search', 'email', 'url', 'tel', 'password', 'number', 'date']) {
      expect(isTextEntry(input(type)), type).toBe(true);
    }
    expect(isTextEntry(element('INPUT'))).toBe(true); // no type attribute means text
    expect(isTextEntry(element('TEXTAREA'))).toBe(true);
    expect(isTextEntry(element('SELECT'))).toBe(true); // typing jumps to an option
    expect(isTextEntry(element('DIV', { isContentEditable: true }))).toBe(true);
  });

  it('is false for sliders, checkboxes, buttons and plain elements, so shortcuts still fire there', () => {
    for (const type of ['range', 'checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'color', 'image']) {
      expect(isTextEntry(input(type)), type).toBe(false);
    }
    expect(isTextEntry(input('RANGE'))).toBe(false);
    expect(isTextEntry(element('BUTTON'))).toBe(false);
    expect(isTextEntry(element('DIV'))).toBe(false);
    expect(isTextEntry(element('BODY'))).toBe(false);
  });

  it('is false for targets that are not elements', () => {
    expect(isTextEntry(null)).toBe(false);
    expect(isTextEntry({} as EventTarget)).toBe(false); // window, document
  });
});
