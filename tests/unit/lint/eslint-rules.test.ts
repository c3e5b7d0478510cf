import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * Each layering rule of eslint.config.js, proven by linting a forbidden import (it must fail with
 * that rule) next to an allowed one (it must pass). The snippets are linted as if they sat at the
 * given path; no file is written.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: repoRoot, overrideConfigFile: path.join(repoRoot, 'eslint.config.js') });
});

/** The rule ids and messages of the import rules that fire on `code` placed at `file`. */
async function importErrors(file: string, code: string): Promise<{ ruleId: string | null; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  return result!.messages
    .filter((message) => message.ruleId === 'no-restricted-imports' || message.ruleId === 'mien/feature-doors')
    .map(({ ruleId, message }) => ({ ruleId, message }));
}

const use = (specifier: string) => `import * as probe from '${specifier}';\nexport const used = probe;\n`;

async function expectForbidden(file: string, specifier: string, rule: string, messagePart: string | RegExp) {
  const errors = await importErrors(file, use(specifier));
  expect(errors, `${specifier} in ${file}`).toHaveLength(1);
  expect(errors[0]!.ruleId).toBe(rule);
  expect(errors[0]!.message).toMatch(messagePart);
}

async function expectAllowed(file: string, specifier: string) {
  expect(await importErrors(file, use(specifier)), `${specifier} in ${file}`).toEqual([]);
}

const NATIVE_PACKAGES = ['sharp', 'onnxruntime-node', 'better-sqlite3'];

describe('layering lint rules', () => {
  it('src/shared imports no native package, no Node, nothing outside it', async () => {
    for (const name of NATIVE_PACKAGES) {
      await expectForbidden('src/shared/rig/probe.ts', name, 'no-restricted-imports', /src\/shared is pure/);
      await expectForbidden('src/shared/rig/probe.ts', `${name}/lib/x`, 'no-restricted-imports', /native packages/);
    }
    await expectForbidden('src/shared/api/probe.ts', 'node:fs', 'no-restricted-imports', /src\/shared is pure/);
    await expectForbidden('src/shared/api/probe.ts', '../../main/engine/engine', 'no-restricted-imports', /pure/);
    await expectAllowed('src/shared/api/probe.ts', 'zod');
    await expectAllowed('src/shared/api/probe.ts', '../rig');
  });

  it('src/renderer imports no native package, no Node, no engine', async () => {
    for (const name of NATIVE_PACKAGES) {
      await expectForbidden('src/renderer/rig/probe.tsx', name, 'no-restricted-imports', /no native packages/);
    }
    await expectForbidden('src/renderer/probe.ts', 'node:path', 'no-restricted-imports', /MienClient API/);
    await expectForbidden('src/renderer/probe.ts', '../main/engine/engine', 'no-restricted-imports', /MienClient/);
    await expectAllowed('src/renderer/rig/probe.tsx', '../../shared/rig');
    await expectAllowed('src/renderer/rig/probe.tsx', 'three');
  });

  it('src/preload imports only shared and electron (it runs sandboxed)', async () => {
    await expectForbidden('src/preload/probe.ts', 'node:fs', 'no-restricted-imports', /runs sandboxed/);
    await expectForbidden('src/preload/probe.ts', 'fs', 'no-restricted-imports', /runs sandboxed/);
    await expectForbidden('src/preload/probe.ts', 'better-sqlite3', 'no-restricted-imports', /runs sandboxed/);
    await expectForbidden('src/preload/probe.ts', '../main/engine/engine', 'no-restricted-imports', /sandboxed/);
    await expectForbidden('src/preload/probe.ts', '../renderer/App', 'no-restricted-imports', /sandboxed/);
    await expectAllowed('src/preload/probe.ts', 'electron');
    await expectAllowed('src/preload/probe.ts', '../shared/api');
  });

  it('src/main/desktop shares code with the web host only through src/main/host', async () => {
    await expectForbidden('src/main/desktop/probe.ts', '../web/server', 'no-restricted-imports', /src\/main\/host/);
    await expectForbidden('src/main/desktop/probe.ts', '../cli/commands', 'no-restricted-imports', /src\/main\/host/);
    await expectForbidden('src/main/desktop/probe.ts', '../../renderer/App', 'no-restricted-imports', /renderer/);
    await expectForbidden('src/main/desktop/probe.ts', '../../preload', 'no-restricted-imports', /preload/);
    await expectAllowed('src/main/desktop/probe.ts', '../host/byte-range');
    await expectAllowed('src/main/desktop/probe.ts', '../engine/engine');
    await expectAllowed('src/main/desktop/probe.ts', 'electron');
  });

  it('src/main/host (shared by the desktop and web hosts) imports no electron and no single host', async () => {
    await expectForbidden('src/main/host/probe.ts', 'electron', 'no-restricted-imports', /no electron/);
    await expectForbidden('src/main/host/probe.ts', '../web/server', 'no-restricted-imports', /no single host/);
    await expectForbidden('src/main/host/probe.ts', '../desktop/protocols', 'no-restricted-imports', /no single/);
    await expectAllowed('src/main/host/probe.ts', '../engine/engine');
  });

  it('the web host and the CLI import no electron and no other host', async () => {
    await expectForbidden('src/main/web/probe.ts', 'electron', 'no-restricted-imports', /without electron/);
    await expectForbidden('src/main/web/probe.ts', '../desktop/protocols', 'no-restricted-imports', /no other host/);
    await expectForbidden('src/main/web/probe.ts', '../cli/commands', 'no-restricted-imports', /no other host/);
    await expectForbidden('src/main/cli/probe.ts', '../web/server', 'no-restricted-imports', /no other host/);
    await expectForbidden('src/main/cli/probe.ts', 'electron', 'no-restricted-imports', /without electron/);
    await expectAllowed('src/main/cli/probe.ts', '../host/data-dir');
  });

  it('the engine imports no electron and no host', async () => {
    await expectForbidden('src/main/engine/face/probe.ts', 'electron', 'no-restricted-imports', /never imports/);
    await expectForbidden('src/main/engine/probe.ts', '../host/data-dir', 'no-restricted-imports', /never imports/);
    await expectForbidden('src/main/engine/media/probe.ts', '../../web/server', 'no-restricted-imports', /host/);
  });
});

