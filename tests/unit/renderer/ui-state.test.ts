import { beforeEach, describe, expect, it } from 'vitest';
import type { Job } from '../../../src/shared/api';
import { orderJobsForDrawer, useJobsStore } from '../../../src/renderer/state/jobs-store';
import { hashForRoute, routeFromHash } from '../../../src/renderer/state/route';
import { formatBytes, formatDuration, formatEta, formatRelativeTime } from '../../../src/renderer/ui/format';

const job = (id: string, state: Job['state'], createdAt: number, finishedAt: number | null = null): Job => ({
  id,
  kind: 'import-photo',
  projectId: 'p1',
  assetId: null,
  priority: 'interactive',
  state,
  title: `Import ${id}.png`,
  progress: { fraction: state === 'succeeded' ? 1 : 0.3, stage: 'Decoding', etaMs: null },
  error: null,
  result: null,
  hasPreview: false,
  createdAt,
  startedAt: createdAt,
  finishedAt,
});

describe('jobs store', () => {
  beforeEach(() => useJobsStore.setState({ jobs: {} }));

  it('orders active jobs oldest first, then finished jobs newest first, capped', () => {
    const jobs = Object.fromEntries(
      [
        job('a', 'succeeded', 1, 10),
        job('b', 'running', 5),
        job('c', 'failed', 2, 30),
        job('d', 'queued', 3),
        job('e', 'cancelled', 4, 20),
      ].map((entry) => [entry.id, entry]),
    );
    expect(orderJobsForDrawer(jobs).map((entry) => entry.id)).toEqual(['d', 'b', 'c', 'e', 'a']);
    expect(orderJobsForDrawer(jobs, 1).map((entry) => entry.id)).toEqual(['d', 'b', 'c']);
  });

  it('never lets a stale "running" event undo a finished state', () => {
    const store = useJobsStore.getState();
    store.replaceAll([job('a', 'succeeded', 1, 9)]);
    store.upsert(job('a', 'running', 1));
    expect(useJobsStore.getState().jobs.a?.state).toBe('succeeded');
    store.upsert(job('b', 'queued', 2));
    store.upsert(job('b', 'running', 2));
    expect(useJobsStore.getState().jobs.b?.state).toBe('running');
  });
});

describe('hash routes', () => {
  it('round-trips an editor route, ids with odd characters included', () => {
    const route = { screen: 'editor' as const, projectId: 'a b/c' };
    expect(routeFromHash(hashForRoute(route))).toEqual(route);
  });

  it('falls back to the library for anything else', () => {
    for (const hash of ['', '#', '#/', '#/projects/', '#/projects/x/y', '#/projects/%E0%A4%A']) {
      expect(routeFromHash(hash)).toEqual({ screen: 'library' });
    }
  });
});

describe('formatting', () => {
  it('formats sizes, ETAs, durations and ages', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(2_400_000)).toBe('2.4 MB');
    expect(formatBytes(268_435_456)).toBe('268 MB');
    expect(formatEta(null)).toBeNull();
    expect(formatEta(400)).toBe('less than a second left');
    expect(formatEta(12_300)).toBe('about 12 s left');
    expect(formatEta(300_000)).toBe('about 5 min left');
    expect(formatDuration(420)).toBe('0.4 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
    expect(formatRelativeTime(1_000_000, 1_010_000)).toBe('just now');
    expect(formatRelativeTime(0, 5 * 60_000)).toBe('5 min ago');
  });
});
