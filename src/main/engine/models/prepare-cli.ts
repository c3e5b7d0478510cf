/**
 * Entry point of `npm run prepare-models` and of postinstall (through scripts/prepare-models.mjs and tsx).
 * Usage: prepare-cli.ts [--force] [--out DIR]. Exit code 1 and one readable line on failure.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPackageDir, prepareModels } from './prepare';
import { SOURCE_PACKAGE } from './catalog';

export async function runPrepareCli(argv: string[]): Promise<number> {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
  const outIndex = argv.indexOf('--out');
  const outDir =
    outIndex >= 0 && argv[outIndex + 1]
      ? path.resolve(argv[outIndex + 1] as string)
      : path.join(repoRoot, 'resources/models');
  const packageDir = findPackageDir(SOURCE_PACKAGE, repoRoot);
  if (!packageDir) {
    console.error(`[mien] models: ${SOURCE_PACKAGE} is not installed, so the face models cannot be prepared.`);
    return 1;
  }
  try {
    const report = await prepareModels({
      packageDir,
      outDir,
      force: argv.includes('--force'),
      log: (line) => console.log(`[mien] models: ${line}`),
    });
    const skipped = report.skipped.length ? `, ${report.skipped.length} up to date` : '';
    console.log(
      `[mien] models: ${report.converted.length} converted${skipped} in ${report.totalMs.toFixed(0)} ms -> ${path.relative(process.cwd(), report.manifestPath) || report.manifestPath}`,
    );
    return 0;
  } catch (error) {
    console.error(`[mien] models: preparation failed: ${(error as Error).message}`);
    return 1;
  }
}
