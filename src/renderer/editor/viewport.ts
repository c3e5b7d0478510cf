/**
 * Pure zoom/pan math of the photo viewer. The image is drawn at `scale` with its top-left corner at
 * (x, y) in the viewer's CSS pixels, so a point p of the image appears at (x + p.x * scale, ...).
 */
export interface Viewport {
  scale: number;
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

export const MIN_SCALE = 0.02;
export const MAX_SCALE = 32;
/** One wheel notch or one +/- key press multiplies the scale by this much. */
export const ZOOM_STEP = 1.25;
/** Margin around the photo when fitted, so its edges do not touch the panel. */
export const FIT_PADDING = 24;

const clampScale = (scale: number): number => Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));

/** Largest scale that shows the whole image inside the viewer (with padding), centred. */
export function fitViewport(viewer: Size, image: Size): Viewport {
  if (image.width <= 0 || image.height <= 0 || viewer.width <= 0 || viewer.height <= 0) return { scale: 1, x: 0, y: 0 };
  const availableWidth = Math.max(1, viewer.width - 2 * FIT_PADDING);
  const availableHeight = Math.max(1, viewer.height - 2 * FIT_PADDING);
  const scale = clampScale(Math.min(availableWidth / image.width, availableHeight / image.height));
  return centred(viewer, image, scale);
}

/** The image at 1:1 (one image pixel per CSS pixel), centred. */
export function actualSizeViewport(viewer: Size, image: Size): Viewport {
  return centred(viewer, image, 1);
}

/** Zooms by `factor` keeping the image point under `anchor` (viewer coordinates) where it is. */
export function zoomAt(view: Viewport, factor: number, anchor: { x: number; y: number }): Viewport {
  const scale = clampScale(view.scale * factor);
  const ratio = scale / view.scale;
  return { scale, x: anchor.x - (anchor.x - view.x) * ratio, y: anchor.y - (anchor.y - view.y) * ratio };
}

/** Zoom factor for a wheel event's deltaY (pixels): one 100 px notch is one ZOOM_STEP. */
export function wheelZoomFactor(deltaY: number): number {
  return ZOOM_STEP ** (-deltaY / 100);
}

export function panBy(view: Viewport, dx: number, dy: number): Viewport {
  return { ...view, x: view.x + dx, y: view.y + dy };
}

function centred(viewer: Size, image: Size, scale: number): Viewport {
  return { scale, x: (viewer.width - image.width * scale) / 2, y: (viewer.height - image.height * scale) / 2 };
}
