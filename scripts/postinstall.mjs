// Runs after `npm install` / `npm ci`: says which npm packages brought ffmpeg and ffprobe, then prepares
// the ONNX face models. It never fails the install: when the conversion cannot run, it says why and the
// app reports the models as missing until `npm run prepare-models` succeeds. Set MIEN_SKIP_MODELS=1 to
// skip the models.
import { reportPackagedMediaTools } from './lib/media-tools.mjs';

reportPackagedMediaTools();
if (process.env.MIEN_SKIP_MODELS === '1') {
  console.log('[mien] models: skipped (MIEN_SKIP_MODELS=1); run `npm run prepare-models` later.');
} else {
  try {
    const { prepareModels } = await import('./prepare-models.mjs');
    const code = await prepareModels([]);
    if (code !== 0) {
      console.warn(
        '[mien] models: not prepared; face analysis stays unavailable until `npm run prepare-models` succeeds.',
      );
    }
  } catch (error) {
    console.warn(`[mien] models: not prepared (${error instanceof Error ? error.message : String(error)}).`);
    console.warn('[mien] models: face analysis stays unavailable until `npm run prepare-models` succeeds.');
  }
}
