import { describe, expect, it } from 'vitest';
import type { Frame } from '../../../../src/shared/api';
import { FrameStreams } from '../../../../src/main/engine/jobs/frame-streams';

const frame = (seq: number, streamId = 'job-1', bytes = 16): Frame => ({
  header: { streamId, seq, width: 2, height: 2, timestampMs: seq, format: 'rgba' },
  data: new Uint8Array(bytes),
});
const turn = () => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('FrameStreams (latest-frame-wins)', () => {
  it('delivers frames to a fast subscriber in order', async () => {
    const streams = new FrameStreams();
    const seen: number[] = [];
    streams.subscribe('job-1', (f) => {
      seen.push(f.header.seq);
    });
    for (let seq = 0; seq < 5; seq += 1) {
      streams.publish(frame(seq));
      await turn();
      await turn();
    }
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it('gives a slow subscriber only the newest frame, never a backlog', async () => {
    const streams = new FrameStreams();
    const seen: number[] = [];
    streams.subscribe('job-1', async (f) => {
      seen.push(f.header.seq);
      await sleep(40);
    });
    for (let seq = 0; seq < 200; seq += 1) {
      streams.publish(frame(seq, 'job-1', 1024 * 1024));
      await sleep(1);
    }
    await sleep(120);
    // ~200 ms of publishing at one delivery per 40 ms: a handful of frames, always ending with the last.
    expect(seen.length).toBeLessThan(20);
    expect(seen.at(-1)).toBe(199);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('coalesces a burst published within one turn into its last frame', async () => {
    const streams = new FrameStreams();
    const seen: number[] = [];
    streams.subscribe('job-1', (f) => {
      seen.push(f.header.seq);
    });
    for (let seq = 0; seq < 100; seq += 1) streams.publish(frame(seq));
    await turn();
    await turn();
    expect(seen).toEqual([99]);
  });

  it('gives a late subscriber the latest frame at once, and nothing after the stream ended', async () => {
    const streams = new FrameStreams();
    streams.publish(frame(7));
    const seen: number[] = [];
    const close = streams.subscribe('job-1', (f) => {
      seen.push(f.header.seq);
    });
    await turn();
    expect(seen).toEqual([7]);
    streams.end('job-1');
    close();
    const late: number[] = [];
    streams.subscribe('job-1', (f) => {
      late.push(f.header.seq);
    })();
    await turn();
    expect(late).toEqual([]);
    expect(streams.size).toBe(0);
  });

  it('keeps streams apart and stops delivering after unsubscribe', async () => {
    const streams = new FrameStreams();
    const a: number[] = [];
    const b: number[] = [];
    const closeA = streams.subscribe('a', (f) => {
      a.push(f.header.seq);
    });
    streams.subscribe('b', (f) => {
      b.push(f.header.seq);
    });
    streams.publish(frame(1, 'a'));
    streams.publish(frame(2, 'b'));
    await turn();
    closeA();
    streams.publish(frame(3, 'a'));
    await turn();
    expect(a).toEqual([1]);
    expect(b).toEqual([2]);
  });

  it('survives a listener that throws', async () => {
    const streams = new FrameStreams();
    const seen: number[] = [];
    streams.subscribe('job-1', () => {
      throw new Error('transport gone');
    });
    streams.subscribe('job-1', (f) => {
      seen.push(f.header.seq);
    });
    const originalError = console.error;
    console.error = () => {};
    streams.publish(frame(1));
    await turn();
    console.error = originalError;
    expect(seen).toEqual([1]);
  });
});
