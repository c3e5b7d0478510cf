import { describe, expect, it } from 'vitest';
import { sliderTakesKey } from '../../../../src/renderer/ui/slider-keys';

const range = { tagName: 'INPUT', type: 'range', getAttribute: () => null } as unknown as EventTarget;
const ariaSlider = { tagName: 'DIV', getAttribute: (name: string) => (name === 'role' ? 'slider' : null) };
const button = { tagName: 'BUTTON', getAttribute: () => null } as unknown as EventTarget;
const key = (name: string, modifiers: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey', boolean>> = {}) => ({
  key: name,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...modifiers,
});

describe('sliderTakesKey', () => {
  it('leaves the keys a focused slider moves with to the slider', () => {
    for (const name of ['Home', 'End', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'PageUp', 'PageDown']) {
      expect(sliderTakesKey(range, key(name)), name).toBe(true);
      expect(sliderTakesKey(ariaSlider as unknown as EventTarget, key(name)), name).toBe(true);
    }
  });

  it('lets other keys, chords with Ctrl/Cmd/Alt and other controls reach the shortcuts', () => {
    expect(sliderTakesKey(range, key('k'))).toBe(false);
    expect(sliderTakesKey(range, key(' '))).toBe(false);
    expect(sliderTakesKey(range, key('z', { ctrlKey: true }))).toBe(false);
    expect(sliderTakesKey(range, key('Home', { metaKey: true }))).toBe(false);
    expect(sliderTakesKey(button, key('Home'))).toBe(false);
    expect(sliderTakesKey(null, key('Home'))).toBe(false);
  });
});
