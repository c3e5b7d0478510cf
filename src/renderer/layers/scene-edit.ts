import type { MienClient, ScenePatch } from '../../shared/api';
import type { History } from '../../shared/history';
import { reportError } from '../state/notices-store';
import { scenePatchCommand } from './layers-commands';
import { ensureLayersScene, useLayersStore } from './layers-store';

/**
 * One undo step from the portrait scene's current fields to `to` (the scene is created on first
 * use). `from` is given when the scene already shows a dragged draft (the value before the drag).
 * The one way the layers panel and the Style transfer dialog edit the scene.
 */
export async function changeLayersScene(
  services: { client: MienClient; history: History },
  target: { projectId: string; assetId: string },
  label: string,
  to: ScenePatch,
  from?: ScenePatch,
): Promise<void> {
  const { client, history } = services;
  try {
    const scene = await ensureLayersScene(client, target.projectId, target.assetId);
    const before: ScenePatch =
      from ?? Object.fromEntries(Object.keys(to).map((key) => [key, scene[key as keyof ScenePatch]]));
    await history.execute(
      scenePatchCommand(
        { client, projectId: target.projectId, assetId: target.assetId, sceneId: scene.id },
        { label, from: before, to },
      ),
    );
  } catch (caught) {
    useLayersStore.setState({ draftMix: null, draftFrame: null });
    reportError(`Could not ${label}`, caught);
  }
}
