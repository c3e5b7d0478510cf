import type { ParameterId, Track } from '../../shared/timeline';
import { layersGroup } from './layer-rows';
import { TIMELINE_GROUPS, type TimelineGroup, type TimelineGroupId, type TimelineRow } from './parameters';

export const GROUP_ROW_HEIGHT = 24;
export const TRACK_ROW_HEIGHT = 22;

export type VisibleRow =
  | {
      kind: 'group';
      group: TimelineGroup;
      top: number;
      collapsed: boolean;
      /** The group's animated tracks: its summary row shows their keys together. */
      tracks: Track[];
      /** Times that have a key on any of those tracks, ascending. */
      keyTimes: number[];
    }
  | { kind: 'track'; row: TimelineRow; groupId: TimelineGroupId; top: number; track: Track | undefined };

/**
 * The dope sheet's rows, top to bottom: each rig group (as in the rig panel), then the Layers group
 * (layer alphas and the source frame), each with its summary of keys and, unless collapsed, one row
 * per parameter. With `animatedOnly`, parameters without a
 * track and groups without any are left out.
 */
export function visibleRows(
  tracks: readonly Track[],
  collapsed: ReadonlySet<TimelineGroupId>,
  animatedOnly: boolean,
): { rows: VisibleRow[]; height: number } {
  const byParameter = new Map<ParameterId, Track>(
    tracks.filter((track) => track.keyframes.length > 0).map((track) => [track.parameter, track]),
  );
  const rows: VisibleRow[] = [];
  let top = 0;
  for (const group of [...TIMELINE_GROUPS, layersGroup(tracks)]) {
    const groupTracks = group.rows.flatMap((row) => byParameter.get(row.parameter) ?? []);
    if (animatedOnly && groupTracks.length === 0) continue;
    const isCollapsed = collapsed.has(group.id);
    const times = new Set(groupTracks.flatMap((track) => track.keyframes.map((key) => key.time)));
    rows.push({
      kind: 'group',
      group,
      top,
      collapsed: isCollapsed,
      tracks: groupTracks,
      keyTimes: [...times].sort((a, b) => a - b),
    });
    top += GROUP_ROW_HEIGHT;
    if (isCollapsed) continue;
    for (const row of group.rows) {
      const track = byParameter.get(row.parameter);
      if (animatedOnly && !track) continue;
      rows.push({ kind: 'track', row, groupId: group.id, top, track });
      top += TRACK_ROW_HEIGHT;
    }
  }
  return { rows, height: top };
}

export const rowHeight = (row: VisibleRow): number => (row.kind === 'group' ? GROUP_ROW_HEIGHT : TRACK_ROW_HEIGHT);

/**
 * The keys inside a box (times [t0, t1], heights [y0, y1] in rows space) as refs: a track row's
 * keys in the time range, and for a group row every key of its tracks in the range.
 */
export function keysInBox(rows: readonly VisibleRow[], t0: number, t1: number, y0: number, y1: number): string[] {
  const refs = new Set<string>();
  const pick = (track: Track) => {
    for (const key of track.keyframes) {
      if (key.time >= t0 - 1e-9 && key.time <= t1 + 1e-9) refs.add(`${track.parameter}|${key.id}`);
    }
  };
  for (const row of rows) {
    if (row.top + rowHeight(row) <= y0 || row.top >= y1) continue;
    if (row.kind === 'group') row.tracks.forEach(pick);
    else if (row.track) pick(row.track);
  }
  return [...refs];
}

/** Refs of every key at `time` on the given tracks (clicking a summary key). */
export function keysAtTime(tracks: readonly Track[], time: number): string[] {
  return tracks.flatMap((track) =>
    track.keyframes.filter((key) => Math.abs(key.time - time) < 1e-9).map((key) => `${track.parameter}|${key.id}`),
  );
}
