import { describe, expect, it } from 'vitest';
import { untilAborted } from '../../../../src/main/engine/jobs';

describe('untilAborted', () => {
  it('passes a result or a failure through while the signal stays quiet', async () => {
    const controller = new AbortController();
    await expect(untilAborted(Promise.resolve(7), controller.signal)).resolves.toBe(7);
    await expect(untilAborted(Promise.reject(new Error('render failed')), controller.signal)).rejects.toThrow(
      'render failed',
    );
  });

  it('rejects with an AbortError as soon as the signal aborts, not when the work ends', async () => {
    const controller = new AbortController();
    let finishWork: (value: number) => void = () => {};
    const work = new Promise<number>((resolve) => (finishWork = resolve));
    const waiting = untilAborted(work, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    finishWork(1); // finishes later, dropped
    // Already aborted: rejects without waiting, and a later failure of the work is not unhandled.
    await expect(untilAborted(Promise.reject(new Error('late')), controller.signal)).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});
