import type { MienClient } from '../../shared/api';
import type { ScenePatch } from '../../shared/api/scenes';
import { composite, type Gesture, type History } from '../../shared/history';
import type { Track } from '../../shared/timeline';
import { reportError } from '../state/notices-store';
import { scenePatchCommand, tracksCommand, type TimelineTarget } from './timeline-commands';
import { playheadSeconds, useTimelineStore } from './timeline-store';

/** The open scene as an edit target, with its tracks and the playhead's time; null without a scene. */
export function openAnimation(
  client: MienClient,
  assetId?: string,
): { target: TimelineTarget; tracks: readonly Track[]; time: number } | null {
  const state = useTimelineStore.getState();
  if (!state.scene || !state.projectId || (assetId !== undefined && state.scene.assetId !== assetId)) return null;
  return {
    target: { client, projectId: state.projectId, assetId: state.scene.assetId, sceneId: state.scene.id },
    tracks: state.tracks,
    time: playheadSeconds(state),
  };
}

/**
 * Timeline edits through the one undo history: `edit` is one step (merging with the previous step
 * of the same key), a gesture (a key drag, a handle drag) becomes one step when it commits. Tracks
 * show at once; the command writes them again and schedules the save.
 */
export class TimelineEdits {
  constructor(
    private readonly client: MienClient,
    private readonly history: History,
  ) {}

  edit(label: string, to: readonly Track[], mergeKey?: string): void {
    const animation = openAnimation(this.client);
    if (!animation || animation.tracks === to) return;
    const from = animation.tracks;
    useTimelineStore.setState({ tracks: [...to] });
    try {
      this.history
        .execute(tracksCommand(animation.target, { label, from, to, mergeKey }))
        .catch((error: unknown) => reportError(`Could not ${label}`, error));
    } catch (error) {
      useTimelineStore.setState({ tracks: [...from] });
      reportError(`Could not ${label}`, error);
    }
  }

  /**
   * A scene patch and a track edit as one undo step (imported motion with the scene lengthened to
   * hold it): the scene changes first, so the keys never lie past its end; undo takes the keys back
   * first.
   */
  editWithScene(label: string, patch: { from: ScenePatch; to: ScenePatch }, to: readonly Track[]): void {
    const animation = openAnimation(this.client);
    if (!animation) return;
    const command = composite(label, [
      scenePatchCommand(animation.target, label, patch.from, patch.to),
      tracksCommand(animation.target, { label, from: animation.tracks, to }),
    ]);
    this.history.execute(command).catch((error: unknown) => reportError(`Could not ${label}`, error));
  }

  beginGesture(label: string): Gesture | null {
    if (this.history.snapshot().gestureOpen) return null;
    return this.history.beginGesture(label);
  }

  updateGesture(gesture: Gesture, to: readonly Track[]): void {
    const animation = openAnimation(this.client);
    if (!animation || animation.tracks === to) return;
    const from = animation.tracks;
    useTimelineStore.setState({ tracks: [...to] });
    gesture
      .update(tracksCommand(animation.target, { label: gesture.label, from, to, mergeKey: 'drag' }))
      .catch((error: unknown) => reportError(`Could not ${gesture.label}`, error));
  }
}
