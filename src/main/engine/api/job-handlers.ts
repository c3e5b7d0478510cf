import { ApiError } from '../../../shared/api';
import type { EngineContext } from './engine-context';
import type { HandlerMap } from './handler-types';

const noSuchJob = (id: string) => new ApiError('not_found', `There is no job with id ${id}.`);

export function jobHandlers(context: EngineContext): HandlerMap<'jobs.list' | 'jobs.get' | 'jobs.cancel'> {
  return {
    'jobs.list': (filter) => context.openStore().scheduler.list(filter),
    'jobs.get': ({ id }) => {
      const job = context.openStore().scheduler.find(id);
      if (!job) throw noSuchJob(id);
      return job;
    },
    'jobs.cancel': async ({ id }) => {
      const job = await context.openStore().scheduler.cancel(id);
      if (!job) throw noSuchJob(id);
      return job;
    },
  };
}
