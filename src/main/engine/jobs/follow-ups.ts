import { jobResults, type Job, type JobKind, type JobResultOf } from '../../../shared/api';

/**
 * Work to queue when a job of kind `after` succeeds (face analysis after a photo import, the rig
 * fit after a video is tracked). Declared to the scheduler when it is created, instead of
 * listening to the public `job.updated` event, so the links between job kinds are listed in one
 * place (engine/follow-ups.ts) and each receives its kind's typed result.
 */
export interface FollowUp<K extends JobKind = JobKind> {
  after: K;
  /** For logs: what the follow-up does, e.g. "analyse the imported photo". */
  name: string;
  /** Queues the follow-up job(s), or decides there is nothing to do; runs on the engine thread. */
  start(result: JobResultOf<K>, job: Job): void;
}

/** A follow-up of any kind, with its `after` and `start` kept in step. */
export type AnyFollowUp = { [K in JobKind]: FollowUp<K> }[JobKind];

/** Declares a follow-up with its result type inferred from `after`. */
export const followUp = <K extends JobKind>(declared: FollowUp<K>): FollowUp<K> => declared;

/**
 * Starts the follow-ups declared for a job that just succeeded. A result that does not match its
 * kind's contract schema is a bug in the job: it is logged and starts nothing. A follow-up that
 * throws (its asset was deleted meanwhile, the store closed) is logged and does not affect the job.
 */
export function startFollowUps(followUps: readonly AnyFollowUp[], job: Job): void {
  const declared = followUps.filter((candidate) => candidate.after === job.kind);
  if (declared.length === 0) return;
  const parsed = jobResults[job.kind].safeParse(job.result);
  if (!parsed.success) {
    console.error(`[engine] job ${job.id} (${job.kind}) returned a result outside its contract:`, parsed.error.message);
    return;
  }
  for (const candidate of declared) {
    try {
      (candidate as FollowUp).start(parsed.data as never, job);
    } catch (error) {
      console.warn(`[engine] could not ${candidate.name} after job ${job.id}:`, (error as Error).message);
    }
  }
}
