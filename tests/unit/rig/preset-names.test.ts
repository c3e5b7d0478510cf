import { describe, expect, it } from 'vitest';
import { freePresetName, presetNameProblem } from '../../../src/shared/rig';

describe('presetNameProblem', () => {
  it("refuses a built-in expression's name, ignoring case and surrounding spaces", () => {
    expect(presetNameProblem('Smile', [])).toBe('“Smile” is a built-in expression; choose another name.');
    expect(presetNameProblem('  open MOUTH ', [])).toBe('“Open mouth” is a built-in expression; choose another name.');
  });

  it("refuses another preset's name the same way, and accepts a new one", () => {
    expect(presetNameProblem('big grin ', ['Big Grin'])).toBe('There is already a preset named “Big Grin”.');
    expect(presetNameProblem('Bigger grin', ['Big Grin'])).toBeNull();
    expect(presetNameProblem('Smile 2', [])).toBeNull();
  });

  it('needs a name', () => {
    expect(presetNameProblem('   ', [])).toBe('A preset needs a name.');
  });
});

describe('freePresetName (what undoing "delete preset" saves under)', () => {
  it('keeps an allowed name and gives a disallowed one the first free numbered variant', () => {
    expect(freePresetName('My smile', ['Grin look'])).toBe('My smile');
    // A preset from before names were checked: a built-in's name, or one differing only in case.
    expect(freePresetName('Smile', [])).toBe('Smile (2)');
    expect(freePresetName('grin look', ['Grin look', 'grin look (2)'])).toBe('grin look (3)');
  });
});
