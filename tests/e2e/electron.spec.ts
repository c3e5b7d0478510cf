import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The desktop host end to end: the real Electron app (out/main/index.js) with its sandboxed
 * preload and mien-app:// page. Runs only where the Electron binary is installed; elsewhere it is
 * reported as skipped with the reason (Electron downloads its binary on first use, which needs
 * network access to GitHub).
 */
const root = resolve(import.meta.dirname, '..', '..');

async function installedElectron(): Promise<string | null> {
  const lib = (await import(pathToFileURL(join(root, 'scripts/lib/electron-binary.mjs')).href)) as {
    installedElectronPath(): string | null;
  };
  return lib.installedElectronPath();
}

test.describe('Electron desktop host', () => {
  let app: ElectronApplication | undefined;
  let userData: string | undefined;

  test.afterEach(async () => {
    await app?.close();
    if (userData) rmSync(userData, { recursive: true, force: true });
  });

  async function launch(): Promise<Page> {
    const executablePath = await installedElectron();
    test.skip(
      !executablePath,
      'Electron binary not installed: node_modules/electron has no downloaded binary (offline install); run `npx install-electron` where GitHub is reachable',
    );
    userData = mkdtempSync(join(tmpdir(), 'mien-electron-'));
    app = await electron.launch({
      executablePath: executablePath!,
      args: [root, ...(process.platform === 'linux' && process.env.CI ? ['--no-sandbox'] : [])],
      env: { ...process.env, MIEN_USER_DATA_DIR: userData },
    });
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    return page;
  }

  test('loads over mien-app:// in a sandboxed, isolated window', async () => {
    const page = await launch();
    expect(page.url()).toMatch(/^mien-app:\/\/app\//);
    const prefs = await app!.evaluate(({ BrowserWindow }) => {
      // Not in Electron's type definitions, but present at run time.
      const contents = BrowserWindow.getAllWindows()[0]!.webContents as unknown as {
        getLastWebPreferences(): Record<string, unknown> | null;
      };
      const web = contents.getLastWebPreferences();
      return { contextIsolation: web?.contextIsolation, sandbox: web?.sandbox, nodeIntegration: web?.nodeIntegration };
    });
    expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    const globals = await page.evaluate(() => ({
      process: typeof (globalThis as { process?: unknown }).process,
      require: typeof (globalThis as { require?: unknown }).require,
      ipcRenderer: typeof (globalThis as { ipcRenderer?: unknown }).ipcRenderer,
      mien: Object.keys((globalThis as unknown as { mien: object }).mien).sort(),
    }));
    expect(globals).toEqual({
      process: 'undefined',
      require: 'undefined',
      ipcRenderer: 'undefined',
      mien: ['call', 'mediaUrl', 'on', 'openStream'],
    });
  });

  test('denies window.open and navigation away from the app', async () => {
    const page = await launch();
    // The page's globals are typed loosely here: this file is compiled without the DOM library.
    const opened = await page.evaluate(
      () => (globalThis as unknown as { open(url: string): unknown }).open('https://example.com') === null,
    );
    expect(opened).toBe(true);
    await page.evaluate(() => {
      (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toMatch(/^mien-app:\/\/app\//);
    expect(app!.windows()).toHaveLength(1);
  });

  test('calls the engine through window.mien, imports a photo and shows it via mien-media://', async () => {
    const page = await launch();
    const bytes = [...readFileSync(join(root, 'tests/fixtures/astronaut.png'))];
    const outcome = await page.evaluate(async (fileBytes) => {
      type Client = {
        call(method: string, params: unknown): Promise<Record<string, unknown>>;
        on(event: string, listener: (payload: Record<string, unknown>) => void): () => void;
        mediaUrl(sha: string): string;
      };
      const mien = (globalThis as unknown as { mien: Client }).mien;
      const project = await mien.call('projects.create', { name: 'Electron test' });
      let badCallCode = '';
      try {
        await mien.call('projects.create', { name: 7 });
      } catch (error) {
        badCallCode = String((error as { code?: unknown }).code);
      }
      const finished = new Promise<Record<string, unknown>>((resolveJob) => {
        mien.on('job.updated', (job) => {
          if (['succeeded', 'failed'].includes(String(job.state))) resolveJob(job);
        });
      });
      await mien.call('assets.importBytes', {
        projectId: project.id,
        fileName: 'astronaut.png',
        bytes: new Uint8Array(fileBytes),
      });
      const job = await finished;
      const assets = (await mien.call('assets.list', { projectId: project.id })) as unknown as Array<{
        thumbnailSha256: string;
      }>;
      const url = mien.mediaUrl(assets[0]!.thumbnailSha256);
      const width = await new Promise<number>((resolveImage) => {
        type LoadableImage = { onload: () => void; onerror: () => void; src: string; naturalWidth: number };
        const image = new (globalThis as unknown as { Image: new () => LoadableImage }).Image();
        image.onload = () => resolveImage(image.naturalWidth);
        image.onerror = () => resolveImage(-1);
        image.src = url;
      });
      return { state: job.state, badCallCode, url, width };
    }, bytes);
    expect(outcome.state).toBe('succeeded');
    expect(outcome.badCallCode).toBe('invalid_request');
    expect(outcome.url).toMatch(/^mien-media:\/\/blob\/[0-9a-f]{64}$/);
    expect(outcome.width).toBeGreaterThan(0);
  });
});
