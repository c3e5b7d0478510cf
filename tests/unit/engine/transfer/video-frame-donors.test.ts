import { describe, expect, it } from 'vitest';
import type { GenerateSourceSpec } from '../../../../src/main/engine/generate';
import { VideoFrameDonors } from '../../../../src/main/engine/transfer/video-frame-donors';

/** A build the test finishes by hand: which frames were started, and a way to finish each. */
function controlledBuild() {
  const started: number[] = [];
  const finish = new Map<number, (spec: GenerateSourceSpec | null) => void>();
  const build = (_asset: string, frame: number) => {
    started.push(frame);
    return new Promise<GenerateSourceSpec | null>((resolve) => finish.set(frame, resolve));
  };
  const specOf = (frame: number) => ({ key: `frame-${frame}` }) as GenerateSourceSpec;
  const done = async (frame: number) => {
    finish.get(frame)!(specOf(frame));
    // Let the settled promise's callbacks run (ready flag, the next wanted frame).
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { started, build, done };
}

describe('VideoFrameDonors (the preview never waits; scrubbing decodes one frame at a time, newest first)', () => {
  it('peek answers null until the frame is prepared, then its donor', async () => {
    const { started, build, done } = controlledBuild();
    const donors = new VideoFrameDonors(build);
    expect(donors.peek('v', 12)).toBeNull();
    expect(donors.peek('v', 12)).toBeNull();
    expect(started).toEqual([12]);
    await done(12);
    expect(donors.peek('v', 12)?.key).toBe('frame-12');
    expect(started).toEqual([12]);
  });

  it('frames peeked while one is being prepared: only the newest is prepared next', async () => {
    const { started, build, done } = controlledBuild();
    const donors = new VideoFrameDonors(build);
    donors.peek('v', 13);
    donors.peek('v', 14);
    donors.peek('v', 15);
    expect(started).toEqual([13]);
    await done(13);
    expect(started).toEqual([13, 15]);
    await done(15);
    expect(donors.peek('v', 15)?.key).toBe('frame-15');
    expect(donors.peek('v', 13)?.key).toBe('frame-13');
    // 14 was passed over; asked for again now, it is prepared.
    expect(donors.peek('v', 14)).toBeNull();
    expect(started).toEqual([13, 15, 14]);
  });

  it('prepare waits for the frame (shared with a preview that asked for it) and keeps the last few', async () => {
    const { started, build, done } = controlledBuild();
    const donors = new VideoFrameDonors(build);
    donors.peek('v', 1);
    const waited = donors.prepare('v', 1);
    expect(started).toEqual([1]);
    await done(1);
    expect((await waited)?.key).toBe('frame-1');
    for (let frame = 2; frame <= 7; frame++) {
      const pending = donors.prepare('v', frame);
      await done(frame);
      await pending;
    }
    // Six kept: frame 1 was the oldest and is prepared again when asked for.
    expect(donors.peek('v', 2)?.key).toBe('frame-2');
    expect(donors.peek('v', 1)).toBeNull();
    expect(started.at(-1)).toBe(1);
  });
});
