import type { Job } from '../../shared/api';
import type { CliIo } from './cli-io';
import type { CliEngine } from './commands';
import { formatProgress } from './format';

const terminalStates = new Set<Job['state']>(['succeeded', 'failed', 'cancelled', 'interrupted']);

/**
 * Resolves with the job once it reaches a terminal state. Listens to job.updated events and, as a
 * safety net against a missed event, re-reads the job every 500 ms.
 */
export function waitForJob(
  engine: CliEngine,
  jobId: string,
  onUpdate: (job: Job) => void,
  signal: AbortSignal,
): Promise<Job> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (job: Job): void => {
      if (settled) return;
      settled = true;
      stopEvents();
      clearInterval(poll);
      signal.removeEventListener('abort', onAbort);
      resolve(job);
    };
    const update = (job: Job): void => {
      if (settled || job.id !== jobId) return;
      onUpdate(job);
      if (terminalStates.has(job.state)) finish(job);
    };
    const stopEvents = engine.onEvent((event, payload) => {
      if (event === 'job.updated') update(payload as Job);
    });
    const poll = setInterval(() => {
      (engine.handle('jobs.get', { id: jobId }) as Promise<Job>).then(update, (error: unknown) => {
        if (settled) return;
        settled = true;
        stopEvents();
        clearInterval(poll);
        reject(error);
      });
    }, 500);
    const onAbort = (): void => {
      engine.handle('jobs.cancel', { id: jobId }).catch(() => undefined);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Prints a job's progress lines on stderr, each once. */
export function progressPrinter(io: CliIo, label: string): (job: Job) => void {
  let lastLine = '';
  return (update) => {
    const line = formatProgress(update);
    if (line !== lastLine && !terminalStates.has(update.state)) io.err(`${label}: ${line}`);
    lastLine = line;
  };
}
