import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import {
  ApiError,
  InstalledModelId,
  type InstallableRole,
  type InstalledModelView,
  type ModelContract,
  type ModelSource,
} from '../../../../shared/api';
import { sha256Hex } from '../hash';
import { ContractError, probeSession } from '../probe';
import { copySource } from './copy-source';
import { INSTALLED_MODEL_FILE, INSTALLED_RECORD_FILE, InstalledModel } from './installed-model';

/** Staging area inside the models folder (same file system, so the final rename is atomic). */
const STAGING = '.staging';

export interface InstallRequest {
  source: ModelSource;
  metadata: ModelContract;
  sha256?: string;
  role?: InstallableRole;
  id?: string;
}

export interface ListedModels {
  models: InstalledModelView[];
  problems: { folder: string; reason: string }[];
}

export interface VerifiedInstalledModel {
  model: InstalledModel;
  path: string;
  bytes: Uint8Array;
}

/** "StyleGAN2 FFHQ 1024.onnx" -> "stylegan2-ffhq-1024". */
export function idFromFileName(name: string): string {
  const base = path
    .basename(name)
    .replace(/\.onnx$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
  return base || 'model';
}

/** Ids name folders: the API validates them, and so does the manager for its other callers. */
function checkId(id: string): void {
  const parsed = InstalledModelId.safeParse(id);
  if (!parsed.success)
    throw new ApiError('invalid_request', `"${id}" is not a model id: ${parsed.error.issues[0]?.message}.`);
}

const firstLine = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0]?.trim() ?? '';

