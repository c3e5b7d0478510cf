// Converts the TF.js face models shipped in @vladmandic/human to ONNX in resources/models (see
// resources/models/README.md). The converter is TypeScript; tsx (a dependency) loads it in-process.
// Flags: --force (reconvert everything), --out DIR.
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';

export async function prepareModels(argv = []) {
  const { runPrepareCli } = await tsImport('../src/main/engine/models/prepare-cli.ts', import.meta.url);
  return runPrepareCli(argv);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await prepareModels(process.argv.slice(2));
}
