import type Database from 'better-sqlite3';
import { ARKIT_BLENDSHAPE_NAMES, type ArkitBlendshapeName, type HeadRotation } from '../../../shared/rig';

export interface StoredRigState {
  coefficients: Record<ArkitBlendshapeName, number>;
  head: HeadRotation;
  updatedAt: number;
}

interface RigStateRow {
  coefficients_json: string;
  head_json: string;
  updated_at: number;
}

/** Reads a name-keyed JSON record into all 52 names (a name missing from an older row reads as 0). */
export function parseCoefficientJson(json: string): Record<ArkitBlendshapeName, number> {
  const raw = JSON.parse(json) as Record<string, unknown>;
  const record = {} as Record<ArkitBlendshapeName, number>;
  for (const name of ARKIT_BLENDSHAPE_NAMES) {
    const value = raw[name];
    record[name] = typeof value === 'number' && Number.isFinite(value) ? value : 0;
  }
  return record;
}

/** The user's edited rig per portrait asset (rig_states, see rig-store-migration.ts). */
export class RigStatesRepo {
  constructor(private readonly db: Database.Database) {}

  find(assetId: string): StoredRigState | null {
    const row = this.db
      .prepare('SELECT coefficients_json, head_json, updated_at FROM rig_states WHERE asset_id = ?')
      .get(assetId) as RigStateRow | undefined;
    if (!row) return null;
    const head = JSON.parse(row.head_json) as Partial<HeadRotation>;
    return {
      coefficients: parseCoefficientJson(row.coefficients_json),
      head: { yawDeg: head.yawDeg ?? 0, pitchDeg: head.pitchDeg ?? 0, rollDeg: head.rollDeg ?? 0 },
      updatedAt: row.updated_at,
    };
  }

  save(assetId: string, state: StoredRigState): void {
    this.db
      .prepare(
        `INSERT INTO rig_states (asset_id, coefficients_json, head_json, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (asset_id) DO UPDATE SET coefficients_json = excluded.coefficients_json,
           head_json = excluded.head_json, updated_at = excluded.updated_at`,
      )
      .run(assetId, JSON.stringify(state.coefficients), JSON.stringify(state.head), state.updatedAt);
  }
}
