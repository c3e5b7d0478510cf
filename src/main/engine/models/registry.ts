import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../../../shared/api/errors';
import { sha256Hex } from './hash';
import { MANIFEST_FILE, readManifest, type ManifestModel, type ModelManifest, type ModelRole } from './manifest';
import { createSessionWithFallback, type CreatedSession, type ExecutionProviderName } from './sessions';

const PREPARE_HINT = 'run `npm run prepare-models`';

export interface VerifiedModel {
  model: ManifestModel;
  path: string;
  bytes: Uint8Array;
}

export interface ModelSession extends CreatedSession {
  model: ManifestModel;
}

/** The prepared models of one folder: manifest lookup, sha256 verification and session creation. */
export class ModelRegistry {
  private constructor(
    readonly dir: string,
    readonly manifest: ModelManifest,
  ) {}

  /** Opens resources/models (or another folder); a missing or invalid manifest is an 'unavailable' ApiError. */
  static async open(dir: string): Promise<ModelRegistry> {
    const manifestPath = path.join(dir, MANIFEST_FILE);
    let manifest: ModelManifest | null;
    try {
      manifest = await readManifest(manifestPath);
    } catch (error) {
      throw new ApiError(
        'unavailable',
        `The model manifest is unreadable (${(error as Error).message}); ${PREPARE_HINT}.`,
        {
          manifestPath,
        },
      );
    }
    if (!manifest) {
      throw new ApiError(
        'unavailable',
        `The face models are not prepared: ${manifestPath} is missing; ${PREPARE_HINT}.`,
        {
          manifestPath,
        },
      );
    }
    return new ModelRegistry(dir, manifest);
  }

  get models(): readonly ManifestModel[] {
    return this.manifest.models;
  }

  /** The model for an id ("facemesh") or a role ("face-mesh"). */
  find(idOrRole: string | ModelRole): ManifestModel {
    const model = this.manifest.models.find((m) => m.id === idOrRole || m.role === idOrRole);
    if (!model) {
      throw new ApiError(
        'unavailable',
        `No model "${idOrRole}" in ${path.join(this.dir, MANIFEST_FILE)}; ${PREPARE_HINT}.`,
      );
    }
    return model;
  }

  /** Reads the model file and checks its sha256 against the manifest; refuses a missing or altered file. */
  async verify(idOrRole: string): Promise<VerifiedModel> {
    const model = this.find(idOrRole);
    const file = path.join(this.dir, model.file);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(file));
    } catch {
      throw new ApiError('unavailable', `${model.file} is missing from ${this.dir}; ${PREPARE_HINT}.`, { file });
    }
    const actual = sha256Hex(bytes);
    if (actual !== model.sha256) {
      throw new ApiError(
        'unavailable',
        `${model.file} does not match its manifest (sha256 ${actual.slice(0, 12)}..., expected ${model.sha256.slice(0, 12)}...); ${PREPARE_HINT}.`,
        { file, expected: model.sha256, actual },
      );
    }
    return { model, path: file, bytes };
  }

  /**
   * Verifies the file, then creates an ORT session from the verified bytes (not from the path, so the file
   * cannot be swapped between the check and the load). Falls back to cpu with a warning if the provider fails.
   */
  async createSession(
    idOrRole: string,
    options: { provider?: ExecutionProviderName; intraOpThreads?: number } = {},
  ): Promise<ModelSession> {
    const { model, bytes } = await this.verify(idOrRole);
    const created = await createSessionWithFallback({ bytes, label: model.file, ...options });
    return { ...created, model };
  }
}
