import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { ApiError } from '../../../shared/api';
import type { TrackChannelUnit, TrackSetSourceKind, TrackSetSummary } from '../../../shared/api/tracks';
import type { CoreRepositories } from '../store';
import type { TrackSetData } from './track-set-data';

export interface VideoFitInfo {
  identityFrames: number[];
  meanResidualPixels: number;
  smoothing: string;
}

export interface NewTrackSet {
  projectId: string;
  name: string;
  sourceKind: TrackSetSourceKind;
  sourceAssetId: string | null;
  sourceName: string;
  data: TrackSetData;
  fit: VideoFitInfo | null;
}

interface TrackSetRow {
  id: string;
  project_id: string;
  name: string;
  source_kind: TrackSetSourceKind;
  source_asset_id: string | null;
  source_name: string;
  fps: number;
  frame_count: number;
  start_seconds: number;
  times: Buffer;
  measured: Buffer | null;
  fit_json: string | null;
  created_at: number;
}

interface ChannelRow {
  name: string;
  unit: TrackChannelUnit;
  samples: Buffer;
}

/** A copy of a blob's bytes as a typed array (SQLite buffers are not aligned for Float64). */
const float32Of = (blob: Buffer) =>
  new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
const float64Of = (blob: Buffer) =>
  new Float64Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
const bytesOf = (values: Float32Array | Float64Array | Uint8Array) =>
  Buffer.from(values.buffer, values.byteOffset, values.byteLength);

/** Track sets and their channels (tracks-store-migration.ts). Writes happen in one transaction each. */
export class TrackSetsRepo {
  constructor(
    private readonly db: Database.Database,
    /** The project's `updated_at` belongs to ProjectsRepo: a set added or removed touches it there. */
    private readonly core: Pick<CoreRepositories, 'projects'>,
  ) {}

  /** Stores a set with all its channels; `replaceSourceAsset` first removes the sets fitted from that video. */
  insert(set: NewTrackSet, options: { replaceSourceAsset?: boolean; now?: number } = {}): TrackSetSummary {
    const { data } = set;
    for (const channel of data.channels) {
      if (channel.samples.length !== data.frameCount) {
        throw new Error(`channel ${channel.name} has ${channel.samples.length} samples for ${data.frameCount} frames`);
      }
    }
    const id = randomUUID();
    const createdAt = options.now ?? Date.now();
    this.db.transaction(() => {
      if (options.replaceSourceAsset && set.sourceAssetId) {
        this.db.prepare('DELETE FROM track_sets WHERE source_asset_id = ?').run(set.sourceAssetId);
      }
      this.db
        .prepare(
          `INSERT INTO track_sets (id, project_id, name, source_kind, source_asset_id, source_name, fps, frame_count,
             start_seconds, times, measured, fit_json, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          set.projectId,
          set.name,
          set.sourceKind,
          set.sourceAssetId,
          set.sourceName,
          data.fps,
          data.frameCount,
          data.startSeconds,
          bytesOf(data.times),
          data.measured ? bytesOf(data.measured) : null,
          set.fit ? JSON.stringify(set.fit) : null,
          createdAt,
        );
      const insertChannel = this.db.prepare(
        'INSERT INTO track_channels (track_set_id, channel_index, name, unit, samples) VALUES (?, ?, ?, ?, ?)',
      );
      data.channels.forEach((channel, index) =>
        insertChannel.run(id, index, channel.name, channel.unit, bytesOf(channel.samples)),
      );
      this.core.projects.touch(set.projectId, createdAt);
    })();
    return this.get(id);
  }

  list(projectId: string): TrackSetSummary[] {
    const rows = this.db
      .prepare('SELECT * FROM track_sets WHERE project_id = ? ORDER BY created_at, rowid')
      .all(projectId) as TrackSetRow[];
    return rows.map((row) => this.summaryOf(row));
  }

  find(id: string): TrackSetSummary | null {
    const row = this.row(id);
    return row ? this.summaryOf(row) : null;
  }

  get(id: string): TrackSetSummary {
    const found = this.find(id);
    if (!found) throw new ApiError('not_found', `There is no track set with id ${id}.`);
    return found;
  }

  /** Ids of the sets fitted from a video asset. */
  idsFromAsset(assetId: string): string[] {
    return this.db
      .prepare('SELECT id FROM track_sets WHERE source_asset_id = ? ORDER BY created_at')
      .pluck()
      .all(assetId) as string[];
  }

  /** The samples; `channelNames` limits the channels read (unknown names are an invalid_request). */
  load(id: string, channelNames?: readonly string[]): { summary: TrackSetSummary; data: TrackSetData } {
    const row = this.row(id);
    if (!row) throw new ApiError('not_found', `There is no track set with id ${id}.`);
    const summary = this.summaryOf(row);
    let rows = this.db
      .prepare('SELECT name, unit, samples FROM track_channels WHERE track_set_id = ? ORDER BY channel_index')
      .all(id) as ChannelRow[];
    if (channelNames) {
      const unknown = channelNames.filter((name) => !rows.some((channel) => channel.name === name));
      if (unknown.length > 0) {
        throw new ApiError('invalid_request', `Track set "${row.name}" has no channel ${unknown.join(', ')}.`);
      }
      rows = rows.filter((channel) => channelNames.includes(channel.name));
    }
    return {
      summary,
      data: {
        fps: row.fps,
        frameCount: row.frame_count,
        startSeconds: row.start_seconds,
        times: float64Of(row.times),
        measured: row.measured ? new Uint8Array(row.measured) : null,
        channels: rows.map((channel) => ({
          name: channel.name,
          unit: channel.unit,
          samples: float32Of(channel.samples),
        })),
      },
    };
  }

  /** Deletes a set (its channels cascade); returns its project id. */
  delete(id: string): string {
    const row = this.row(id);
    if (!row) throw new ApiError('not_found', `There is no track set with id ${id}.`);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM track_sets WHERE id = ?').run(id);
      this.core.projects.touch(row.project_id, Date.now());
    })();
    return row.project_id;
  }

  private row(id: string): TrackSetRow | undefined {
    return this.db.prepare('SELECT * FROM track_sets WHERE id = ?').get(id) as TrackSetRow | undefined;
  }

  private summaryOf(row: TrackSetRow): TrackSetSummary {
    const channels = this.db
      .prepare('SELECT name, unit FROM track_channels WHERE track_set_id = ? ORDER BY channel_index')
      .all(row.id) as Array<{ name: string; unit: TrackChannelUnit }>;
    const times = float64Of(row.times);
    const measuredFrames = row.measured ? row.measured.reduce((sum, flag) => sum + (flag ? 1 : 0), 0) : row.frame_count;
    return {
      id: row.id,
      projectId: row.project_id,
      name: row.name,
      source: { kind: row.source_kind, assetId: row.source_asset_id, name: row.source_name },
      fps: row.fps,
      frameCount: row.frame_count,
      durationSeconds: times.length ? times[times.length - 1]! : 0,
      startSeconds: row.start_seconds,
      channels,
      measuredFrames,
      fit: row.fit_json ? (JSON.parse(row.fit_json) as VideoFitInfo) : null,
      createdAt: row.created_at,
    };
  }
}
