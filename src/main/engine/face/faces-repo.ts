import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { boxOfLandmarks } from './regions';
import type {
  AnalyzedFace,
  FaceAnalysis,
  FaceFailureReason,
  RejectedFace,
  VideoAnalysis,
  VideoFrameFaces,
} from './types';
import { LANDMARK_COUNT } from './types';

/** Label stored in faces.detector, so later model changes can tell old rows apart. */
export const FACE_PIPELINE_LABEL = 'blazeface+facemesh+iris/onnx@1';

interface FaceRow {
  frame_index: number | null;
  face_index: number;
  bbox_json: string;
  score: number | null;
  landmarks: Buffer;
  /** video frames: the tracker's unsmoothed landmarks (schema 9 on; null before and for photos) */
  raw_landmarks: Buffer | null;
  attributes_json: string | null;
  descriptor: Buffer | null;
}

/** What face_analyses records for an asset, photo or video. */
interface Outcome {
  ok: boolean;
  reason: FaceFailureReason | null;
  message: string | null;
  chosenIndex: number | null;
  rejected: RejectedFace[];
  imageWidth: number;
  imageHeight: number;
}

const outcomeOf = (analysis: FaceAnalysis): Outcome => ({
  ok: analysis.ok,
  reason: analysis.ok ? null : analysis.reason,
  message: analysis.ok ? null : analysis.message,
  chosenIndex: analysis.ok ? analysis.chosenIndex : null,
  rejected: analysis.rejected,
  imageWidth: analysis.imageWidth,
  imageHeight: analysis.imageHeight,
});

interface AnalysisRow {
  ok: number;
  reason: FaceFailureReason | null;
  message: string | null;
  chosen_index: number | null;
  rejected_json: string;
  image_width: number;
  image_height: number;
  counters_json: string | null;
}

const floatBlob = (values: ArrayLike<number>): Buffer => Buffer.from(Float32Array.from(values).buffer);
const floatsOf = (blob: Buffer): number[] =>
  Array.from(new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength)));

/**
 * Face results in the project database (faces + face_analyses, see face-store-migration.ts).
 * Landmarks are Float32 x, y, z triplets in working-image pixels, as the faces table documents.
 */
export class FacesRepo {
  constructor(private readonly db: Database.Database) {}

  /** Replaces the photo analysis of an asset (all its faces and the outcome) in one transaction. */
  saveImageAnalysis(assetId: string, analysis: FaceAnalysis, now = Date.now()): void {
    this.db.transaction(() => {
      this.clear(assetId);
      this.insertOutcome(assetId, outcomeOf(analysis), null, now);
      if (!analysis.ok) return;
      analysis.faces.forEach((face, index) => this.insertFace(assetId, null, index, face, now));
    })();
  }

  /** The stored photo analysis, or null when the asset was never analysed. */
  loadImageAnalysis(assetId: string): FaceAnalysis | null {
    const outcome = this.db.prepare('SELECT * FROM face_analyses WHERE asset_id = ?').get(assetId) as
      AnalysisRow | undefined;
    if (!outcome) return null;
    const rejected = JSON.parse(outcome.rejected_json) as RejectedFace[];
    const size = { imageWidth: outcome.image_width, imageHeight: outcome.image_height };
    if (!outcome.ok) {
      return { ok: false, ...size, reason: outcome.reason ?? 'no_face', message: outcome.message ?? '', rejected };
    }
    const rows = this.db
      .prepare('SELECT * FROM faces WHERE asset_id = ? AND frame_index IS NULL ORDER BY face_index')
      .all(assetId) as FaceRow[];
    const faces: AnalyzedFace[] = rows.map((row) => {
      const attributes = JSON.parse(row.attributes_json ?? '{}') as Pick<
        AnalyzedFace,
        'presence' | 'pose' | 'expressions' | 'region' | 'likelyHuman' | 'meshPlausibility'
      >;
      return {
        box: JSON.parse(row.bbox_json) as AnalyzedFace['box'],
        score: row.score ?? 0,
        landmarks: floatsOf(row.landmarks),
        ...attributes,
        descriptor: row.descriptor ? floatsOf(row.descriptor) : null,
      };
    });
    return { ok: true, ...size, faces, chosenIndex: outcome.chosen_index ?? 0, rejected };
  }

  /** Records the user's pick among several faces; false when the asset has no face at that index. */
  chooseFace(assetId: string, index: number): boolean {
    const exists = this.db
      .prepare('SELECT 1 FROM faces WHERE asset_id = ? AND frame_index IS NULL AND face_index = ?')
      .get(assetId, index);
    if (!exists) return false;
    this.db.prepare('UPDATE face_analyses SET chosen_index = ? WHERE asset_id = ?').run(index, assetId);
    return true;
  }

