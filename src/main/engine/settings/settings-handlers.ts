import { ApiError } from '../../../shared/api/errors';
import type { EngineContext, HandlerMap } from '../api';
import { providerOptions } from './provider-options';

/** settings.get / settings.update; the face jobs read the provider when they start. */
export function settingsHandlers(context: EngineContext): HandlerMap<'settings.get' | 'settings.update'> {
  const view = () => ({ settings: context.settings.get(), providers: providerOptions() });
  return {
    'settings.get': view,
    'settings.update': (change) => {
      if (change.executionProvider) {
        const option = providerOptions().find((candidate) => candidate.name === change.executionProvider);
        if (option && !option.available) {
          throw new ApiError('invalid_request', `${option.label} cannot be used here: ${option.reason}.`);
        }
      }
      context.settings.update(change);
      return view();
    },
  };
}
