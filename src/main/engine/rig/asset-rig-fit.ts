import type Database from 'better-sqlite3';
import { RigFitter, type HeadPose, type RigFitResult, type RigIdentity } from '../../../shared/rig';

/**
 * Bumped whenever the fitter or the rig's shapes change what a fit means: cached fits of an older
 * version are refitted from their stored landmarks on next use.
 */
const FIT_VERSION = 2;

/** What faces.rig_fit_json holds: enough to rebuild the person's neutral and the photo's expression. */
export interface StoredRigFit {
  version: number;
  pose: HeadPose;
  /** 52 values, ARKit order */
  coefficients: number[];
  identityModes: number[];
  /** 478 * 3 offsets, or null */
  identityDetail: number[] | null;
  residualRmsPixels: number;
}

export interface AssetRigFit {
  faceIndex: number;
  fit: StoredRigFit;
  /** The landmarks the fit was made to (working-image pixels, 468 or 478 x, y, z). */
  landmarks: Float32Array;
}

export type AssetRigFitOutcome = { ok: true; value: AssetRigFit } | { ok: false; reason: string };

interface FaceRow {
  id: string;
  face_index: number;
  landmarks: Buffer;
  landmark_count: number;
  rig_fit_json: string | null;
}

let sharedFitter: RigFitter | null = null;
/** One fitter for the process: it precomputes normal equations once and keeps its scratch buffers. */
const fitter = (): RigFitter => (sharedFitter ??= new RigFitter());

const toStored = (result: RigFitResult): StoredRigFit => ({
  version: FIT_VERSION,
  pose: result.pose,
  coefficients: Array.from(result.coefficients),
  identityModes: Array.from(result.identity.modes),
  identityDetail: result.identity.detail ? Array.from(result.identity.detail) : null,
  residualRmsPixels: result.residualRmsPixels,
});

export function identityOf(fit: StoredRigFit): RigIdentity {
  return {
    modes: Float32Array.from(fit.identityModes),
    detail: fit.identityDetail ? Float32Array.from(fit.identityDetail) : null,
  };
}

/**
 * The rig fitted to the chosen face of a photo asset, fitted on first request and cached in
 * faces.rig_fit_json (a new analysis replaces the faces rows, so a stale fit cannot outlive its
 * landmarks). One photo of a new person: identity (modes + per-point detail) and expression are
 * solved together, so the rig at the fitted coefficients reproduces the photo (docs/rig.md).
 */
export function loadOrFitAssetRig(db: Database.Database, assetId: string): AssetRigFitOutcome {
  const rows = db
    .prepare(
      'SELECT id, face_index, landmarks, landmark_count, rig_fit_json FROM faces WHERE asset_id = ? AND frame_index IS NULL ORDER BY face_index',
    )
    .all(assetId) as FaceRow[];
  if (rows.length === 0) return { ok: false, reason: analysisMissingReason(db, assetId) };
  const chosenIndex = chosenFaceIndex(db, assetId);
  const row = rows.find((candidate) => candidate.face_index === chosenIndex) ?? rows[0]!;
  if (row.landmark_count !== 468 && row.landmark_count !== 478) {
    return { ok: false, reason: `The stored face has ${row.landmark_count} landmarks; the rig needs 468 or 478.` };
  }
  const landmarks = new Float32Array(
    row.landmarks.buffer.slice(row.landmarks.byteOffset, row.landmarks.byteOffset + row.landmarks.byteLength),
  );
  if (row.rig_fit_json) {
    const cached = JSON.parse(row.rig_fit_json) as StoredRigFit;
    if (cached.version === FIT_VERSION)
      return { ok: true, value: { faceIndex: row.face_index, fit: cached, landmarks } };
  }
  const result = fitter().fit(landmarks, { fitIdentity: true, captureDetail: true });
  const stored = toStored(result);
  db.prepare('UPDATE faces SET rig_fit_json = ? WHERE id = ?').run(JSON.stringify(stored), row.id);
  return { ok: true, value: { faceIndex: row.face_index, fit: stored, landmarks } };
}

/** The face_analyses table arrives with the face pipeline's own migration; until then every face is face 0. */
function hasAnalysesTable(db: Database.Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'face_analyses'").get() !== undefined;
}

function chosenFaceIndex(db: Database.Database, assetId: string): number {
  if (!hasAnalysesTable(db)) return 0;
  const row = db.prepare('SELECT chosen_index FROM face_analyses WHERE asset_id = ?').get(assetId) as
    { chosen_index: number | null } | undefined;
  return row?.chosen_index ?? 0;
}

function analysisMissingReason(db: Database.Database, assetId: string): string {
  const notYet = 'The face has not been analysed yet, so the rig shows the canonical face.';
  if (!hasAnalysesTable(db)) return notYet;
  const row = db.prepare('SELECT ok, message FROM face_analyses WHERE asset_id = ?').get(assetId) as
    { ok: number; message: string | null } | undefined;
  if (!row) return notYet;
  return `${row.message ?? 'No face was found'}, so the rig shows the canonical face.`;
}
