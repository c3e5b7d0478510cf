import { useState } from 'react';
import { toApiError } from '../../shared/api';
import { MAX_SCENE_SECONDS } from '../../shared/api/scenes';
import { SCENE_FPS, type SceneFps } from '../../shared/timeline';
import { useServices } from '../app-services';
import { reportError } from '../state/notices-store';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { openScene } from './scene-loading';
import { sceneNameProblem } from './scene-names';
import { SceneNameField } from './SceneNameField';
import { addSceneCommand, deleteSceneCommand, frameRateCommand, scenePatchCommand } from './timeline-commands';
import { useTimelineStore } from './timeline-store';

const NEW_SCENE = '__new__';
const RENAME_SCENE = '__rename__';
const DELETE_SCENE = '__delete__';

/**
 * Scene menu (switch, "New scene", "Rename scene…", "Delete scene…"), frame rate and duration of the
 * open scene. Each change is one undo step: renaming, frame rate and duration are scene patches;
 * adding and deleting (asked first) are undone by deleting and restoring the scene.
 */
export function SceneControls() {
  const { client, history } = useServices();
  const scenes = useTimelineStore((state) => state.scenes);
  const scene = useTimelineStore((state) => state.scene);
  const projectId = useTimelineStore((state) => state.projectId);
  const [duration, setDuration] = useState<string | null>(null);
  const [durationProblem, setDurationProblem] = useState<string | null>(null);
  const [renaming, setRenaming] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  if (!scene || !projectId) return null;
  const target = { client, projectId, assetId: scene.assetId, sceneId: scene.id };

  const changeLength = (durationSeconds: number) => {
    history
      .execute(
        scenePatchCommand(
          target,
          'change scene length',
          { durationSeconds: scene.durationSeconds },
          { durationSeconds },
        ),
      )
      .catch((error: unknown) => reportError('Could not change the scene length', error));
  };

  // The keys move onto the new rate's frames in the same undo step (frameRateCommand).
  const changeRate = (fps: SceneFps) => {
    if (fps === scene.fps) return;
    history
      .execute(frameRateCommand(target, scene, useTimelineStore.getState().tracks, fps))
      .catch((error: unknown) => reportError('Could not change the frame rate', error));
  };

  const rename = async (name: string): Promise<string | null> => {
    try {
      await history.execute(scenePatchCommand(target, 'rename scene', { name: scene.name }, { name }));
      return null;
    } catch (error) {
      return toApiError(error).message;
    }
  };

  // Asked first although undoable: a scene can hold much work, and the menu item is next to Rename.
  // The question closes at once: kept open while the next scene opens, it would ask about that one.
  const remove = () => {
    setConfirmDelete(false);
    history
      .execute(deleteSceneCommand(client, scene))
      .catch((error: unknown) => reportError(`Could not delete ${scene.name}`, error));
  };

  const commitDuration = () => {
    if (duration === null) return;
    const seconds = Number(duration.trim().replace(',', '.').replace(/s$/, ''));
    setDuration(null);
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_SCENE_SECONDS) {
      setDurationProblem(`A scene lasts more than 0 and at most ${MAX_SCENE_SECONDS} seconds.`);
      return;
    }
    setDurationProblem(null);
    if (seconds !== scene.durationSeconds) changeLength(seconds);
  };

  return (
    <div className="tl-scene" role="group" aria-label="Scene settings">
      {renaming ? (
        <SceneNameField
          initial={scene.name}
          problemOf={(name) => sceneNameProblem(name, scenes ?? [scene], scene.id)}
          onCommit={rename}
          onClose={() => setRenaming(false)}
        />
      ) : (
        <select
          className="tl-select tl-scene__name"
          aria-label="Scene"
          title={scene.name}
          value={scene.id}
          onChange={(event) => {
            const id = event.currentTarget.value;
            if (id === NEW_SCENE) {
              history
                .execute(addSceneCommand(client, projectId, scene.assetId))
                .catch((error: unknown) => reportError('Could not add a scene', error));
              return;
            }
            if (id === RENAME_SCENE) return setRenaming(true);
            if (id === DELETE_SCENE) return setConfirmDelete(true);
            const next = scenes?.find((candidate) => candidate.id === id);
            if (next)
              openScene(client, next).catch((error: unknown) => reportError(`Could not open ${next.name}`, error));
          }}
        >
          {(scenes ?? [scene]).map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.name}
            </option>
          ))}
          <option value={NEW_SCENE}>New scene</option>
          <option value={RENAME_SCENE}>Rename scene…</option>
          <option value={DELETE_SCENE}>Delete scene…</option>
        </select>
      )}
      {confirmDelete && (
        <ConfirmDialog
          title={`Delete “${scene.name}”?`}
          confirmLabel="Delete scene"
          tone="danger"
          onConfirm={remove}
          onCancel={() => setConfirmDelete(false)}
        >
          <p>
            Its keys and layer masks go with it; Undo brings them back. Exports made from it stay in the project.
            {(scenes?.length ?? 1) > 1
              ? ' The next scene of this photo opens.'
              : ' It is the only scene of this photo: the timeline stays empty until you add one.'}
          </p>
        </ConfirmDialog>
      )}
      <select
        className="tl-select"
        aria-label="Frame rate"
        title="Frames per second"
        value={scene.fps}
        onChange={(event) => changeRate(Number(event.currentTarget.value) as SceneFps)}
      >
        {SCENE_FPS.map((fps) => (
          <option key={fps} value={fps}>
            {fps} fps
          </option>
        ))}
      </select>
      <label className="tl-duration" title="Scene length in seconds">
        <input
          className="tl-field"
          aria-label="Duration in seconds"
          inputMode="decimal"
          aria-invalid={durationProblem !== null}
          value={duration ?? String(scene.durationSeconds)}
          onFocus={(event) => {
            setDuration(String(scene.durationSeconds));
            event.currentTarget.select();
          }}
          onChange={(event) => setDuration(event.currentTarget.value)}
          onBlur={commitDuration}
          onKeyDown={(event) => {
            if (event.key === 'Enter') event.currentTarget.blur();
            if (event.key === 'Escape') {
              setDuration(null);
              setDurationProblem(null);
              event.currentTarget.blur();
            }
          }}
        />
        <span className="tl-duration__unit">s</span>
      </label>
      {durationProblem && (
        <span className="tl-problem tl-problem--below tl-problem--end" role="alert">
          {durationProblem}
        </span>
      )}
    </div>
  );
}
