import { describe, expect, it } from 'vitest';
import { numberInRange } from '../../../src/main/cli/number-flags';
import { parseLayers } from '../../../src/main/cli/transfer-command';
import { animationPlan } from '../../../src/main/cli/animate-command';
import { parseFps, parseSize } from '../../../src/main/cli/export-to-file';
import { validateEncodeOptions } from '../../../src/main/engine/media';
import { ExportSettings, exportFpsLimit } from '../../../src/shared/api';

/** Collects the notes a parse prints. */
function notes(): { lines: string[]; note: (line: string) => void } {
  const lines: string[] = [];
  return { lines, note: (line) => void lines.push(line) };
}

describe('numbers on the command line: out of range is clamped with a note, not a number is refused', () => {
  it('clamps to either end and says so once per value; in range says nothing', () => {
    const { lines, note } = notes();
    expect(numberInRange('0.4', '--idle', { min: 0, max: 3 }, note)).toBe(0.4);
    expect(lines).toEqual([]);
    expect(numberInRange('9', '--idle', { min: 0, max: 3 }, note)).toBe(3);
    expect(numberInRange('-2', '--idle', { min: 0, max: 3 }, note)).toBe(0);
    expect(lines).toEqual(['note: --idle 9 is out of range; used 3', 'note: --idle -2 is out of range; used 0']);
  });

  it('refuses text that is not a number, and a fraction where only whole numbers mean something', () => {
    const { lines, note } = notes();
    expect(() => numberInRange('lots', '--idle', { min: 0, max: 3 }, note)).toThrow(
      '--idle must be a number from 0 to 3, got "lots"',
    );
    expect(() => numberInRange('', '--idle', { min: 0, max: 3 }, note)).toThrow(/must be a number/);
    expect(() => numberInRange('2.5', '--size', { min: 16, max: 64, whole: true }, note)).toThrow(
      '--size must be a whole number from 16 to 64, got "2.5"',
    );
    expect(() => numberInRange('x', '--frame', { min: 0, max: Infinity, whole: true }, note)).toThrow(
      '--frame must be a whole number 0 or more, got "x"',
    );
    expect(lines).toEqual([]);
  });

  it('is the rule of --layers, --size, --idle, --duration and --seed alike', () => {
    const { lines, note } = notes();
    expect(parseLayers('mouth=2,brows=-1,eyes=0.5', note)).toEqual({ mouth: 1, brows: 0, eyes: 0.5 });
    expect(parseSize('10', note)).toEqual({ longSide: 16 });
    expect(animationPlan({ idle: '7', duration: '900', seed: '-1' }, note)).toMatchObject({
      idle: 3,
      duration: 600,
      seed: 0,
    });
    expect(lines).toEqual([
      'note: --layers mouth 2 is out of range; used 1',
      'note: --layers brows -1 is out of range; used 0',
      'note: --size 10 is out of range; used 16',
      'note: --duration 900 is out of range; used 600',
      'note: --idle 7 is out of range; used 3',
      'note: --seed -1 is out of range; used 0',
    ]);
    expect(() => parseLayers('mouth=much', note)).toThrow('--layers mouth must be a number from 0 to 1, got "much"');
  });

  it("clamps --fps to the format's limit, the limit the engine validates with", () => {
    const { lines, note } = notes();
    expect(parseFps('80', 'gif', note)).toBe(50);
    expect(parseFps('80', 'mp4', note)).toBe(80);
    expect(parseFps('500', 'webm', note)).toBe(120);
    expect(parseFps('0', 'png', note)).toBe(1);
    expect(lines).toEqual([
      'note: --fps 80 is out of range; used 50',
      'note: --fps 500 is out of range; used 120',
      'note: --fps 0 is out of range; used 1',
    ]);
    // What the clamp lets through, the engine accepts; one frame per second more, it refuses.
    for (const format of ['gif', 'mp4', 'webm', 'png'] as const) {
      const limit = exportFpsLimit(format);
      const options = { format, width: 64, height: 64, outPath: 'check' };
      expect(() => validateEncodeOptions({ ...options, fps: limit })).not.toThrow();
      expect(ExportSettings.safeParse({ format, fps: limit }).success).toBe(true);
      const refused =
        !ExportSettings.safeParse({ format, fps: limit + 1 }).success ||
        (() => {
          try {
            validateEncodeOptions({ ...options, fps: limit + 1 });
            return false;
          } catch {
            return true;
          }
        })();
      expect(refused, `${format} at ${limit + 1} fps`).toBe(true);
    }
  });
});
