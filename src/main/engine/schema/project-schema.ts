import { FACE_ANALYSIS_MIGRATION, FACE_RAW_LANDMARKS_MIGRATION } from '../face';
import { RIG_STATE_MIGRATION } from '../rig';
import {
  defineProjectSchema,
  JOB_ASSET_MIGRATION,
  PROJECTS_AND_BLOBS_MIGRATION,
  SCENES_MIGRATION,
  STORE_BLOB_REFERENCES,
} from '../store';
import { STYLE_INVERSIONS_MIGRATION } from '../stylegan';
import { TRACK_SETS_MIGRATION } from '../tracks';
import { SCENES_TIMELINE_MIGRATION } from '../scenes';

/**
 * The project database's schema: every migration in order, whoever owns its tables, and every
 * column that references blobs. The store and each feature keep their own migration SQL next to
 * their repository; this list alone decides the versions.
 *
 * To add a migration: write `export const MY_MIGRATION: MigrationStep = { description, sql }` in
 * the feature (next to its repository), export it from the feature's index, and append
 * `{ version: N + 1, ...MY_MIGRATION }` below. Never edit or reorder a released entry: user
 * databases at every earlier version must still open (tests/unit/engine/store/migrations.test.ts).
 * A new column holding blob hashes goes into `blobReferences` with the version that created it.
 */
export const projectSchema = defineProjectSchema({
  migrations: [
    { version: 1, ...PROJECTS_AND_BLOBS_MIGRATION },
    { version: 2, ...SCENES_MIGRATION },
    { version: 3, ...RIG_STATE_MIGRATION },
    { version: 4, ...FACE_ANALYSIS_MIGRATION },
    { version: 5, ...TRACK_SETS_MIGRATION },
    { version: 6, ...JOB_ASSET_MIGRATION },
    { version: 7, ...SCENES_TIMELINE_MIGRATION },
    { version: 8, ...STYLE_INVERSIONS_MIGRATION },
    { version: 9, ...FACE_RAW_LANDMARKS_MIGRATION },
  ],
  blobReferences: [...STORE_BLOB_REFERENCES],
});
