#!/usr/bin/env node
// `npm test`: the whole suite, in the order that fails fastest. Prints one closing line
// "N passed, N failed, N skipped" summed over vitest (the main run and the latency run) and Playwright.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
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

// Reports left by an earlier run must not be counted when a step dies before writing its own.
const vitestJson = path.join(reports, 'vitest.json');
const latencyJson = path.join(reports, 'vitest-latency.json');
const playwrightJson = path.join(reports, 'playwright.json');
for (const report of [vitestJson, latencyJson, playwrightJson]) rmSync(report, { force: true });

const vitestReporters = (outputFile) => ['--reporter=default', '--reporter=json', `--outputFile.json=${outputFile}`];
steps.push(['vitest', run('unit and integration', npx, ['vitest', 'run', ...vitestReporters(vitestJson)])]);
// Latency tests (*.latency.test.ts) time how fast a thread answers under CPU load, so they run on
// their own after the main run: one worker, one file at a time, nothing else competing for the cores.
steps.push([
  'latency',
  run('latency', npx, [
    'vitest',
    'run',
    '--mode',
    'latency',
    '--maxWorkers=1',
    '--no-file-parallelism',
    ...vitestReporters(latencyJson),
  ]),
]);

if (built) {
  steps.push([
    'playwright',
    run('end to end', npx, ['playwright', 'test', '--reporter=list,json'], {
      PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson,
    }),
  ]);
}

/** Counts from a vitest JSON report, or null where the run wrote none. */
const vitestCounts = (file) => {
  if (!existsSync(file)) return null;
  const v = JSON.parse(readFileSync(file, 'utf8'));
  return {
    passed: v.numPassedTests ?? 0,
    failed: v.numFailedTests ?? 0,
    skipped: (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0),
  };
};
const playwrightCounts = (file) => {
  if (!existsSync(file)) return null;
  const s = JSON.parse(readFileSync(file, 'utf8')).stats ?? {};
  return { passed: (s.expected ?? 0) + (s.flaky ?? 0), failed: s.unexpected ?? 0, skipped: s.skipped ?? 0 };
};
const reportOf = {
  vitest: vitestCounts(vitestJson),
  latency: vitestCounts(latencyJson),
  playwright: playwrightCounts(playwrightJson),
};

let passed = 0;
let failed = 0;
let skipped = 0;
for (const counts of Object.values(reportOf)) {
  if (!counts) continue;
  passed += counts.passed;
  failed += counts.failed;
  skipped += counts.skipped;
}
// A failed step counts once unless its report already counts its failures: a tool step (format,
// lint, ...), a test run that wrote no report, or one that failed on errors outside any test.
for (const [name, ok] of steps) {
  if (!ok && !(reportOf[name]?.failed > 0)) failed += 1;
}
const failedSteps = steps.filter(([, ok]) => !ok).map(([name]) => name);
console.log(`\nsteps failed: ${failedSteps.length ? failedSteps.join(', ') : 'none'}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failedSteps.length ? 1 : 0);
