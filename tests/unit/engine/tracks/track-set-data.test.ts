import { describe, expect, it } from 'vitest';
import {
  eyeAnglesFromGaze,
  fromCoefficientTracks,
  HEAD_CHANNELS,
  rigChannelName,
  toCoefficientTracks,
  type TrackSetData,
} from '../../../../src/main/engine/tracks/track-set-data';
import {
  ARKIT_BLENDSHAPE_NAMES,
  HEAD_EYE_CHANNELS,
  parseLiveLinkCsv,
  serializeLiveLinkCsv,
} from '../../../../src/shared/rig';

const FRAMES = 50;
const FPS = 25;

/** A video's track set: 52 coefficients and head angles in degrees, no eye channels. */
function videoSet(): TrackSetData {
  const channel = (name: string, value: (f: number) => number, unit: 'coefficient' | 'degrees' = 'coefficient') => ({
    name,
    unit,
    samples: Float32Array.from({ length: FRAMES }, (_, f) => value(f)),
  });
  return {
    fps: FPS,
    frameCount: FRAMES,
    startSeconds: 0,
    times: Float64Array.from({ length: FRAMES }, (_, f) => f / FPS),
    measured: null,
    channels: [
      ...ARKIT_BLENDSHAPE_NAMES.map((name) =>
        channel(rigChannelName(name), (f) => {
          // both eyes look to the subject's left for the first half, then up
          if (name === 'eyeLookOutLeft' || name === 'eyeLookInRight') return f < 25 ? 0.5 : 0;
          if (name === 'eyeLookUpLeft' || name === 'eyeLookUpRight') return f < 25 ? 0 : 0.8;
          if (name === 'jawOpen') return f / FRAMES;
          return 0;
        }),
      ),
      ...HEAD_CHANNELS.map((name, k) => channel(name, (f) => (k === 0 ? f * 0.2 : 0), 'degrees')),
    ],
  };
}

