#!/usr/bin/env node
// `npm test`: the whole suite, in the order that fails fastest. Prints one closing line
// "N passed, N failed, N skipped" summed over vitest and Playwright.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const reports = path.join(root, 'test-results');
mkdirSync(reports, { recursive: true });

const run = (label, command, args, env = {}) => {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`=== ${label}: exit ${result.status} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result.status === 0;
};

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const steps = [];
steps.push(['format', run('format', npx, ['prettier', '--check', '.'])]);
steps.push(['lint', run('lint', npx, ['eslint', '.', '--max-warnings', '0'])]);
steps.push(['typecheck node', run('typecheck node', npx, ['tsc', '-p', 'tsconfig.node.json'])]);
steps.push(['typecheck web', run('typecheck web', npx, ['tsc', '-p', 'tsconfig.web.json'])]);
const built = run('build', npx, ['electron-vite', 'build']);
steps.push(['build', built]);

const vitestJson = path.join(reports, 'vitest.json');
steps.push([
  'vitest',
  run('unit and integration', npx, [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${vitestJson}`,
  ]),
]);

const playwrightJson = path.join(reports, 'playwright.json');
if (built) {
  steps.push([
    'playwright',
    run('end to end', npx, ['playwright', 'test', '--reporter=list,json'], {
      PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson,
    }),
  ]);
}

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(vitestJson)) {
  const v = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += v.numPassedTests ?? 0;
  failed += v.numFailedTests ?? 0;
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
}
if (existsSync(playwrightJson)) {
  const s = JSON.parse(readFileSync(playwrightJson, 'utf8')).stats ?? {};
  passed += (s.expected ?? 0) + (s.flaky ?? 0);
  failed += s.unexpected ?? 0;
  skipped += s.skipped ?? 0;
}
const failedSteps = steps.filter(([, ok]) => !ok).map(([name]) => name);
console.log(`\nsteps failed: ${failedSteps.length ? failedSteps.join(', ') : 'none'}`);
console.log(
  `${passed} passed, ${failed + failedSteps.filter((s) => s !== 'vitest' && s !== 'playwright').length} failed, ${skipped} skipped`,
);
process.exit(failedSteps.length ? 1 : 0);
