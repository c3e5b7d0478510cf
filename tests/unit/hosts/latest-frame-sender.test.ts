import { describe, expect, it } from 'vitest';
import { LatestFrameSender } from '../../../src/main/host/latest-frame-sender';

describe('LatestFrameSender', () => {
  it('keeps only the newest frame while one is in flight', () => {
    const sent: number[] = [];
    const completions: Array<() => void> = [];
    const sender = new LatestFrameSender<number>({
      transmit: (frame, done) => {
        sent.push(frame);
        completions.push(done);
      },
    });
    for (let frame = 1; frame <= 100; frame++) sender.push(frame);
    expect(sent).toEqual([1]); // 2..99 were replaced, 100 waits
    completions.shift()?.();
    expect(sent).toEqual([1, 100]);
    expect(sender.dropped).toBe(98);
    completions.shift()?.();
    sender.push(101);
    expect(sent).toEqual([1, 100, 101]);
  });

  it('ignores a second completion of the same frame', () => {
    const sent: number[] = [];
    let done: (() => void) | undefined;
    const sender = new LatestFrameSender<number>({
      transmit: (frame, complete) => {
        sent.push(frame);
        done = complete;
      },
    });
    sender.push(1);
    const first = done;
    sender.push(2);
    first?.();
    first?.(); // must not release a second in-flight slot
    sender.push(3);
    sender.push(4);
    expect(sent).toEqual([1, 2]);
  });

  it('waits while the transport is congested and then sends the newest frame', async () => {
    const sent: number[] = [];
    let congested = true;
    const sender = new LatestFrameSender<number>({
      transmit: (frame, done) => {
        sent.push(frame);
        done();
      },
      congested: () => congested,
      retryMs: 5,
    });
    sender.push(1);
    sender.push(2);
    sender.push(3);
    expect(sent).toEqual([]);
    congested = false;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(sent).toEqual([3]);
    sender.close();
    sender.push(4);
    expect(sent).toEqual([3]);
  });
});