describe('track sets as Live Link Face CSV', () => {
  it('keeps a 25 fps video set at 25 fps through export and re-import', () => {
    const csv = serializeLiveLinkCsv(toCoefficientTracks(videoSet()));
    // Frames 0-24 in each second: the timecodes say 25 fps, and the importer reads that without being told.
    expect(csv.split('\n')[25]!.startsWith('00:00:00:24.000,')).toBe(true);
    expect(csv.split('\n')[26]!.startsWith('00:00:01:00.000,')).toBe(true);
    const parsed = parseLiveLinkCsv(csv);
    expect(parsed.fpsSource).toBe('timecodes');
    expect(parsed.tracks.fps).toBe(25);
    const back = fromCoefficientTracks(parsed.tracks);
    expect(back.fps).toBe(25);
    expect(back.times[49]).toBeCloseTo(49 / 25, 6);
    const jaw = back.channels.find((c) => c.name === 'rig.jawOpen')!.samples;
    expect(jaw[30]).toBeCloseTo(30 / FRAMES, 5);
  });

  it('writes the gaze into the eye yaw and pitch columns instead of zeros', () => {
    const tracks = toCoefficientTracks(videoSet());
    const stride = HEAD_EYE_CHANNELS.length;
    const column = (name: (typeof HEAD_EYE_CHANNELS)[number], frame: number) =>
      (tracks.headAndEyes![frame * stride + HEAD_EYE_CHANNELS.indexOf(name)]! * 180) / Math.PI;
    // 0.5 of the 30 degree sideways shape, both eyes towards the subject's left: +15 degrees yaw.
    expect(column('LeftEyeYaw', 10)).toBeCloseTo(15, 3);
    expect(column('RightEyeYaw', 10)).toBeCloseTo(15, 3);
    expect(column('LeftEyePitch', 10)).toBeCloseTo(0, 5);
    // 0.8 of the 25 degree up shape: +20 degrees pitch.
    expect(column('LeftEyePitch', 40)).toBeCloseTo(20, 3);
    expect(column('RightEyePitch', 40)).toBeCloseTo(20, 3);
    expect(column('HeadYaw', 10)).toBeCloseTo(2, 4);
    // Imported back, the eye channels carry the same angles.
    const back = fromCoefficientTracks(parseLiveLinkCsv(serializeLiveLinkCsv(tracks)).tracks);
    expect(back.channels.find((c) => c.name === 'eyes.LeftEyePitch')!.samples[40]).toBeCloseTo(20, 3);
  });

  it('leaves eye channels a file already had alone', () => {
    const set = videoSet();
    set.channels.push({ name: 'eyes.LeftEyeYaw', unit: 'degrees', samples: new Float32Array(FRAMES).fill(-7) });
    const tracks = toCoefficientTracks(set);
    expect((tracks.headAndEyes![10 * 9 + 3]! * 180) / Math.PI).toBeCloseTo(-7, 4);
    expect(eyeAnglesFromGaze(new Map(), FRAMES).size).toBe(0);
  });

  it('imports a head-only capture as head channels without eye channels, and exports its gaze as eye angles', () => {
    // The exported file without its six eye columns: what a head-only capture looks like.
    const lines = serializeLiveLinkCsv(toCoefficientTracks(videoSet())).split('\n');
    const eyeColumns = new Set(HEAD_EYE_CHANNELS.slice(3).map((name) => lines[0]!.split(',').indexOf(name)));
    const text = lines
      .filter((line) => line !== '')
      .map((line, l) => {
        const cells = line.split(',').filter((_, c) => !eyeColumns.has(c));
        if (l > 0) cells[1] = String(cells.length - 2);
        return cells.join(',');
      })
      .join('\n');
    const back = fromCoefficientTracks(parseLiveLinkCsv(text).tracks);
    const names = back.channels.map((c) => c.name);
    expect(names.filter((n) => n.startsWith('head.'))).toEqual([...HEAD_CHANNELS]);
    expect(names.filter((n) => n.startsWith('eyes.'))).toEqual([]);
    expect(back.channels.find((c) => c.name === 'head.yawDeg')!.samples[10]).toBeCloseTo(2, 3);
    // Exported again, the eye columns come from the eyeLook* gaze, not zeros.
    const again = toCoefficientTracks(back);
    expect(again.missingAngles).toBeUndefined();
    expect((again.headAndEyes![10 * 9 + 3]! * 180) / Math.PI).toBeCloseTo(15, 3);
  });

  it('imports an eyes-only capture as eye channels without head channels, and exports it without head angles', () => {
    // The exported file without its three head columns: what an eyes-only capture looks like.
    const lines = serializeLiveLinkCsv(toCoefficientTracks(videoSet())).split('\n');
    const headColumns = new Set(HEAD_EYE_CHANNELS.slice(0, 3).map((name) => lines[0]!.split(',').indexOf(name)));
    const text = lines
      .filter((line) => line !== '')
      .map((line, l) => {
        const cells = line.split(',').filter((_, c) => !headColumns.has(c));
        if (l > 0) cells[1] = String(cells.length - 2);
        return cells.join(',');
      })
      .join('\n');
    const back = fromCoefficientTracks(parseLiveLinkCsv(text).tracks);
    const names = back.channels.map((c) => c.name);
    expect(names.filter((n) => n.startsWith('head.'))).toEqual([]);
    expect(names.filter((n) => n.startsWith('eyes.'))).toEqual(HEAD_EYE_CHANNELS.slice(3).map((n) => `eyes.${n}`));
    // The gaze of frame 10 (15 degrees of yaw) came through the eye columns.
    expect(back.channels.find((c) => c.name === 'eyes.LeftEyeYaw')!.samples[10]).toBeCloseTo(15, 3);
    // Exported again: the eye angles kept, the head group still absent (not written as a still head).
    const again = toCoefficientTracks(back);
    expect(again.missingAngles).toBe('head');
    expect((again.headAndEyes![10 * 9 + 3]! * 180) / Math.PI).toBeCloseTo(15, 3);
    expect(Array.from(again.headAndEyes!.subarray(10 * 9, 10 * 9 + 3))).toEqual([0, 0, 0]);
  });
});
