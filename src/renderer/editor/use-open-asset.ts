import { useCallback, useState } from 'react';
import type { Asset } from '../../shared/api';

/**
 * Which asset a project has open, and its active portrait (the photo the rig panel edits and
 * frames are applied to, still the last photo opened while a video is shown). Both are kept in
 * local storage per project id, so a reload reopens what was being edited. Local storage, not the
 * database: it is a view choice of this window, like the panel layout, and never undone.
 */
const openKey = (projectId: string) => `mien.openAsset.${projectId}`;
const portraitKey = (projectId: string) => `mien.activePortrait.${projectId}`;

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Storage refused (private window, quota): the choice lasts for this session only.
  }
}

export interface OpenAsset {
  /** The open asset: the chosen one while it exists, else the first. */
  selected: Asset | null;
  /** The active portrait: the last photo opened while it exists, else the first photo. */
  portrait: Asset | null;
  open(assetId: string): void;
}

export function useOpenAsset(projectId: string, assets: readonly Asset[] | null): OpenAsset {
  const [chosenId, setChosenId] = useState<string | null>(() => read(openKey(projectId)));
  const [portraitId, setPortraitId] = useState<string | null>(() => read(portraitKey(projectId)));

  const selected = assets?.find((asset) => asset.id === chosenId) ?? assets?.[0] ?? null;
  const photos = assets?.filter((asset) => asset.kind !== 'video') ?? [];
  const portrait =
    (selected && selected.kind !== 'video' ? selected : null) ??
    photos.find((asset) => asset.id === portraitId) ??
    photos[0] ??
    null;

  const open = useCallback(
    (assetId: string) => {
      const remember = (photoId: string) => {
        setPortraitId(photoId);
        write(portraitKey(projectId), photoId);
      };
      const asset = assets?.find((candidate) => candidate.id === assetId);
      if (asset && asset.kind !== 'video') remember(asset.id);
      // Leaving a photo for a video: that photo stays the portrait (also one imported and not remembered yet).
      else if (asset && selected && selected.kind !== 'video') remember(selected.id);
      setChosenId(assetId);
      write(openKey(projectId), assetId);
    },
    [projectId, assets, selected],
  );

  return { selected, portrait, open };
}
