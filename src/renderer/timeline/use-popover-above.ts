import { useLayoutEffect, useState, type RefObject } from 'react';

const GAP = 4;
const MARGIN = 8;

export interface PopoverPlace {
  right: number;
  bottom: number;
}

/**
 * Where a fixed popover sits, right-aligned with the anchor: rising from the anchor's top edge, over
 * the stage above the timeline, leaving the timeline's toolbar and lanes free. Where the space above
 * is too short (the timeline dragged tall), it sits in the anchor's bottom-right corner instead, over
 * the lanes, not over the toolbar; and always whole on screen (`top` at least 8 px). Kept in place
 * when the anchor or the window is resized.
 */
export function usePopoverAbove(
  anchor: RefObject<HTMLElement | null>,
  popover: RefObject<HTMLElement | null>,
): PopoverPlace | null {
  const [place, setPlace] = useState<PopoverPlace | null>(null);
  useLayoutEffect(() => {
    const element = anchor.current;
    if (!element) return;
    const update = () => {
      const rect = element.getBoundingClientRect();
      const height = popover.current?.offsetHeight ?? 0;
      const fitsAbove = rect.top - GAP - height >= MARGIN;
      const bottom = fitsAbove ? window.innerHeight - rect.top + GAP : window.innerHeight - rect.bottom + MARGIN;
      const next = {
        right: Math.max(MARGIN, window.innerWidth - rect.right + MARGIN),
        bottom: Math.max(MARGIN, Math.min(bottom, window.innerHeight - height - MARGIN)),
      };
      setPlace((previous) =>
        previous && previous.right === next.right && previous.bottom === next.bottom ? previous : next,
      );
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(element);
    if (popover.current) observer.observe(popover.current);
    window.addEventListener('resize', update);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', update);
    };
  }, [anchor, popover]);
  return place;
}
