import { join } from 'node:path';
import { app, BrowserWindow, dialog, shell } from 'electron';
import { createEngine, type Engine } from '../engine/engine';
import { APP_ENTRY_URL, APP_ORIGIN, isAppUrl } from './app-origin';
import { denyAllPermissions, hardenWebContents } from './harden';
import { installIpcBridge } from './ipc-bridge';
import { ELECTRON_SQLITE_BINDING, findElectronSqliteBinding } from './native-binding';
import { handleAppProtocol, handleMediaProtocol, registerPrivilegedSchemes } from './protocols';
import { createMainWindow } from './window';

/** Electron main process: one engine, one editor window, served over mien-app:// (never file://). */

// out/main/index.js -> out/preload/index.cjs and out/renderer/
const preloadPath = join(import.meta.dirname, '../preload/index.cjs');
const rendererDir = join(import.meta.dirname, '../renderer');
// electron-vite dev serves the renderer with hot reload; only honoured in an unpackaged app.
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const pageUrl = devServerUrl ?? APP_ENTRY_URL;
const pageOrigin = devServerUrl ? new URL(devServerUrl).origin : APP_ORIGIN;
const ownUrl = (url: string): boolean => isAppUrl(url, devServerUrl);

// Tests (and users who want a separate profile) can point the app at another data folder.
if (process.env.MIEN_USER_DATA_DIR) app.setPath('userData', process.env.MIEN_USER_DATA_DIR);

registerPrivilegedSchemes();
hardenWebContents();

let engine: Engine | null = null;
let mainWindow: BrowserWindow | null = null;

function showMainWindow(): void {
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
    return;
  }
  mainWindow = createMainWindow(preloadPath, pageUrl);
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

async function start(): Promise<void> {
  await app.whenReady();
  denyAllPermissions();
  const sqliteNativeBinding = findElectronSqliteBinding(app.getAppPath(), app.isPackaged);
  try {
    // A store that cannot be opened does not throw here: the engine reports it through
    // system.info and the renderer offers to move it aside.
    engine = await createEngine({
      dataDir: app.getPath('userData'),
      host: 'desktop',
      sqliteNativeBinding,
      // renders.reveal: the engine never imports electron, so the host lends it the file manager.
      revealFile: (file) => shell.showItemInFolder(file),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const abiHint = /NODE_MODULE_VERSION|was compiled against/.test(message)
      ? `\n\nbetter-sqlite3 is built for Node, not Electron. On a machine with internet access run\n` +
        `  node scripts/rebuild-electron-native.mjs\nto create ${ELECTRON_SQLITE_BINDING}.`
      : '';
    dialog.showErrorBox('Mien cannot start', `${message}${abiHint}`);
    app.exit(1);
    return;
  }
  handleAppProtocol(rendererDir);
  handleMediaProtocol(engine, pageOrigin);
  installIpcBridge({
    engine,
    appWebContents: () => BrowserWindow.getAllWindows().map((window) => window.webContents),
    isAppUrl: ownUrl,
  });
  showMainWindow();
  app.on('activate', showMainWindow);
}

if (!app.requestSingleInstanceLock()) {
  // One process owns the project database; a second launch focuses the first one's window.
  app.quit();
} else {
  app.on('second-instance', showMainWindow);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let closing = false;
  app.on('will-quit', (event) => {
    if (!engine || closing) return;
    // Let the engine mark running jobs interrupted and close the database before exiting.
    event.preventDefault();
    closing = true;
    const running = engine;
    engine = null;
    running.close().finally(() => app.quit());
  });
  start().catch((error: unknown) => {
    dialog.showErrorBox('Mien cannot start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
}
