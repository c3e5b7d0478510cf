import type { EngineContext } from './engine-context';
import type { HandlerMap } from './handler-types';
import { jobHandlers } from './job-handlers';
import { projectHandlers } from './project-handlers';
import { rigHandlers } from '../rig/rig-handlers';
import { renderSessionHandlers } from '../preview/render-session-handlers';
import { faceHandlers } from '../face/face-handlers';
import { systemHandlers } from './system-handlers';
import { tracksHandlers } from '../tracks/tracks-handlers';
import { settingsHandlers } from '../settings/settings-handlers';

/** Every method of the contract; the `satisfies` fails to compile when one is missing. */
export const createHandlers = (context: EngineContext): HandlerMap =>
  ({
    ...systemHandlers(context),
    ...projectHandlers(context),
    ...jobHandlers(context),
    ...rigHandlers(context),
    ...renderSessionHandlers(context),
    ...faceHandlers(context),
    ...tracksHandlers(context),
    ...settingsHandlers(context),
  }) satisfies HandlerMap;
