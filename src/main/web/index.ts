import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createEngine } from '../engine/engine';
import { resolveDataDir } from '../host/data-dir';
import { hasDisplay, openInBrowser } from './open-browser';
import { parseWebHostArgs, webHostUsage } from './options';
import { startWebHost } from './server';

/** Entry of `npm run web` (built to out/main/web.js): engine + loopback web host. */
async function main(argv: string[]): Promise<number> {
  let options;
  try {
    options = parseWebHostArgs(argv);
  } catch (error) {
    console.error(`mien web: ${(error as Error).message}\n\n${webHostUsage}`);
    return 2;
  }
  if (options.help) {
    console.log(webHostUsage);
    return 0;
  }
  // out/main/web.js serves out/renderer.
  const rendererDir = resolve(import.meta.dirname, '../renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    console.error(`mien web: no built renderer at ${rendererDir}; run \`npm run build\` first.`);
    return 1;
  }
  const dataDir = resolveDataDir(options.dataDir);
  const engine = await createEngine({ dataDir, host: 'web' });
  let host;
  try {
    host = await startWebHost({
      engine,
      rendererDir,
      port: options.port,
      fallbackToRandomPort: !options.portExplicit,
    });
  } catch (error) {
    await engine.close();
    console.error(`mien web: cannot listen on 127.0.0.1:${options.port}: ${(error as Error).message}`);
    return 1;
  }
  console.log(`Mien web host (data: ${dataDir})`);
  console.log(`Open ${host.url}`);
  if (options.open) {
    const failure = hasDisplay() ? await openInBrowser(host.url) : 'no display (DISPLAY/WAYLAND_DISPLAY unset)';
    if (failure) console.log(`(not opening a browser: ${failure})`);
  }

  await new Promise<void>((resolveStop) => {
    process.once('SIGINT', () => resolveStop());
    process.once('SIGTERM', () => resolveStop());
  });
  await host.close();
  await engine.close();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('mien web: failed to start:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
