import type { Asset, MienClient } from '../../shared/api';
import { useProjectList } from '../state/use-project-list';

const listAssets = (client: MienClient, projectId: string) => client.call('assets.list', { projectId });

/** The project's assets, reloaded when the engine says the project changed or one of its jobs finished. */
export function useAssets(projectId: string): { assets: Asset[] | null; error: string | null; reload(): void } {
  const { list, error, reload } = useProjectList(projectId, listAssets);
  return { assets: list, error, reload };
}
