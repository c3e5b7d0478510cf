/**
 * The engine's worker entry with a slow 'generate.render': each frame first blocks its thread for
 * SLOW_RENDER_MS, as a full-resolution warp does on a loaded machine. The block is synchronous, so
 * like the real render it cannot see a cancel; a cancelled export must not wait for it.
 */
import { faceTaskHandlers } from '../../../src/main/engine/face/tasks';
import { generateTaskHandlers } from '../../../src/main/engine/generate/tasks';
import { importPhotoTask } from '../../../src/main/engine/media/tasks';
import { styleganTaskHandlers } from '../../../src/main/engine/stylegan/tasks';
import type { EngineTasks } from '../../../src/main/engine/workers/engine-tasks';
import { serveTasks } from '../../../src/main/engine/workers/serve-tasks';
import { SLOW_RENDER_MS } from './slow-render';

const render = generateTaskHandlers['generate.render'];

serveTasks<EngineTasks>({
  'import-photo': importPhotoTask,
  ...faceTaskHandlers,
  ...generateTaskHandlers,
  ...styleganTaskHandlers,
  'generate.render': (input, context) => {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, SLOW_RENDER_MS);
    return render(input, context);
  },
});
