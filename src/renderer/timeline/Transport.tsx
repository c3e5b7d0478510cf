import { sceneTimecode } from './timecode';
import { Glyph } from './icons';
import { goToEnd, goToStart } from './timeline-actions';
import { lastFrame, useTimelineStore } from './timeline-store';

/** Play controls and where the playhead is (timecode and frame number); ← and → step frames. */
export function Transport({ togglePlay }: { togglePlay(): void }) {
  const scene = useTimelineStore((state) => state.scene);
  const frame = useTimelineStore((state) => state.frame);
  const playing = useTimelineStore((state) => state.playing);
  if (!scene) return null;
  return (
    <div className="tl-transport" role="group" aria-label="Playback">
      <button type="button" className="tl-icon" title="First frame (Home)" aria-label="First frame" onClick={goToStart}>
        <Glyph name="start" />
      </button>
      <button
        type="button"
        className="tl-icon tl-icon--play"
        title={playing ? 'Pause (Space)' : 'Play (Space)'}
        aria-label={playing ? 'Pause' : 'Play'}
        aria-pressed={playing}
        data-testid="timeline-play"
        onClick={togglePlay}
      >
        <Glyph name={playing ? 'pause' : 'play'} />
      </button>
      <button type="button" className="tl-icon" title="Last frame (End)" aria-label="Last frame" onClick={goToEnd}>
        <Glyph name="end" />
      </button>
      <output className="tl-timecode" data-testid="timeline-timecode" aria-label="Playhead time">
        <span className="tl-timecode__time">{sceneTimecode(frame, scene.fps)}</span>
        <span className="tl-timecode__frame">
          {frame} / {lastFrame(scene)}
        </span>
      </output>
    </div>
  );
}
