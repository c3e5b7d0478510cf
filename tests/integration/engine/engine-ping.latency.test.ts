import { Worker } from 'node:worker_threads';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Job } from '../../../src/shared/api';
import { startEngine, type Harness } from './engine-harness';

/**
 * The responsiveness requirement: while CPU-heavy jobs run (large photo imports: decode,
 * downscale, encode, all in the worker pool), the thread that talks to the UI answers
 * system.ping through engine.handle within 50 ms, every time.
 *
 * The pings come from a separate thread standing in for the renderer, because a ping issued on
 * the engine's own thread cannot see that thread being blocked: its timer would simply fire late.
 * Measured from outside, a blocked engine thread shows up as a late answer.
 *
 * A latency test: it runs on its own (npm run test:latency, i.e. vitest --mode latency), never
 * beside other test files whose forks would compete for the same two cores.
 */
const SAMPLE_EVERY_MS = 20;
const WINDOW_MS = 2_000;
const LIMIT_MS = 50;

/** The stand-in renderer: sends a ping every 20 ms for 2 s and times each answer. */
const CLIENT_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { everyMs, windowMs } = workerData;
const roundTrips = [];
const started = performance.now();
let sent = 0;
parentPort.on('message', (message) => roundTrips.push(performance.now() - message.sentAt));
const timer = setInterval(() => {
  if (performance.now() - started < windowMs) {
    sent += 1;
    parentPort.postMessage({ type: 'ping', sentAt: performance.now() });
    return;
  }
  clearInterval(timer);
  const waitForLast = setInterval(() => {
    if (roundTrips.length < sent && performance.now() - started < windowMs + 2000) return;
    clearInterval(waitForLast);
    parentPort.postMessage({ type: 'done', roundTrips, sent });
  }, 10);
}, everyMs);
`;

let h: Harness;
beforeAll(async () => {
  h = await startEngine({ workers: undefined }); // the engine's default pool size: cores - 1, at least 1
});
afterAll(async () => {
  await h.close();
});

const bigNoisyJpeg = () =>
  sharp({
    create: {
      width: 6000,
      height: 4000,
      channels: 3,
      background: '#000',
      noise: { type: 'gaussian', mean: 100, sigma: 40 },
    },
  })
    .jpeg({ quality: 90 })
    .toBuffer();

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

describe('UI-facing thread under load', () => {
  // retry: any thread on a shared two-core machine can be descheduled for tens of ms by other
  // processes; a real regression (blocking work on the engine thread) fails both attempts.
  it(`answers system.ping within ${LIMIT_MS} ms while large imports run`, { timeout: 120_000, retry: 1 }, async () => {
    const project = await h.call('projects.create', { name: 'Load' });
    // One 24-megapixel photo, imported four times over (each import owns its bytes: they move to the worker).
    const photo = await bigNoisyJpeg();
    const running = new Set<string>();
    const stopWatching = h.engine.onEvent((event, payload) => {
      if (event !== 'job.updated') return;
      const job = payload as Job;
      if (job.state === 'running') running.add(job.id);
      else running.delete(job.id);
    });
    const jobs: Job[] = [];
    for (let index = 0; index < 4; index += 1) {
      const bytes = Buffer.from(photo);
      jobs.push(
        Job.parse(await h.call('assets.importBytes', { projectId: project.id, fileName: `load-${index}.jpg`, bytes })),
      );
    }
    try {
      await measure(running);
    } finally {
      stopWatching();
      for (const job of jobs) await h.call('jobs.cancel', { id: job.id });
    }
  });
});

async function measure(running: ReadonlySet<string>): Promise<void> {
  await new Promise<void>((resolve) => {
    const check = setInterval(() => running.size > 0 && (clearInterval(check), resolve()), 5);
  });

  let busySamples = 0;
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const client = new Worker(CLIENT_SOURCE, {
    eval: true,
    workerData: { everyMs: SAMPLE_EVERY_MS, windowMs: WINDOW_MS },
  });
  const { roundTrips, sent } = await new Promise<{ roundTrips: number[]; sent: number }>((resolve, reject) => {
    client.on('error', reject);
    client.on(
      'message',
      (message: { type: 'ping'; sentAt: number } | { type: 'done'; roundTrips: number[]; sent: number }) => {
        if (message.type === 'done') return resolve(message);
        if (running.size > 0) busySamples += 1;
        // The host's part: hand the request to the engine and send the answer back.
        void h.engine.handle('system.ping', { sentAt: message.sentAt }).then((result) => client.postMessage(result));
      },
    );
  });
  await client.terminate();
  const cpu = process.cpuUsage(cpuBefore);
  const cores = (cpu.user + cpu.system) / 1000 / (performance.now() - wallBefore);

  const sorted = [...roundTrips].sort((a, b) => a - b);
  const max = sorted.at(-1)!;
  console.log(
    `system.ping under load, from a client thread: ${roundTrips.length}/${sent} answered, ` +
      `max ${max.toFixed(2)} ms, p50 ${percentile(sorted, 0.5).toFixed(2)} ms, p99 ${percentile(sorted, 0.99).toFixed(2)} ms; ` +
      `engine process CPU ${cores.toFixed(2)} cores; ${busySamples} pings arrived while an import ran`,
  );
  expect(roundTrips.length).toBe(sent);
  expect(sent).toBeGreaterThanOrEqual(WINDOW_MS / SAMPLE_EVERY_MS / 2);
  // The load was real: an import was running whenever a ping arrived.
  expect(busySamples).toBe(sent);
  expect(max).toBeLessThan(LIMIT_MS);
}
