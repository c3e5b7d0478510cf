import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

interface Browser {
  executablePath: string;
  env: Record<string, string>;
  source: string;
  description: string;
}
const root = path.resolve(import.meta.dirname, '..', '..', '..');
const { resolveBrowser } = (await import(pathToFileURL(path.join(root, 'scripts/lib/browser.mjs')).href)) as {
  resolveBrowser(): Promise<Browser>;
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mien-browser-'));
const saved = process.env.MIEN_CHROMIUM_PATH;
afterEach(() => {
  if (saved === undefined) delete process.env.MIEN_CHROMIUM_PATH;
  else process.env.MIEN_CHROMIUM_PATH = saved;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.skipIf(process.platform === 'win32')('the e2e browser resolver', () => {
  it('takes MIEN_CHROMIUM_PATH first and names it with the version the browser prints', async () => {
    const fake = path.join(dir, 'fake-chromium');
    fs.writeFileSync(fake, '#!/bin/sh\necho "FakeChromium 1.2.3"\n', { mode: 0o755 });
    process.env.MIEN_CHROMIUM_PATH = fake;
    const browser = await resolveBrowser();
    expect(browser).toMatchObject({ executablePath: fake, source: 'MIEN_CHROMIUM_PATH', env: {}, passedOver: [] });
    expect(browser.description).toBe(`MIEN_CHROMIUM_PATH: FakeChromium 1.2.3 (${fake})`);
  });

  it('fails on a MIEN_CHROMIUM_PATH that is not an executable file instead of looking elsewhere', async () => {
    const notExecutable = path.join(dir, 'not-executable');
    fs.writeFileSync(notExecutable, 'x', { mode: 0o644 });
    process.env.MIEN_CHROMIUM_PATH = notExecutable;
    await expect(resolveBrowser()).rejects.toThrow(
      `MIEN_CHROMIUM_PATH is set to ${notExecutable}, which is not an executable file.`,
    );
  });
});
