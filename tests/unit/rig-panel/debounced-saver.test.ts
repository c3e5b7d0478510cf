import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DebouncedSaver, type SaveState } from '../../../src/renderer/rig/debounced-saver';

describe('DebouncedSaver', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends only the latest value after a quiet period, one request at a time', async () => {
    const sent: number[] = [];
    let release: (() => void) | null = null;
    const states: SaveState[] = [];
    const saver = new DebouncedSaver<number>(
      (value) => {
        sent.push(value);
        return new Promise<void>((resolve) => (release = resolve));
      },
      300,
      (state) => states.push(state),
    );
    for (let v = 1; v <= 5; v++) saver.schedule(v);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(299);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([5]);
    // Scheduled while the first request is in flight: waits for it, then goes out alone.
    saver.schedule(6);
    saver.schedule(7);
    await vi.advanceTimersByTimeAsync(300);
    expect(sent).toEqual([5]);
    release!();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([5, 7]);
    release!();
    await saver.flush();
    expect(saver.state).toBe('saved');
    expect(states).toContain('saving');
  });

  it('flush sends at once and reports a failure', async () => {
    const saver = new DebouncedSaver<number>(() => Promise.reject(new Error('disk full')), 1000);
    saver.schedule(1);
    await saver.flush();
    expect(saver.state).toBe('error');
  });

  it('before an unload, sends the waiting value at once, even beside a save in flight', async () => {
    const sent: number[] = [];
    const releases: Array<() => void> = [];
    const saver = new DebouncedSaver<number>((value) => {
      sent.push(value);
      return new Promise<void>((resolve) => releases.push(resolve));
    }, 300);
    expect(saver.flushBeforeUnload()).toBe(false);
    saver.schedule(1);
    await vi.advanceTimersByTimeAsync(300);
    expect(sent).toEqual([1]);
    // An edit in the last 300 ms before a reload: no timer and no turn after the first save are left.
    saver.schedule(2);
    expect(saver.flushBeforeUnload()).toBe(true);
    expect(sent).toEqual([1, 2]);
    // Nothing is sent twice afterwards.
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toEqual([1, 2]);
    releases[0]!();
    await vi.advanceTimersByTimeAsync(0);
    expect(saver.state).toBe('saving');
    releases[1]!();
    await saver.flush();
    expect(saver.state).toBe('saved');
  });
});
