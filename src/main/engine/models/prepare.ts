import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FACE_MODEL_CATALOG, SOURCE_PACKAGE, type CatalogEntry } from './catalog';
import { convertTfjsModelFile } from './convert/convert';
import { CONVERTER_VERSION } from './convert/version';
import { sha256Hex, sha256OfFiles } from './hash';
import { MANIFEST_FILE, MANIFEST_VERSION, readManifest, type ManifestModel, type ModelManifest } from './manifest';

export interface PrepareOptions {
  /** Folder of the installed @vladmandic/human package. */
  packageDir: string;
  /** Output folder (resources/models). */
  outDir: string;
  /** Convert even when the manifest says everything is up to date. */
  force?: boolean;
  log?: (line: string) => void;
}

export interface PrepareReport {
  converted: { id: string; ms: number; bytes: number }[];
  skipped: string[];
  manifestPath: string;
  totalMs: number;
}

/** Finds node_modules/<name> from `fromDir` upwards, the way Node resolves packages. */
export function findPackageDir(name: string, fromDir: string): string | null {
  for (let dir = path.resolve(fromDir); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}

async function sourceFiles(modelJsonPath: string): Promise<string[]> {
  const json = JSON.parse(await readFile(modelJsonPath, 'utf8')) as { weightsManifest?: { paths: string[] }[] };
  const shards = (json.weightsManifest ?? []).flatMap((group) => group.paths);
  return [modelJsonPath, ...shards.map((shard) => path.join(path.dirname(modelJsonPath), shard))];
}

async function fileSha256(file: string): Promise<string | null> {
  try {
    return sha256Hex(await readFile(file));
  } catch {
    return null;
  }
}

/** Writes through a temporary name so a crash never leaves a half-written model under the real name. */
async function writeAtomically(file: string, bytes: Uint8Array | string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, file);
}

async function isUpToDate(
  previous: ManifestModel | undefined,
  entry: CatalogEntry,
  packageVersion: string,
  originalSha256: string,
  outDir: string,
): Promise<boolean> {
  if (!previous) return false;
  if (previous.provenance.packageVersion !== packageVersion || previous.provenance.originalSha256 !== originalSha256) {
    return false;
  }
  if (previous.file !== `${entry.id}.onnx`) return false;
  return (await fileSha256(path.join(outDir, previous.file))) === previous.sha256;
}

/**
 * Converts the catalogue's TF.js models to ONNX and writes manifest.json. Idempotent: a model whose source
 * hash, package version, converter version and output hash all match the manifest is left alone.
 */
export async function prepareModels(options: PrepareOptions): Promise<PrepareReport> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const packageJson = JSON.parse(await readFile(path.join(options.packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  await mkdir(options.outDir, { recursive: true });
  const manifestPath = path.join(options.outDir, MANIFEST_FILE);
  let previous: ModelManifest | null = null;
  try {
    previous = await readManifest(manifestPath);
  } catch (error) {
    log(`ignoring the existing manifest: ${(error as Error).message}`);
  }
  const reusable = !options.force && previous?.converterVersion === CONVERTER_VERSION ? previous : null;

  const report: PrepareReport = { converted: [], skipped: [], manifestPath, totalMs: 0 };
  const models: ManifestModel[] = [];
  for (const entry of FACE_MODEL_CATALOG) {
    const modelJsonPath = path.join(options.packageDir, 'models', entry.sourceFile);
    const originalSha256 = await sha256OfFiles(await sourceFiles(modelJsonPath));
    const old = reusable?.models.find((m) => m.id === entry.id);
    if (old && (await isUpToDate(old, entry, packageJson.version, originalSha256, options.outDir))) {
      models.push(old);
      report.skipped.push(entry.id);
      continue;
    }
    const t0 = performance.now();
    const provenance = {
      package: SOURCE_PACKAGE,
      packageVersion: packageJson.version,
      originalModel: `${SOURCE_PACKAGE}/models/${entry.sourceFile}`,
      originalSha256,
      upstream: entry.upstream,
      licence: entry.licence,
      licenceNote: entry.licenceNote,
    };
    const converted = await convertTfjsModelFile(modelJsonPath, {
      graphName: entry.id,
      metadata: {
        source_package: `${provenance.package}@${provenance.packageVersion}`,
        source_model: provenance.originalModel,
        source_sha256: originalSha256,
        upstream: entry.upstream,
        licence: entry.licence,
        converter_version: String(CONVERTER_VERSION),
      },
    });
    const file = `${entry.id}.onnx`;
    await writeAtomically(path.join(options.outDir, file), converted.onnx);
    const ms = performance.now() - t0;
    report.converted.push({ id: entry.id, ms, bytes: converted.onnx.byteLength });
    log(`converted ${entry.id} (${(converted.onnx.byteLength / 1e6).toFixed(1)} MB) in ${ms.toFixed(0)} ms`);
    models.push({
      id: entry.id,
      role: entry.role,
      file,
      sha256: sha256Hex(converted.onnx),
      bytes: converted.onnx.byteLength,
      opset: converted.opset,
      inputs: converted.inputs.map((t) => ({ ...t, dtype: 'float32' as const })),
      outputs: converted.outputs.map((t) => ({ ...t, dtype: 'float32' as const })),
      inputLayout: 'NHWC',
      normalisation: entry.normalisation,
      provenance,
      notes: entry.notes,
    });
  }
  const manifest: ModelManifest = { manifestVersion: MANIFEST_VERSION, converterVersion: CONVERTER_VERSION, models };
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  if (report.converted.length > 0 || (await readFile(manifestPath, 'utf8').catch(() => '')) !== text) {
    await writeAtomically(manifestPath, text);
  }
  report.totalMs = performance.now() - started;
  return report;
}
