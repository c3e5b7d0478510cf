import { appVersion } from '../version';
import type { EngineContext } from './engine-context';
import type { HandlerMap } from './handler-types';

export function systemHandlers(
  context: EngineContext,
): HandlerMap<'system.ping' | 'system.info' | 'system.resetStore'> {
  return {
    'system.ping': ({ sentAt }) => ({ sentAt, engineAt: Date.now() }),
    'system.info': () => ({
      version: appVersion,
      host: context.host,
      store: context.storeStatus(),
      ffmpeg: { ...context.ffmpeg },
      limits: { maxImportBytes: context.limits.maxImportBytes, maxWorkingSide: context.limits.maxWorkingSide },
    }),
    'system.resetStore': () => context.resetStore(),
  };
}
