import { describe, expect, it } from 'vitest';
import { chordMatches, groupShortcuts, type KeyPress } from '../../../../src/renderer/ui/shortcut-keys';

const press = (key: string, modifiers: Partial<Omit<KeyPress, 'key'>> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...modifiers,
});

describe('chordMatches', () => {
  it('matches letters case-blind, with exactly the chord’s modifiers', () => {
    expect(chordMatches(['R'], press('r'))).toBe(true);
    expect(chordMatches(['R'], press('R', { shiftKey: true }))).toBe(false);
    expect(chordMatches(['R'], press('r', { ctrlKey: true }))).toBe(false);
    expect(chordMatches(['Mod', 'I'], press('i', { ctrlKey: true }))).toBe(true);
    expect(chordMatches(['Mod', 'I'], press('i', { metaKey: true }))).toBe(true);
    expect(chordMatches(['Mod', 'I'], press('i'))).toBe(false);
  });

  it('matches named keys and arrows, Shift included', () => {
    expect(chordMatches(['Space'], press(' '))).toBe(true);
    expect(chordMatches(['→'], press('ArrowRight'))).toBe(true);
    expect(chordMatches(['→'], press('ArrowRight', { shiftKey: true }))).toBe(false);
    expect(chordMatches(['Shift', '←'], press('ArrowLeft', { shiftKey: true }))).toBe(true);
    expect(chordMatches(['Esc'], press('Escape'))).toBe(true);
  });

  it('ignores the Shift a layout needs to type a symbol', () => {
    expect(chordMatches(['?'], press('?', { shiftKey: true }))).toBe(true);
    expect(chordMatches(['?'], press('?'))).toBe(true);
    expect(chordMatches(['?'], press('?', { ctrlKey: true }))).toBe(false);
  });

  it('matches the timeline’s named keys (Home, End, Delete, Backspace)', () => {
    expect(chordMatches(['Home'], press('Home'))).toBe(true);
    expect(chordMatches(['End'], press('End'))).toBe(true);
    expect(chordMatches(['Delete'], press('Delete'))).toBe(true);
    expect(chordMatches(['Backspace'], press('Backspace'))).toBe(true);
    expect(chordMatches(['Delete'], press('Delete', { shiftKey: true }))).toBe(false);
  });

  it('never matches a pointer gesture token', () => {
    expect(chordMatches(['Double-click'], press('d'))).toBe(false);
  });
});

describe('groupShortcuts', () => {
  it('groups by scope in the sheet’s order, keeping registration order inside a scope', () => {
    const groups = groupShortcuts([
      { id: 'video.play', scope: 'Video', action: 'Play or pause', keys: [['Space']] },
      { id: 'general.help', scope: 'General', action: 'Show keyboard shortcuts', keys: [['?']] },
      { id: 'video.step', scope: 'Video', action: 'Step one frame', keys: [['→']] },
    ]);
    expect(groups.map((group) => group.scope)).toEqual(['General', 'Video']);
    expect(groups[1]!.shortcuts.map((shortcut) => shortcut.id)).toEqual(['video.play', 'video.step']);
  });
});
