import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

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

/**
 * `electron-vite dev` serves the renderer through Vite, whose React refresh preamble is an inline
 * script and whose CSS arrives as inline <style>. Relax the CSP for the dev server only; the built
 * app keeps the strict policy written in index.html.
 */
const devServerCsp = (): Plugin => ({
  name: 'mien-dev-server-csp',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html
      .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
      .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
      .replace("connect-src 'self'", "connect-src 'self' ws://localhost:* http://localhost:*"),
});

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
    plugins: [react(), devServerCsp()],
    build: {
      minify: true,
      rolldownOptions: { input: { index: fromRoot('src/renderer/index.html') } },
    },
  },
});
