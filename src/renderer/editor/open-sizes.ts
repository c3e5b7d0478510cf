/**
 * The last open size (px) of each collapsible editor panel, kept in localStorage. The panel group
 * saves its layout with a collapsed panel at 0 and forgets the size it had open, so a panel closed
 * before a reload would otherwise reopen at its minimum.
 */
export type CollapsiblePanel = 'sidebar' | 'rig' | 'timeline';

const key = (panel: CollapsiblePanel) => `mien.layout.openSize.${panel}`;

export function rememberOpenSize(panel: CollapsiblePanel, px: number): void {
  try {
    window.localStorage.setItem(key(panel), String(Math.round(px)));
  } catch {
    // Storage refused: the size lasts for this session (the panel group still keeps it until a reload).
  }
}

/** The remembered size, or null when there is none (or it is not a positive number). */
export function rememberedOpenSize(panel: CollapsiblePanel): number | null {
  try {
    const px = Number(window.localStorage.getItem(key(panel)));
    return Number.isFinite(px) && px > 0 ? px : null;
  } catch {
    return null;
  }
}
