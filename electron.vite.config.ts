import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

/**
 * One build, three targets (docs/architecture.md "Build and run"):
 *  - out/main: ES modules for Node/Electron: the Electron main process (index.js), the loopback
 *    web host (web.js), the CLI (cli.js) and the engine's worker_threads entry (worker.js).
 *  - out/preload/index.cjs: CommonJS, because sandboxed preloads cannot load ES modules.
 *  - out/renderer: the static React app both hosts serve.
 */
const root = import.meta.dirname;
const fromRoot = (path: string): string => resolve(root, path);

/**
 * Packages with native binaries or their own file layout must be loaded from node_modules at
 * run time, never bundled. Every `dependencies` entry is externalised already (electron-vite's
 * externalizeDeps); ffmpeg-static is an optional dependency, so it is named explicitly.
 */
const nativePackages = ['better-sqlite3', 'sharp', 'onnxruntime-node', 'ffmpeg-static', 'ws'];

export default defineConfig({
  main: {
    build: {
      externalizeDeps: { include: nativePackages },
      rolldownOptions: {
        input: {
          index: fromRoot('src/main/desktop/index.ts'),
          web: fromRoot('src/main/web/index.ts'),
          cli: fromRoot('src/main/cli/index.ts'),
          worker: fromRoot('src/main/engine/workers/worker-entry.ts'),
        },
        output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require only `electron` (and a few built-ins): bundle everything else.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: fromRoot('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs' },
      },
    },
  },
  renderer: {
    root: fromRoot('src/renderer'),
    plugins: [react()],
    build: {
      rolldownOptions: { input: { index: fromRoot('src/renderer/index.html') } },
    },
  },
});