/** Reads the opset without keeping the decoded graph; refuses what is not an ONNX ModelProto. */
function onnxOpset(bytes: Uint8Array, label: string): number {
  let model;
  try {
    model = onnxProto.onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw new ApiError(
      'invalid_request',
      `${label} is not a readable ONNX model (truncated, or another format): ${firstLine(error)}.`,
    );
  }
  if (!model.graph || (model.graph.node ?? []).length === 0) {
    throw new ApiError('invalid_request', `${label} is not an ONNX model: it has no graph.`);
  }
  const main = (model.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx');
  return Number(main?.version?.toString() ?? 0);
}

const toView = (model: InstalledModel): InstalledModelView => ({
  id: model.id,
  role: model.role,
  sha256: model.sha256,
  bytes: model.bytes,
  opset: model.opset,
  inputs: model.inputs,
  outputs: model.outputs,
  contract: model.contract,
  source: model.provenance.source,
  origin: model.provenance.origin,
  installedAt: model.provenance.installedAt,
  probeMs: model.probeMs,
});

/**
 * The user's installed models, one folder each under <dataDir>/models: model.onnx and model.json.
 * An install is staged in models/.staging and renamed into place only once it passed every check, so a
 * crash mid-install leaves at most a staging folder, which the next open() deletes.
 */
export class ModelManager {
  private constructor(readonly dir: string) {}

  static async open(dataDir: string): Promise<ModelManager> {
    const dir = path.join(dataDir, 'models');
    await mkdir(dir, { recursive: true });
    await rm(path.join(dir, STAGING), { recursive: true, force: true });
    return new ModelManager(dir);
  }

  async list(): Promise<ListedModels> {
    const models: InstalledModelView[] = [];
    const problems: ListedModels['problems'] = [];
    const entries = await readdir(this.dir, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      try {
        models.push(toView(await this.readRecord(entry.name)));
      } catch (error) {
        problems.push({ folder: entry.name, reason: firstLine(error) });
      }
    }
    return { models, problems };
  }

  private async readRecord(id: string): Promise<InstalledModel> {
    const recordPath = path.join(this.dir, id, INSTALLED_RECORD_FILE);
    let text: string;
    try {
      text = await readFile(recordPath, 'utf8');
    } catch {
      throw new ApiError('not_found', `No installed model "${id}".`);
    }
    const parsed = InstalledModel.safeParse(JSON.parse(text));
    if (!parsed.success || parsed.data.id !== id) {
      throw new ApiError('internal', `${recordPath} is not a valid model record.`);
    }
    return parsed.data;
  }

  /** The model's bytes, checked against the sha256 recorded at install (refuses a file altered since). */
  async verify(id: string): Promise<VerifiedInstalledModel> {
    const model = await this.readRecord(id);
    const file = path.join(this.dir, id, INSTALLED_MODEL_FILE);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(file));
    } catch {
      throw new ApiError('unavailable', `Model "${id}" has lost its file ${file}; remove and install it again.`);
    }
    const actual = sha256Hex(bytes);
    if (actual !== model.sha256) {
      throw new ApiError(
        'unavailable',
        `Model "${id}" changed since it was installed (sha256 ${actual.slice(0, 12)}..., expected ${model.sha256.slice(0, 12)}...); remove and install it again.`,
      );
    }
    return { model, path: file, bytes };
  }

  async install(request: InstallRequest): Promise<InstalledModelView> {
    const { source, metadata } = request;
    if (request.role && request.role !== metadata.role) {
      throw new ApiError('invalid_request', `--role is ${request.role} but the metadata says ${metadata.role}.`);
    }
    const origin = source.kind === 'file' ? path.basename(source.path) : source.url;
    const id = request.id ?? idFromFileName(source.kind === 'file' ? source.path : new URL(source.url).pathname);
    checkId(id);
    const finalDir = path.join(this.dir, id);
    if (await this.exists(id)) {
      throw new ApiError('conflict', `A model "${id}" is already installed; remove it first or pick another id.`);
    }
    const stagingRoot = path.join(this.dir, STAGING);
    await mkdir(stagingRoot, { recursive: true });
    const stageDir = path.join(stagingRoot, `install-${id}-${randomBytes(4).toString('hex')}`);
    await mkdir(stageDir);
    try {
      const stagedFile = path.join(stageDir, INSTALLED_MODEL_FILE);
      const copied = await copySource(source, stagedFile);
      if (request.sha256 && copied.sha256 !== request.sha256) {
        throw new ApiError(
          'invalid_request',
          `${origin} has sha256 ${copied.sha256}, expected ${request.sha256}: refused (a different or damaged file).`,
          { expected: request.sha256, actual: copied.sha256 },
        );
      }
      const bytes = new Uint8Array(await readFile(stagedFile));
      const opset = onnxOpset(bytes, origin);
      let session: ort.InferenceSession;
      try {
        session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'] });
      } catch (error) {
        throw new ApiError('invalid_request', `${origin} cannot be opened by ONNX Runtime: ${firstLine(error)}.`);
      }
      let probe;
      try {
        probe = await probeSession(session, metadata);
      } catch (error) {
        if (error instanceof ContractError) {
          throw new ApiError(
            'invalid_request',
            `${origin} does not meet the ${metadata.role} contract: ${error.message}.`,
            {
              tensor: error.tensor,
            },
          );
        }
        throw error;
      } finally {
        await session.release();
      }
      const record: InstalledModel = {
        id,
        role: metadata.role,
        file: INSTALLED_MODEL_FILE,
        sha256: copied.sha256,
        bytes: copied.bytes,
        opset,
        inputs: probe.inputs,
        outputs: probe.outputs,
        inputLayout: metadata.role === 'mapping' || metadata.role === 'synthesis' ? 'none' : 'NCHW',
        provenance: { source: source.kind, origin, installedAt: Date.now(), licence: metadata.licence },
        contract: metadata,
        probeMs: Math.round(probe.probeMs * 10) / 10,
        notes: '',
      };
      await writeFile(path.join(stageDir, INSTALLED_RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
      try {
        await rename(stageDir, finalDir);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOTEMPTY' || code === 'EEXIST') {
          throw new ApiError('conflict', `A model "${id}" was installed meanwhile; nothing was changed.`);
        }
        throw error;
      }
      return toView(record);
    } finally {
      await rm(stageDir, { recursive: true, force: true });
    }
  }

  /** Moves the folder into staging (one rename, so the model vanishes at once), then deletes it. */
  async remove(id: string): Promise<void> {
    checkId(id);
    if (!(await this.exists(id))) throw new ApiError('not_found', `No installed model "${id}".`);
    const stagingRoot = path.join(this.dir, STAGING);
    await mkdir(stagingRoot, { recursive: true });
    const doomed = path.join(stagingRoot, `remove-${id}-${randomBytes(4).toString('hex')}`);
    await rename(path.join(this.dir, id), doomed);
    await rm(doomed, { recursive: true, force: true });
  }

  private async exists(id: string): Promise<boolean> {
    const entries = await readdir(this.dir);
    return entries.includes(id);
  }
}
