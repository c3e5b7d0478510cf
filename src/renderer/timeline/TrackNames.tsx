import type { ParameterId } from '../../shared/timeline';
import type { VisibleRow } from './timeline-rows';
import { useTimelineStore } from './timeline-store';

/**
 * The names column beside the keys: group headers (click to fold, with how many tracks they hold)
 * and parameter names. Clicking a name picks that track (Shift or Ctrl/Cmd adds): K keys the picked
 * tracks and the curve editor shows them.
 */
export function TrackNames({ rows, height }: { rows: readonly VisibleRow[]; height: number }) {
  const focused = useTimelineStore((state) => state.focused);
  const pick = (parameter: ParameterId, additive: boolean) => {
    const current = useTimelineStore.getState().focused;
    const next = new Set(additive ? current : []);
    if (additive && current.has(parameter)) next.delete(parameter);
    else next.add(parameter);
    useTimelineStore.setState({ focused: next });
  };
  const toggleGroup = (id: (VisibleRow & { kind: 'group' })['group']['id']) => {
    const collapsed = new Set(useTimelineStore.getState().collapsed);
    if (collapsed.has(id)) collapsed.delete(id);
    else collapsed.add(id);
    useTimelineStore.setState({ collapsed });
  };
  return (
    <div className="tl-names" style={{ height: Math.max(height, 1) }}>
      {rows.map((row) =>
        row.kind === 'group' ? (
          <button
            key={`g-${row.group.id}`}
            type="button"
            className="tl-name tl-name--group"
            style={{ top: row.top }}
            aria-expanded={!row.collapsed}
            onClick={() => toggleGroup(row.group.id)}
          >
            <span className="tl-name__chevron" aria-hidden="true">
              {row.collapsed ? '▸' : '▾'}
            </span>
            {row.group.label}
            {row.tracks.length > 0 && <span className="tl-name__count">{row.tracks.length}</span>}
          </button>
        ) : (
          <button
            key={row.row.parameter}
            type="button"
            className={`tl-name${row.track ? ' tl-name--animated' : ''}`}
            style={{ top: row.top }}
            aria-pressed={focused.has(row.row.parameter)}
            title={`${row.row.parameter}${row.track ? ` · ${row.track.keyframes.length} keys` : ''}`}
            onClick={(event) => pick(row.row.parameter, event.shiftKey || event.ctrlKey || event.metaKey)}
          >
            {row.row.label}
          </button>
        ),
      )}
    </div>
  );
}
