import { describe, expect, it } from 'vitest';
import { ARKIT_BLENDSHAPE_NAMES, blendshapeIndex } from '../../../src/shared/rig/arkit-names';
import {
  HEAD_EYE_CHANNELS,
  headEyeGroupIndices,
  RigFormatError,
  type CoefficientTracks,
} from '../../../src/shared/rig/formats/coefficient-tracks';
import { liveLinkHeader, parseLiveLinkCsv, serializeLiveLinkCsv } from '../../../src/shared/rig/formats/live-link-csv';
import { formatTimecode, parseTimecode } from '../../../src/shared/rig/formats/timecode';
import { seededRandom } from '../../../src/shared/rig/fit/synthesize';

const HEADER = liveLinkHeader();
const columns = HEADER.split(',');

function row(timecode: string, values: Record<string, number> = {}): string {
  return [timecode, '61', ...columns.slice(2).map((name) => String(values[name] ?? 0))].join(',');
}

describe('Live Link Face CSV', () => {
  it('writes the 63-column header in Live Link Face order', () => {
    expect(columns).toHaveLength(63);
    expect(columns.slice(0, 4)).toEqual(['Timecode', 'BlendShapeCount', 'EyeBlinkLeft', 'EyeLookDownLeft']);
    expect(columns.slice(-9)).toEqual([
      'HeadYaw', 'HeadPitch', 'HeadRoll', 'LeftEyeYaw', 'LeftEyePitch', 'LeftEyeRoll', 'RightEyeYaw', 'RightEyePitch', 'RightEyeRoll',
    ]); // prettier-ignore
  });

  it('imports rows by column name, with timecodes relative to the first frame', () => {
    const text = [
      HEADER,
      row('00:00:01:12.000', { JawOpen: 0.5, EyeBlinkLeft: 0.25, HeadYaw: -0.1 }),
      row('00:00:01:13.500', { JawOpen: 0.75, MouthSmileRight: 1.2 }),
      '',
    ].join('\r\n');
    const { tracks, clampedValues, ignoredColumns } = parseLiveLinkCsv(text, { fps: 60 });
    expect(tracks.frameCount).toBe(2);
    expect(tracks.startSeconds).toBeCloseTo(1 + 12 / 60, 9);
    expect(tracks.times[1]).toBeCloseTo(1.5 / 60, 9);
    expect(tracks.coefficients[blendshapeIndex('jawOpen')]).toBeCloseTo(0.5, 6);
    expect(tracks.coefficients[blendshapeIndex('eyeBlinkLeft')]).toBeCloseTo(0.25, 6);
    expect(tracks.coefficients[52 + blendshapeIndex('mouthSmileRight')]).toBe(1);
    expect(clampedValues).toBe(1);
    expect(tracks.headAndEyes?.[0]).toBeCloseTo(-0.1, 6);
    expect(ignoredColumns).toEqual([]);
  });

  it('round-trips export -> import', () => {
    const random = seededRandom(3);
    const frameCount = 90;
    const tracks: CoefficientTracks = {
      fps: 30,
      frameCount,
      times: Float64Array.from({ length: frameCount }, (_, f) => f / 30),
      startSeconds: 3600 + 61.5,
      coefficients: Float32Array.from({ length: frameCount * 52 }, () => Math.round(random() * 1e6) / 1e6),
      headAndEyes: Float32Array.from({ length: frameCount * 9 }, () => Math.round((random() - 0.5) * 1e6) / 1e6),
    };
    const csv = serializeLiveLinkCsv(tracks);
    expect(csv.split('\n')[1]!.startsWith('01:01:01:15.000,61,')).toBe(true);
    const back = parseLiveLinkCsv(csv, { fps: 30 }).tracks;
    expect(back.frameCount).toBe(frameCount);
    expect(back.startSeconds).toBeCloseTo(tracks.startSeconds, 6);
    for (let f = 0; f < frameCount; f++) expect(back.times[f]).toBeCloseTo(tracks.times[f]!, 6);
    for (let k = 0; k < tracks.coefficients.length; k++)
      expect(back.coefficients[k]).toBeCloseTo(tracks.coefficients[k]!, 6);
    for (let k = 0; k < tracks.headAndEyes!.length; k++)
      expect(back.headAndEyes![k]).toBeCloseTo(tracks.headAndEyes![k]!, 6);
  });

  it('reads the frame rate from the timecodes when not told, and falls back to 60 fps under a second', () => {
    const random = seededRandom(5);
    const make = (fps: number, frameCount: number): CoefficientTracks => ({
      fps,
      frameCount,
      times: Float64Array.from({ length: frameCount }, (_, f) => f / fps),
      startSeconds: 10,
      coefficients: Float32Array.from({ length: frameCount * 52 }, () => Math.round(random() * 1e6) / 1e6),
      headAndEyes: null,
    });
    for (const fps of [24, 25, 30, 50, 60]) {
      const parsed = parseLiveLinkCsv(serializeLiveLinkCsv(make(fps, 2 * fps)));
      expect(parsed.fpsSource).toBe('timecodes');
      expect(parsed.tracks.fps).toBe(fps);
      expect(parsed.tracks.times[fps + 3]).toBeCloseTo((fps + 3) / fps, 6);
    }
    const short = parseLiveLinkCsv(serializeLiveLinkCsv(make(25, 10)));
    expect(short.fpsSource).toBe('default');
    expect(short.tracks.fps).toBe(60);
    expect(parseLiveLinkCsv(serializeLiveLinkCsv(make(25, 60)), { fps: 50 }).fpsSource).toBe('given');
  });

  it('names the line of a malformed row and imports nothing', () => {
    const good = row('00:00:00:01.000');
    const short = good.split(',').slice(0, 61).join(',');
    const lines = [HEADER, ...Array.from({ length: 12 }, () => good), short, good];
    expect(() => parseLiveLinkCsv(lines.join('\n'), { fps: 60 })).toThrow('line 14: expected 63 columns, found 61');
    const badNumber = good.replace(/,0,/, ',abc,');
    expect(() => parseLiveLinkCsv([HEADER, good, badNumber].join('\n'), { fps: 60 })).toThrow(
      "line 3: EyeBlinkLeft value 'abc' is not a number",
    );
    expect(() => parseLiveLinkCsv([HEADER, row('00:00:00:75.000')].join('\n'), { fps: 60 })).toThrow(
      /line 2: timecode '00:00:00:75.000' has frame 75, but 60 fps allows 0-59/,
    );
    expect(() =>
      parseLiveLinkCsv([HEADER, row('00:00:01:00.000'), row('00:00:00:10.000')].join('\n'), { fps: 60 }),
    ).toThrow(/line 3: timecode .* earlier/);
  });

  it('rejects headers that are not Live Link Face', () => {
    expect(() => parseLiveLinkCsv('', { fps: 60 })).toThrow(RigFormatError);
    const withoutJaw = columns.filter((c) => c !== 'JawOpen').join(',');
    expect(() => parseLiveLinkCsv(withoutJaw + '\n', { fps: 60 })).toThrow(
      'line 1: missing blendshape column(s): JawOpen',
    );
    expect(() => parseLiveLinkCsv('Time,Count\n', { fps: 60 })).toThrow(
      "line 1: first column must be Timecode, found 'Time'",
    );
    expect(() => parseLiveLinkCsv(HEADER + '\n', { fps: 60 })).toThrow(
      'line 2: the file has a header but no data rows',
    );
  });

  it('judges head and eye columns separately: a head-only capture imports its head, no eyes, no error', () => {
    const eyeColumns = ['LeftEyeYaw', 'LeftEyePitch', 'LeftEyeRoll', 'RightEyeYaw', 'RightEyePitch', 'RightEyeRoll'];
    const kept = columns.filter((c) => !eyeColumns.includes(c));
    const headOnly = (values: Record<string, number>) =>
      ['00:00:00:00.000', String(kept.length - 2), ...kept.slice(2).map((name) => String(values[name] ?? 0))].join(',');
    const text = [kept.join(','), headOnly({ HeadYaw: 0.2, HeadRoll: -0.05, EyeLookOutLeft: 0.4 }), ''].join('\n');
    const { tracks, ignoredColumns } = parseLiveLinkCsv(text, { fps: 60 });
    expect(ignoredColumns).toEqual([]);
    expect(tracks.missingAngles).toBe('eyes');
    expect(tracks.headAndEyes?.[0]).toBeCloseTo(0.2, 6);
    expect(tracks.headAndEyes?.[2]).toBeCloseTo(-0.05, 6);
    expect(Array.from(tracks.headAndEyes!.subarray(3, 9))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(tracks.coefficients[blendshapeIndex('eyeLookOutLeft')]).toBeCloseTo(0.4, 6);
  });

  it('splits the head and eye columns into two groups that cover each column once', () => {
    const names = (group: 'head' | 'eyes') => headEyeGroupIndices(group).map((c) => HEAD_EYE_CHANNELS[c]);
    expect(names('head')).toEqual(['HeadYaw', 'HeadPitch', 'HeadRoll']);
    expect(names('eyes')).toEqual([...HEAD_EYE_CHANNELS.slice(3)]);
  });

  it('judges head and eye columns separately: an eyes-only capture imports its eyes, no head, no error', () => {
    const headColumns = ['HeadYaw', 'HeadPitch', 'HeadRoll'];
    const kept = columns.filter((c) => !headColumns.includes(c));
    const eyesOnly = (values: Record<string, number>) =>
      ['00:00:00:00.000', String(kept.length - 2), ...kept.slice(2).map((name) => String(values[name] ?? 0))].join(',');
    const text = [kept.join(','), eyesOnly({ LeftEyeYaw: 0.3, RightEyePitch: -0.15, JawOpen: 0.6 }), ''].join('\n');
    const { tracks, ignoredColumns } = parseLiveLinkCsv(text, { fps: 60 });
    expect(ignoredColumns).toEqual([]);
    expect(tracks.missingAngles).toBe('head');
    expect(Array.from(tracks.headAndEyes!.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(tracks.headAndEyes?.[3]).toBeCloseTo(0.3, 6);
    expect(tracks.headAndEyes?.[7]).toBeCloseTo(-0.15, 6);
    expect(tracks.coefficients[blendshapeIndex('jawOpen')]).toBeCloseTo(0.6, 6);
  });

  it('refuses a partial head or eye column set, naming the missing columns', () => {
    const without = (...names: string[]) => columns.filter((c) => !names.includes(c)).join(',') + '\n';
    expect(() => parseLiveLinkCsv(without('HeadRoll'), { fps: 60 })).toThrow(
      'line 1: head columns incomplete, missing: HeadRoll',
    );
    expect(() => parseLiveLinkCsv(without('RightEyeYaw', 'RightEyePitch'), { fps: 60 })).toThrow(
      'line 1: eye columns incomplete, missing: RightEyeYaw, RightEyePitch',
    );
  });

  it('accepts the BlendshapeCount spelling and any column order', () => {
    const names = ARKIT_BLENDSHAPE_NAMES.map((n) => n[0]!.toUpperCase() + n.slice(1)).reverse();
    const header = ['Timecode', 'BlendshapeCount', ...names].join(',');
    const values = names.map((n) => (n === 'TongueOut' ? '0.9' : '0'));
    const { tracks } = parseLiveLinkCsv(`${header}\n00:00:00:00.000,52,${values.join(',')}\n`, { fps: 60 });
    expect(tracks.coefficients[blendshapeIndex('tongueOut')]).toBeCloseTo(0.9, 6);
    expect(tracks.headAndEyes).toBeNull();
  });

  it('formats and parses timecodes consistently, including 29.97 fps', () => {
    expect(formatTimecode(0, 60)).toBe('00:00:00:00.000');
    expect(formatTimecode(45 / 60, 60)).toBe('00:00:00:45.000');
    expect(formatTimecode(3600 + 1 + 12.345 / 60, 60)).toBe('01:00:01:12.345');
    for (let f = 0; f < 120; f++) {
      const t = f / 29.97;
      expect(parseTimecode(formatTimecode(t, 29.97), 29.97)).toBeCloseTo(t, 6);
    }
  });
});
