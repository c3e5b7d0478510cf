import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ApiError } from '../../../../shared/api/errors';
import type { EngineContext, HandlerMap } from '../../api';

/** models.list / models.install / models.remove. */
export function modelManagerHandlers(
  context: EngineContext,
): HandlerMap<'models.list' | 'models.install' | 'models.installBytes' | 'models.remove'> {
  return {
    'models.list': async () => (await context.modelManager()).list(),
    'models.install': async (params) => {
      if (params.source.kind === 'file') {
        // The web host's browser cannot name files on the engine's machine, and a page must not make the
        // engine read them: from there a model arrives by URL. The CLI and the desktop's file dialog may.
        if (context.host === 'web') {
          throw new ApiError(
            'invalid_request',
            'Installing from a path on this machine is not allowed from the web host; use the CLI (`mien models install FILE`), the desktop app, or a URL.',
          );
        }
        if (!path.isAbsolute(params.source.path)) {
          throw new ApiError('invalid_request', `The model path must be absolute, got "${params.source.path}".`);
        }
      }
      return (await context.modelManager()).install(params);
    },
    'models.installBytes': async ({ fileName, bytes, ...rest }) => {
      // Under its own name in a fresh folder, so messages and the record name the file the user picked.
      const folder = await mkdtemp(path.join(os.tmpdir(), 'mien-model-upload-'));
      try {
        const file = path.join(folder, path.basename(fileName));
        await writeFile(file, bytes);
        return await (await context.modelManager()).install({ source: { kind: 'file', path: file }, ...rest });
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    },
    'models.remove': async ({ id }) => {
      await (await context.modelManager()).remove(id);
      return { ok: true as const };
    },
  };
}
