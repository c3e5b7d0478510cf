// The Chromium the end-to-end tests drive, found or obtained without any set-up by hand. In order:
//   1. MIEN_CHROMIUM_PATH, when set (an explicit choice wins; a wrong path is an error, not skipped);
//   2. Playwright's own Chromium, when `npx playwright install chromium` has been run;
//   3. a system Chrome or Chromium (the usual install places, then PATH);
//   4. `playwright install chromium`, when that download works (MIEN_BROWSER_DOWNLOAD=0 skips it);
//   5. on Linux x64, the headless Chromium that the @sparticuz/chromium dev dependency carries
//      inside its npm tarball, unpacked once into node_modules/.cache/mien-chromium/<version>/.
// Where none works, resolveBrowser throws with each route's reason: the tests are never skipped.
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import { projectRoot } from './build-if-stale.mjs';

/**
 * @typedef {object} Browser
 * @property {string} executablePath
 * @property {Record<string, string>} env   variables the browser needs on top of the test process's
 * @property {string} source                which route found it
 * @property {string} description           what to print: source, version and path
 * @property {string[]} passedOver            why each route before it found nothing
 */

const requireFromRoot = createRequire(path.join(projectRoot, 'package.json'));

// The same check as the engine's find-executable.ts (scripts cannot import the TypeScript engine).
function isExecutableFile(candidate) {
  try {
    if (!statSync(candidate).isFile()) return false;
    accessSync(candidate, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The browser's own version line ("Chromium 147.0.7727.0"), or null when it does not start. */
function versionOf(executablePath, env = {}) {
  // Chrome on Windows opens a window for --version instead of printing it.
  if (process.platform === 'win32') return 'version not checked on Windows';
  const result = spawnSync(executablePath, ['--version'], {
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, ...env },
  });
  const line = result.stdout?.trim().split('\n').pop();
  return result.status === 0 && line ? line : null;
}

function fromEnvironment() {
  const chosen = process.env.MIEN_CHROMIUM_PATH?.trim();
  if (!chosen) return { reason: 'MIEN_CHROMIUM_PATH is not set' };
  if (!isExecutableFile(chosen)) {
    throw new Error(`MIEN_CHROMIUM_PATH is set to ${chosen}, which is not an executable file.`);
  }
  return { found: { executablePath: chosen, env: {}, source: 'MIEN_CHROMIUM_PATH' } };
}

function playwrightsOwn() {
  try {
    const { chromium } = requireFromRoot('@playwright/test');
    const executablePath = chromium.executablePath();
    if (isExecutableFile(executablePath)) {
      return { found: { executablePath, env: {}, source: "Playwright's own Chromium" } };
    }
    return { reason: `Playwright's Chromium is not installed (${executablePath})` };
  } catch (error) {
    return { reason: `Playwright's Chromium is unknown (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** Where Chrome and Chromium install themselves, then the names to look for on PATH. */
function systemCandidates() {
  if (process.platform === 'darwin') {
    const apps = ['Google Chrome.app/Contents/MacOS/Google Chrome', 'Chromium.app/Contents/MacOS/Chromium'];
    return {
      files: ['/Applications', path.join(os.homedir(), 'Applications')].flatMap((dir) =>
        apps.map((app) => path.join(dir, app)),
      ),
      names: [],
    };
  }
  if (process.platform === 'win32') {
    const roots = [process.env.PROGRAMFILES, process.env['PROGRAMFILES(X86)'], process.env.LOCALAPPDATA].filter(
      Boolean,
    );
    const apps = ['Google/Chrome/Application/chrome.exe', 'Chromium/Application/chrome.exe'];
    return { files: roots.flatMap((dir) => apps.map((app) => path.join(dir, app))), names: ['chrome.exe'] };
  }
  // Linux and BSDs. Debian's /usr/bin/chromium is a launcher script: its binary
  // (/usr/lib/chromium/chromium) is not used on its own, so hiding the script hides Chromium.
  return {
    files: [
      '/usr/bin/chromium',
      '/usr/bin/google-chrome-stable',
      '/usr/bin/google-chrome',
      '/opt/google/chrome/chrome',
    ],
    names: ['chromium', 'google-chrome-stable', 'google-chrome', 'chromium-browser'],
  };
}

function systemBrowser() {
  const { files, names } = systemCandidates();
  const onPath = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .flatMap((dir) => names.map((name) => path.join(dir, name)));
  const tried = [];
  for (const candidate of [...files, ...onPath]) {
    if (!isExecutableFile(candidate)) continue;
    const version = versionOf(candidate);
    if (version) return { found: { executablePath: candidate, env: {}, source: 'system Chrome/Chromium', version } };
    tried.push(`${candidate} did not start`);
  }
  return { reason: tried.length ? tried.join('; ') : 'no system Chrome or Chromium is installed' };
}

function playwrightInstall() {
  if (process.env.MIEN_BROWSER_DOWNLOAD === '0')
    return { reason: '`playwright install` skipped (MIEN_BROWSER_DOWNLOAD=0)' };
  const timeout = Number(process.env.MIEN_BROWSER_DOWNLOAD_TIMEOUT_MS) || 180_000;
  console.log(`[mien] e2e browser: trying \`playwright install chromium\` (at most ${timeout / 1000} s)...`);
  const cli = path.join(path.dirname(requireFromRoot.resolve('@playwright/test/package.json')), 'cli.js');
  const result = spawnSync(process.execPath, [cli, 'install', 'chromium'], { encoding: 'utf8', timeout });
  if (result.status === 0) {
    const own = playwrightsOwn();
    if (own.found) return { found: { ...own.found, source: 'Chromium from `playwright install chromium`' } };
    return { reason: `\`playwright install chromium\` finished but ${own.reason}` };
  }
  const output = `${result.stderr ?? ''}\n${result.stdout ?? ''}`;
  const why =
    result.error?.message ??
    output
      .split('\n')
      .map((line) => line.trim())
      .find((line) => /error/i.test(line)) ??
    `exit ${result.status}`;
  return { reason: `\`playwright install chromium\` failed: ${why}` };
}

/** Decompresses a .br file to `target`, or a .tar.br archive into the folder `target`. */
async function unbrotli(source, target, tarFs) {
  const input = createReadStream(source);
  if (source.endsWith('.tar.br')) {
    mkdirSync(target, { recursive: true });
    // As root tar-fs would give the files the archive's owners; keep them ours.
    await pipeline(input, createBrotliDecompress(), tarFs.extract(target, { chown: false }));
  } else {
    await pipeline(input, createBrotliDecompress(), createWriteStream(target, { mode: 0o755 }));
  }
}

/**
 * fontconfig settings for the unpacked Chromium: the system's own configuration when there is one,
 * plus the fonts the package carries, so text renders on a machine without any font installed.
 */
function fontsConf(folder) {
  return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>/usr/share/fonts</dir>
  <dir>/usr/local/share/fonts</dir>
  <dir prefix="xdg">fonts</dir>
  <dir>${path.join(folder, 'fonts')}</dir>
  <cachedir>${path.join(folder, 'fonts-cache')}</cachedir>
</fontconfig>
`;
}

/** The installed folder of `name` (whose exports do not include its package.json), or null. */
function packageFolder(name) {
  let folder;
  try {
    folder = path.dirname(requireFromRoot.resolve(name));
  } catch {
    return null;
  }
  for (; folder !== path.dirname(folder); folder = path.dirname(folder)) {
    const manifest = path.join(folder, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === name) return folder;
  }
  return null;
}

async function packagedChromium() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return {
      reason: `@sparticuz/chromium carries Chromium for Linux x64 only (this is ${process.platform} ${process.arch})`,
    };
  }
  const packageDir = packageFolder('@sparticuz/chromium');
  if (!packageDir) return { reason: 'the @sparticuz/chromium dev dependency is not installed' };
  const { version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
  const folder = path.join(projectRoot, 'node_modules', '.cache', 'mien-chromium', version);
  const env = {
    // The browser needs NSS and expat; the package carries the libraries for machines without them.
    LD_LIBRARY_PATH: [path.join(folder, 'al2023', 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
    FONTCONFIG_PATH: folder,
  };
  const executablePath = path.join(folder, 'chromium');
  if (!isExecutableFile(executablePath)) {
    console.log(`[mien] e2e browser: unpacking @sparticuz/chromium ${version} into ${folder} (once)...`);
    const partial = `${folder}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    // tar-fs is @sparticuz/chromium's own dependency: resolve it from there.
    const tarFs = createRequire(path.join(packageDir, 'package.json'))('tar-fs');
    const bin = path.join(packageDir, 'bin');
    await unbrotli(path.join(bin, 'chromium.br'), path.join(partial, 'chromium'), tarFs);
    // SwiftShader (libEGL, libGLESv2, Vulkan) beside the binary, where Chromium looks for WebGL.
    await unbrotli(path.join(bin, 'swiftshader.tar.br'), partial, tarFs);
    await unbrotli(path.join(bin, 'al2023.tar.br'), path.join(partial, 'al2023'), tarFs);
    await unbrotli(path.join(bin, 'fonts.tar.br'), path.join(partial, 'fonts-package'), tarFs);
    // The archive's own fonts.conf points at /tmp/fonts; ours points at this folder.
    renameSync(path.join(partial, 'fonts-package', 'fonts'), path.join(partial, 'fonts'));
    rmSync(path.join(partial, 'fonts-package'), { recursive: true, force: true });
    writeFileSync(path.join(partial, 'fonts.conf'), fontsConf(folder));
    try {
      renameSync(partial, folder);
    } catch (error) {
      // Another test run unpacked it at the same time: keep theirs.
      rmSync(partial, { recursive: true, force: true });
      if (!existsSync(executablePath)) throw error;
    }
  }
  const found = versionOf(executablePath, env);
  if (!found) return { reason: `the Chromium of @sparticuz/chromium ${version} (${executablePath}) did not start` };
  return { found: { executablePath, env, source: `@sparticuz/chromium ${version}`, version: found } };
}

/**
 * Finds or obtains the browser for the end-to-end tests (see the top of this file).
 * @returns {Promise<Browser>}
 */
export async function resolveBrowser() {
  const reasons = [];
  const routes = [fromEnvironment, playwrightsOwn, systemBrowser, playwrightInstall, packagedChromium];
  for (const route of routes) {
    const { found, reason } = await route();
    if (found) {
      const version = found.version ?? versionOf(found.executablePath, found.env) ?? 'version unknown';
      return {
        executablePath: found.executablePath,
        env: found.env,
        source: found.source,
        description: `${found.source}: ${version} (${found.executablePath})`,
        passedOver: reasons,
      };
    }
    reasons.push(reason);
  }
  throw new Error(
    `No browser for the end-to-end tests: ${reasons.join('; ')}. ` +
      'Install Chrome or Chromium, run `npx playwright install chromium`, or set MIEN_CHROMIUM_PATH.',
  );
}
