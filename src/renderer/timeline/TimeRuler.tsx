import { useRef, type PointerEvent } from 'react';
import { timecode } from '../../shared/timeline';
import { lastFrame, seekFrame, useTimelineStore } from './timeline-store';
import { rulerTicks, timeToX, xToTime, zoomAt } from './time-view';
import { useWheelZoom } from './use-wheel-zoom';

/**
 * The time ruler over the dope sheet and curves: ticks at a readable step, the scene's end, and the
 * playhead, which a drag anywhere on the ruler scrubs frame by frame (the playhead always sits on a
 * whole frame). The wheel zooms here as on the keys.
 */
export function TimeRuler({ width }: { width: number }) {
  const scene = useTimelineStore((state) => state.scene);
  const view = useTimelineStore((state) => state.view);
  const frame = useTimelineStore((state) => state.frame);
  const ref = useRef<HTMLDivElement>(null);
  useWheelZoom(ref);
  if (!scene) return <div className="tl-ruler" />;
  const ticks = rulerTicks(
    view.startSeconds,
    view.startSeconds + width / view.pxPerSecond,
    view.pxPerSecond,
    scene.fps,
  );

  const scrubTo = (event: PointerEvent<HTMLDivElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const time = xToTime(view, event.clientX - rect.left);
    seekFrame(Math.round(time * scene.fps));
  };

  const playheadX = timeToX(view, frame / scene.fps);
  const endX = timeToX(view, scene.durationSeconds);
  return (
    <div
      ref={ref}
      className="tl-ruler"
      data-testid="timeline-ruler"
      role="slider"
      aria-label="Playhead"
      aria-valuemin={0}
      aria-valuemax={lastFrame(scene)}
      aria-valuenow={frame}
      aria-valuetext={`frame ${frame}, ${timecode(frame, scene.fps)}`}
      onPointerDown={(event) => {
        if (event.button !== 0) return;
        event.currentTarget.setPointerCapture(event.pointerId);
        useTimelineStore.setState({ playing: false });
        scrubTo(event);
      }}
      onPointerMove={(event) => {
        if (event.currentTarget.hasPointerCapture(event.pointerId)) scrubTo(event);
      }}
      onDoubleClick={() => useTimelineStore.setState({ view: zoomAt(view, 1, 0) })}
    >
      <div className="tl-ruler__outside" style={{ left: Math.max(0, endX) }} />
      {ticks.map((tick) => (
        <div
          key={tick.time.toFixed(6)}
          className={tick.label ? 'tl-ruler__tick tl-ruler__tick--major' : 'tl-ruler__tick'}
          style={{ left: timeToX(view, tick.time) }}
        >
          {tick.label && <span className="tl-ruler__label">{tick.label}</span>}
        </div>
      ))}
      {playheadX >= -8 && playheadX <= width + 8 && (
        <div className="tl-ruler__playhead" style={{ left: playheadX }} aria-hidden="true">
          <span className="tl-ruler__frame">{frame}</span>
        </div>
      )}
    </div>
  );
}
