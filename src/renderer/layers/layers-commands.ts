import type { MienClient, ScenePatch } from '../../shared/api';
import { setValueCommand, type Command } from '../../shared/history';
import { writeScenePatch } from './layers-store';

/**
 * One layers-panel edit (an alpha drag, a source, a frame) as an undo step: the scene's fields from
 * their value before to after, saved through scenes.update both ways.
 */
export function scenePatchCommand(
  target: { client: MienClient; projectId: string; assetId: string; sceneId: string },
  edit: { label: string; from: ScenePatch; to: ScenePatch },
): Command {
  return setValueCommand({
    label: edit.label,
    from: edit.from,
    to: edit.to,
    // The scene too: deleting it drops its undo steps (they would patch a scene that is gone).
    scopes: [target.projectId, target.assetId, target.sceneId],
    write: (patch) => writeScenePatch(target.client, target.sceneId, patch),
  });
}
