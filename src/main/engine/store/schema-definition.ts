import type { BlobReference, Migration } from './migrations';

/**
 * Everything the store needs to know about the tables in the project database, handed to it when
 * it opens (ProjectStore.open): the ordered migrations and the columns that reference blobs. The
 * engine composes it from the store's and the features' parts (engine/schema), so the store never
 * imports a feature.
 */
export interface ProjectSchema {
  /** Migration N (1-based) takes the database from user_version N-1 to N. */
  readonly migrations: readonly Migration[];
  readonly blobReferences: readonly BlobReference[];
  /** The newest version: migrations.length. */
  readonly latestVersion: number;
}

/** Checks that the versions run 1, 2, 3, ... without a gap or a repeat, and that every blob reference names a known version. */
export function defineProjectSchema(parts: {
  migrations: readonly Migration[];
  blobReferences: readonly BlobReference[];
}): ProjectSchema {
  parts.migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `Migration "${migration.description}" has version ${migration.version} at position ${index + 1}: versions must run 1, 2, 3, ... in order`,
      );
    }
  });
  const latestVersion = parts.migrations.length;
  for (const reference of parts.blobReferences) {
    if (reference.sinceVersion < 1 || reference.sinceVersion > latestVersion) {
      throw new Error(
        `Blob reference ${reference.table}.${reference.column} names unknown version ${reference.sinceVersion}`,
      );
    }
  }
  return { migrations: parts.migrations, blobReferences: parts.blobReferences, latestVersion };
}
