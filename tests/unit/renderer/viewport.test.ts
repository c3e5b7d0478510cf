import { describe, expect, it } from 'vitest';
import {
  FIT_PADDING,
  MAX_SCALE,
  actualSizeViewport,
  fitViewport,
  panBy,
  wheelZoomFactor,
  zoomAt,
} from '../../../src/renderer/editor/viewport';

const viewer = { width: 1000, height: 600 };

describe('viewport math', () => {
  it('fits a tall photo by height and centres it', () => {
    const view = fitViewport(viewer, { width: 1024, height: 2048 });
    expect(view.scale).toBeCloseTo((600 - 2 * FIT_PADDING) / 2048, 10);
    expect(view.y).toBeCloseTo(FIT_PADDING, 10);
    expect(view.x + (1024 * view.scale) / 2).toBeCloseTo(500, 10);
  });

  it('fits a wide photo by width', () => {
    const view = fitViewport(viewer, { width: 4000, height: 1000 });
    expect(view.scale).toBeCloseTo((1000 - 2 * FIT_PADDING) / 4000, 10);
    expect(view.x).toBeCloseTo(FIT_PADDING, 10);
  });

  it('shows 1:1 centred at actual size', () => {
    expect(actualSizeViewport(viewer, { width: 200, height: 100 })).toEqual({ scale: 1, x: 400, y: 250 });
  });

  it('keeps the image point under the cursor fixed while zooming', () => {
    const view = { scale: 0.5, x: 100, y: 50 };
    const anchor = { x: 321, y: 222 };
    const imagePoint = { x: (anchor.x - view.x) / view.scale, y: (anchor.y - view.y) / view.scale };
    const zoomed = zoomAt(view, 3, anchor);
    expect(zoomed.scale).toBeCloseTo(1.5, 10);
    expect(zoomed.x + imagePoint.x * zoomed.scale).toBeCloseTo(anchor.x, 9);
    expect(zoomed.y + imagePoint.y * zoomed.scale).toBeCloseTo(anchor.y, 9);
  });

  it('clamps the scale', () => {
    expect(zoomAt({ scale: 20, x: 0, y: 0 }, 10, { x: 0, y: 0 }).scale).toBe(MAX_SCALE);
  });

  it('maps wheel deltas to symmetric zoom factors', () => {
    expect(wheelZoomFactor(-100)).toBeCloseTo(1.25, 10);
    expect(wheelZoomFactor(100) * wheelZoomFactor(-100)).toBeCloseTo(1, 12);
  });

  it('pans by a drag delta', () => {
    expect(panBy({ scale: 2, x: 10, y: 20 }, -5, 7)).toEqual({ scale: 2, x: 5, y: 27 });
  });
});
