import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { usePreviewStore } from '../../../src/renderer/preview/preview-store';
import { yieldingRedraws } from '../../../src/renderer/rig/yield-to-preview';

describe('rig 3D view redraws yield to the live preview', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('requestAnimationFrame', (callback: () => void) => setTimeout(callback, 16));
    usePreviewStore.setState({ waitingForFrame: false });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('redraws at once when no preview frame is on its way, then at most every interval, merging requests', () => {
    let redraws = 0;
    const scheduler = yieldingRedraws(() => redraws++, { minIntervalMs: 100, maxWaitMs: 400 });
    scheduler.request();
    vi.advanceTimersByTime(0);
    expect(redraws).toBe(1);
    scheduler.request();
    scheduler.request();
    vi.advanceTimersByTime(50);
    expect(redraws).toBe(1);
    vi.advanceTimersByTime(60);
    expect(redraws).toBe(2);
    scheduler.dispose();
  });

  it('waits for the preview frame and its paint, or at most maxWaitMs', () => {
    let redraws = 0;
    const scheduler = yieldingRedraws(() => redraws++, { minIntervalMs: 0, maxWaitMs: 400 });
    usePreviewStore.setState({ waitingForFrame: true });
    scheduler.request();
    vi.advanceTimersByTime(100);
    expect(redraws).toBe(0);
    usePreviewStore.setState({ waitingForFrame: false });
    vi.advanceTimersByTime(10);
    expect(redraws).toBe(0); // the frame's own paint first
    vi.advanceTimersByTime(10);
    expect(redraws).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(redraws).toBe(1); // the wait's deadline does not redraw again

    usePreviewStore.setState({ waitingForFrame: true });
    scheduler.request();
    vi.advanceTimersByTime(399);
    expect(redraws).toBe(1);
    vi.advanceTimersByTime(2);
    expect(redraws).toBe(2);
    scheduler.dispose();
  });
});
