import type { Asset } from '../../shared/api';

export const NO_SOURCE_LABEL = "None (the portrait's own)";
/** A scene's expression source whose asset was deleted: the scene still names it, the project has it no more. */
export const MISSING_SOURCE_LABEL = 'Missing file (deleted from the project)';

/** How the Expression from menu names a source: its kind and its file name. */
export const sourceLabel = (asset: Pick<Asset, 'kind' | 'originalName'>): string =>
  `${asset.kind === 'video' ? 'Video' : 'Photo'}: ${asset.originalName}`;

/**
 * What the Expression from menu shows as chosen (its selected option and its tooltip): none, the
 * source's name, or that the source is missing when its asset was deleted (not "None", which would
 * say the scene uses the portrait's own expression when it still names a source).
 */
export function chosenSourceLabel(
  source: { assetId: string } | null,
  assets: readonly Pick<Asset, 'id' | 'kind' | 'originalName'>[],
): string {
  if (!source) return NO_SOURCE_LABEL;
  const asset = assets.find((each) => each.id === source.assetId);
  return asset ? sourceLabel(asset) : MISSING_SOURCE_LABEL;
}
