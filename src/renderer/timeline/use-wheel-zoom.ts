import { useEffect, type RefObject } from 'react';
import { useTimelineStore } from './timeline-store';
import { panBy, zoomAt } from './time-view';

/**
 * Wheel over the timeline: Ctrl/Cmd + wheel (and pinch) zooms at the pointer, Shift + wheel or a
 * horizontal wheel pans; a plain vertical wheel scrolls the rows. A non-passive listener, since
 * zooming must stop the page from zooming.
 */
export function useWheelZoom(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      const rect = element.getBoundingClientRect();
      const { view } = useTimelineStore.getState();
      const lineScale = event.deltaMode === WheelEvent.DOM_DELTA_LINE ? 33 : 1;
      if (event.ctrlKey || event.metaKey) {
        event.preventDefault();
        const factor = Math.exp((-event.deltaY * lineScale) / 300);
        useTimelineStore.setState({ view: zoomAt(view, factor, event.clientX - rect.left) });
      } else if (event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
        event.preventDefault();
        const delta = (event.shiftKey ? event.deltaY : event.deltaX) * lineScale;
        useTimelineStore.setState({ view: panBy(view, -delta) });
      }
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [ref]);
}
