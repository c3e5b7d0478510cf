import { ApiError } from '../../../shared/api';
import type { EngineContext } from '../api/engine-context';
import type { SessionRenderer } from './render-sessions';

/** Renders session frames through the engine's generator (wired to the warp backend's worker task). */
export function createSessionRenderer(contextOf: () => EngineContext): SessionRenderer {
  return async () => {
    void contextOf;
    throw new ApiError('unavailable', 'The built-in generator is not part of this build yet.');
  };
}
