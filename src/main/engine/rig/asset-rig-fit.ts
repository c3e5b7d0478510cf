import { RigFitter, type HeadPose, type RigFitResult, type RigIdentity } from '../../../shared/rig';
import type { FacesRepo } from '../face';

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
export function loadOrFitAssetRig(faces: FacesRepo, assetId: string): AssetRigFitOutcome {
  const rows = faces.loadPhotoFacesForRig(assetId);
  if (rows.length === 0) return { ok: false, reason: analysisMissingReason(faces, assetId) };
  const chosenIndex = faces.chosenFaceIndex(assetId);
  const row = rows.find((candidate) => candidate.faceIndex === chosenIndex) ?? rows[0]!;
  if (row.rigFitJson) {
    const cached = JSON.parse(row.rigFitJson) as StoredRigFit;
    if (cached.version === FIT_VERSION)
      return { ok: true, value: { faceIndex: row.faceIndex, fit: cached, landmarks: row.landmarks } };
  }
  if (row.landmarkCount !== 468 && row.landmarkCount !== 478) {
    return { ok: false, reason: `The stored face has ${row.landmarkCount} landmarks; the rig needs 468 or 478.` };
  }
  const result = fitter().fit(row.landmarks, { fitIdentity: true, captureDetail: true });
  const stored = toStored(result);
  faces.saveRigFit(row.id, JSON.stringify(stored));
  return { ok: true, value: { faceIndex: row.faceIndex, fit: stored, landmarks: row.landmarks } };
}

function analysisMissingReason(faces: FacesRepo, assetId: string): string {
  const outcome = faces.loadOutcomeSummary(assetId);
  if (!outcome) return 'The face has not been analysed yet, so the rig shows the canonical face.';
  return `${outcome.message ?? 'No face was found'}, so the rig shows the canonical face.`;
}
