import { SCENE_NAME_MAX_LENGTH, sceneNameKey, type Scene } from '../../shared/api/scenes';

/**
 * Why a scene cannot take `name`, or null when it can. The same rules as the engine's (SceneName
 * trims and limits the length; ScenesRepo refuses a name another scene of the project has, compared
 * with sceneNameKey: case and surrounding spaces do not count), checked
 * here against the portrait's scenes so the field says what is wrong before anything is sent. A
 * name taken by another portrait's scene is refused by the engine, whose message the field shows.
 */
export function sceneNameProblem(
  name: string,
  scenes: readonly Pick<Scene, 'id' | 'name'>[],
  sceneId: string,
): string | null {
  const trimmed = name.trim();
  if (trimmed.length === 0) return 'A scene needs a name.';
  if (trimmed.length > SCENE_NAME_MAX_LENGTH) {
    return `A scene name has at most ${SCENE_NAME_MAX_LENGTH} characters (this one has ${trimmed.length}).`;
  }
  const taken = scenes.find((scene) => scene.id !== sceneId && sceneNameKey(scene.name) === sceneNameKey(trimmed));
  if (taken) return `There is already a scene named “${taken.name}”.`;
  return null;
}

/**
 * The scene to open when `deletedId` goes: the open one stays open when another is deleted;
 * deleting the open one opens the scene after it in the list, else the one before, else none.
 */
export function sceneAfterDeletion<T extends Pick<Scene, 'id'>>(
  scenes: readonly T[],
  deletedId: string,
  openId: string | null,
): T | null {
  if (openId !== deletedId) return scenes.find((scene) => scene.id === openId) ?? null;
  const index = scenes.findIndex((scene) => scene.id === deletedId);
  const remaining = scenes.filter((scene) => scene.id !== deletedId);
  if (remaining.length === 0) return null;
  return remaining[Math.min(Math.max(index, 0), remaining.length - 1)] ?? null;
}