describe('only repositories hold SQL', () => {
  const sqlErrors = async (file: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
    return result!.messages.filter((message) => message.ruleId === 'no-restricted-syntax').map((m) => m.message);
  };
  const rawDatabase =
    'export const f = (store: { db: { prepare(sql: string): unknown } }) => store.db.prepare("SELECT 1");\n';

  it('refuses a database handle or a statement in a feature file outside its repository', async () => {
    const errors = await sqlErrors('src/main/engine/rig/probe.ts', rawDatabase);
    expect(errors).toHaveLength(2);
    expect(errors.filter((message) => /store\.repository\(SomeRepo\)/.test(message))).toHaveLength(1);
    expect(errors.filter((message) => /SQL lives in the repository/.test(message))).toHaveLength(1);
    expect(
      await sqlErrors('src/main/engine/generate/probe.ts', 'export const f = (s: { db: unknown }) => s.db;\n'),
    ).toHaveLength(1);
  });

  it('accepts SQL in a repository and in the store', async () => {
    expect(await sqlErrors('src/main/engine/rig/probe-repo.ts', rawDatabase)).toEqual([]);
    expect(await sqlErrors('src/main/engine/store/probe.ts', rawDatabase)).toEqual([]);
  });
});

describe('engine features talk through their public index (mien/feature-doors)', () => {
  const doors = 'mien/feature-doors';

  it('refuses a deep import into another feature and names the index to use instead', async () => {
    const errors = await importErrors('src/main/engine/tracks/probe.ts', use('../face/faces-repo'));
    expect(errors).toEqual([
      {
        ruleId: doors,
        message:
          "'../face/faces-repo' reaches inside the feature folder 'face'. Import '../face' (its index) instead, and export what you need from face/index.ts.",
      },
    ]);
  });

  it('accepts the index, the tasks door and files of the importing feature itself', async () => {
    await expectAllowed('src/main/engine/tracks/probe.ts', '../face');
    await expectAllowed('src/main/engine/tracks/probe.ts', '../face/index');
    await expectAllowed('src/main/engine/workers/probe.ts', '../face/tasks');
    await expectAllowed('src/main/engine/tracks/probe.ts', './track-sets-repo');
    await expectAllowed('src/main/engine/models/convert/probe.ts', '../manifest');
    await expectAllowed('src/main/engine/tracks/probe.ts', '../event-bus'); // engine root files are shared
  });

  it('covers every folder, also ones added later, from any depth and from the engine root', async () => {
    await expectForbidden('src/main/engine/generate/probe.ts', '../rig/rig-handlers', doors, /'\.\.\/rig'/);
    await expectForbidden('src/main/engine/face/probe.ts', '../generate/warp-backend', doors, /'generate'/);
    await expectForbidden(
      'src/main/engine/models/convert/probe.ts',
      '../../face/landmarks',
      doors,
      /'\.\.\/\.\.\/face'/,
    );
    await expectForbidden('src/main/engine/probe.ts', './store/project-store', doors, /Import '\.\/store'/);
  });

  it('checks re-exports and dynamic imports too', async () => {
    const file = 'src/main/engine/media/probe.ts';
    const reExport = await importErrors(file, "export { FacesRepo } from '../face/faces-repo';\n");
    const exportAll = await importErrors(file, "export * from '../store/jobs-repo';\n");
    const dynamic = await importErrors(file, "export const load = () => import('../tracks/video-tracking');\n");
    for (const errors of [reExport, exportAll, dynamic]) expect(errors.map((error) => error.ruleId)).toEqual([doors]);
  });

  it('keeps hosts on the engine facade: a host may not reach into a feature folder', async () => {
    await expectForbidden('src/main/web/probe.ts', '../engine/store/project-store', doors, /'\.\.\/engine\/store'/);
    await expectAllowed('src/main/web/probe.ts', '../engine/engine');
  });
});
