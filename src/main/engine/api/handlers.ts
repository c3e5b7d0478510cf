import type { EngineContext } from './engine-context';
import type { HandlerMap } from './handler-types';
import { jobHandlers } from './job-handlers';
import { projectHandlers } from './project-handlers';
import { rigHandlers } from '../rig';
import { faceHandlers } from '../face';
import { renderSessionHandlers } from '../preview';
import { systemHandlers } from './system-handlers';
import { tracksHandlers } from '../tracks';
import { settingsHandlers } from '../settings';
import { modelManagerHandlers } from '../models';
import { rendersHandlers, sceneHandlers } from '../scenes';

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
    ...modelManagerHandlers(context),
    ...sceneHandlers(context),
    ...rendersHandlers(context),
  }) satisfies HandlerMap;
