/** Public surface of the jobs layer: the scheduler and the latest-frame-wins preview streams. */
export { JobScheduler, type JobContext, type JobSpec, type JobSchedulerOptions } from './job-scheduler';
export { followUp, type AnyFollowUp, type FollowUp } from './follow-ups';
export { FrameStreams, type FrameListener } from './frame-streams';
export { untilAborted } from './until-aborted';