  /** Replaces the per-frame landmarks of a video asset (one row per frame with a face). */
  saveVideoAnalysis(assetId: string, video: VideoAnalysis, now = Date.now()): void {
    this.db.transaction(() => {
      this.clear(assetId);
      const found = video.counters.framesWithFace > 0;
      const outcome: Outcome = {
        ok: found,
        reason: found ? null : 'no_face',
        message: found ? null : 'No face found in any frame',
        chosenIndex: found ? 0 : null,
        rejected: [],
        imageWidth: video.width,
        imageHeight: video.height,
      };
      this.insertOutcome(assetId, outcome, video.counters, now);
      const insert = this.db.prepare(
        `INSERT INTO faces (id, asset_id, frame_index, face_index, detector, bbox_json, score, landmarks, raw_landmarks, landmark_count, attributes_json, created_at)
         VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const frame of video.frames) {
        if (!frame.landmarks) continue;
        insert.run(
          randomUUID(),
          assetId,
          frame.index,
          FACE_PIPELINE_LABEL,
          JSON.stringify(boxOfLandmarks(frame.landmarks, 468)),
          frame.presence,
          floatBlob(frame.landmarks),
          frame.rawLandmarks ? floatBlob(frame.rawLandmarks) : null,
          LANDMARK_COUNT,
          JSON.stringify({
            timeMs: frame.timeMs,
            presence: frame.presence,
            detected: frame.detected,
            expressions: frame.expressions,
          }),
          now,
        );
      }
    })();
  }

  /** Stored frames of a video asset, in frame order (frames without a face are absent). */
  loadVideoFrames(assetId: string): VideoFrameFaces[] {
    const rows = this.db
      .prepare(
        'SELECT frame_index, landmarks, raw_landmarks, attributes_json FROM faces WHERE asset_id = ? AND frame_index IS NOT NULL ORDER BY frame_index',
      )
      .all(assetId) as Array<Pick<FaceRow, 'frame_index' | 'landmarks' | 'raw_landmarks' | 'attributes_json'>>;
    return rows.map((row) => {
      const attributes = JSON.parse(row.attributes_json ?? '{}') as Omit<
        VideoFrameFaces,
        'index' | 'landmarks' | 'rawLandmarks'
      >;
      return {
        index: row.frame_index!,
        landmarks: floatsOf(row.landmarks),
        rawLandmarks: row.raw_landmarks ? floatsOf(row.raw_landmarks) : null,
        ...attributes,
      };
    });
  }

  /**
   * One tracked frame of a video: its landmarks (x, y, z in pixels of a frame `width` wide) and
   * the frame size the tracker read; null when that frame has no stored face (or no analysis).
   */
  loadVideoFrameLandmarks(
    assetId: string,
    frameIndex: number,
  ): { landmarks: Float32Array; width: number; height: number } | null {
    const row = this.db
      .prepare(
        `SELECT f.landmarks, a.image_width, a.image_height FROM faces f JOIN face_analyses a ON a.asset_id = f.asset_id
         WHERE f.asset_id = ? AND f.frame_index = ? LIMIT 1`,
      )
      .get(assetId, frameIndex) as
      (Pick<FaceRow, 'landmarks'> & Pick<AnalysisRow, 'image_width' | 'image_height'>) | undefined;
    if (!row) return null;
    return { landmarks: Float32Array.from(floatsOf(row.landmarks)), width: row.image_width, height: row.image_height };
  }

  /** Frames read and frame size of a tracked video; null when no analysis is stored for the asset. */
  loadVideoOutcome(assetId: string): { frames: number; width: number; height: number } | null {
    const row = this.db
      .prepare('SELECT image_width, image_height, counters_json FROM face_analyses WHERE asset_id = ?')
      .get(assetId) as Pick<AnalysisRow, 'image_width' | 'image_height' | 'counters_json'> | undefined;
    if (!row) return null;
    const counters = row.counters_json ? (JSON.parse(row.counters_json) as VideoAnalysis['counters']) : null;
    return { frames: counters?.frames ?? 0, width: row.image_width, height: row.image_height };
  }

  /**
   * x, y of the landmarks of frames from..from+count-1 of a video asset, in one query; frames
   * without a stored face are absent from the map. Depth is dropped here, not sent over the API.
   */
  loadVideoFramePoints(assetId: string, from: number, count: number): Map<number, number[]> {
    const rows = this.db
      .prepare(
        'SELECT frame_index, landmarks FROM faces WHERE asset_id = ? AND frame_index >= ? AND frame_index < ? ORDER BY frame_index',
      )
      .all(assetId, from, from + count) as Array<Pick<FaceRow, 'frame_index' | 'landmarks'>>;
    const points = new Map<number, number[]>();
    for (const row of rows) {
      const xyz = floatsOf(row.landmarks);
      const xy = new Array<number>((xyz.length / 3) * 2);
      for (let i = 0, j = 0; i < xyz.length; i += 3, j += 2) {
        // Stored as float32 of values rounded to 0.01 px: round again so the JSON stays short.
        xy[j] = Math.round(xyz[i]! * 100) / 100;
        xy[j + 1] = Math.round(xyz[i + 1]! * 100) / 100;
      }
      points.set(row.frame_index!, xy);
    }
    return points;
  }

  /**
   * The stored outcome of an asset's analysis, photo or video: whether a face was found, the
   * sentence to show when not, and a video's counters. Null when the asset was never analysed.
   */
  loadOutcomeSummary(
    assetId: string,
  ): { ok: boolean; message: string | null; counters: VideoAnalysis['counters'] | null } | null {
    const row = this.db
      .prepare('SELECT ok, message, counters_json FROM face_analyses WHERE asset_id = ?')
      .get(assetId) as Pick<AnalysisRow, 'ok' | 'message' | 'counters_json'> | undefined;
    if (!row) return null;
    return {
      ok: row.ok === 1,
      message: row.message,
      counters: row.counters_json ? (JSON.parse(row.counters_json) as VideoAnalysis['counters']) : null,
    };
  }

  /** The face of a photo the editor works on: the user's pick, else 0 (also before any analysis). */
  chosenFaceIndex(assetId: string): number {
    const row = this.db.prepare('SELECT chosen_index FROM face_analyses WHERE asset_id = ?').get(assetId) as
      { chosen_index: number | null } | undefined;
    return row?.chosen_index ?? 0;
  }

  /** A photo's faces with their raw landmarks and the rig fit cached beside them (rig/asset-rig-fit.ts). */
  loadPhotoFacesForRig(assetId: string): Array<{
    id: string;
    faceIndex: number;
    landmarks: Float32Array;
    landmarkCount: number;
    rigFitJson: string | null;
  }> {
    const rows = this.db
      .prepare(
        'SELECT id, face_index, landmarks, landmark_count, rig_fit_json FROM faces WHERE asset_id = ? AND frame_index IS NULL ORDER BY face_index',
      )
      .all(assetId) as Array<{
      id: string;
      face_index: number;
      landmarks: Buffer;
      landmark_count: number;
      rig_fit_json: string | null;
    }>;
    return rows.map((row) => ({
      id: row.id,
      faceIndex: row.face_index,
      landmarks: new Float32Array(
        row.landmarks.buffer.slice(row.landmarks.byteOffset, row.landmarks.byteOffset + row.landmarks.byteLength),
      ),
      landmarkCount: row.landmark_count,
      rigFitJson: row.rig_fit_json,
    }));
  }

  /** Caches a rig fit next to the landmarks it came from: a new analysis replaces the row, and the fit with it. */
  saveRigFit(faceId: string, fitJson: string): void {
    this.db.prepare('UPDATE faces SET rig_fit_json = ? WHERE id = ?').run(fitJson, faceId);
  }

  private clear(assetId: string): void {
    this.db.prepare('DELETE FROM faces WHERE asset_id = ?').run(assetId);
    this.db.prepare('DELETE FROM face_analyses WHERE asset_id = ?').run(assetId);
  }

  private insertOutcome(
    assetId: string,
    outcome: Outcome,
    counters: VideoAnalysis['counters'] | null,
    now: number,
  ): void {
    this.db
      .prepare(
        `INSERT INTO face_analyses (asset_id, ok, reason, message, chosen_index, rejected_json, image_width, image_height, counters_json, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        assetId,
        outcome.ok ? 1 : 0,
        outcome.reason,
        outcome.message,
        outcome.chosenIndex,
        JSON.stringify(outcome.rejected),
        outcome.imageWidth,
        outcome.imageHeight,
        counters ? JSON.stringify(counters) : null,
        now,
      );
  }

  private insertFace(assetId: string, frameIndex: number | null, index: number, face: AnalyzedFace, now: number): void {
    this.db
      .prepare(
        `INSERT INTO faces (id, asset_id, frame_index, face_index, detector, bbox_json, score, landmarks, landmark_count, attributes_json, descriptor, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        randomUUID(),
        assetId,
        frameIndex,
        index,
        FACE_PIPELINE_LABEL,
        JSON.stringify(face.box),
        face.score,
        floatBlob(face.landmarks),
        LANDMARK_COUNT,
        JSON.stringify({
          presence: face.presence,
          pose: face.pose,
          expressions: face.expressions,
          region: face.region,
          likelyHuman: face.likelyHuman,
          meshPlausibility: face.meshPlausibility,
        }),
        face.descriptor ? floatBlob(face.descriptor) : null,
        now,
      );
  }
}
