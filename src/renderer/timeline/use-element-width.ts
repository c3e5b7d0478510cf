import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';

/**
 * An element's content size in CSS pixels, following resizes (ResizeObserver). The element behind
 * `ref` may come and go (the timeline's lanes unmount while a scene loads, and after the last scene
 * is deleted): each commit checks it and observes the element now there, so the size never sticks at
 * the 0 a removed element reports (which left the dope sheet drawing only the keys at 0 s).
 */
export function useElementSize(ref: RefObject<HTMLElement | null>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  const observed = useRef<{ element: HTMLElement; observer: ResizeObserver } | null>(null);
  // No dependency list: a cheap identity check after every commit of the caller.
  useLayoutEffect(() => {
    const element = ref.current;
    if (observed.current?.element === element) return;
    observed.current?.observer.disconnect();
    observed.current = null;
    if (!element) return;
    const measure = () =>
      setSize((old) =>
        old.width === element.clientWidth && old.height === element.clientHeight
          ? old
          : { width: element.clientWidth, height: element.clientHeight },
      );
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    observed.current = { element, observer };
  });
  useEffect(
    () => () => {
      observed.current?.observer.disconnect();
      observed.current = null;
    },
    [],
  );
  return size;
}

export const useElementWidth = (ref: RefObject<HTMLElement | null>): number => useElementSize(ref).width;
