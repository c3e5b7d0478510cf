import type { MienClient } from '../../shared/api';
import type { TrackSetSummary } from '../../shared/api/tracks';
import { useProjectList } from '../state/use-project-list';

const listTrackSets = (client: MienClient, projectId: string) => client.call('tracks.list', { projectId });

/** The project's track sets, reloaded when the project changes (an import, a fit, a delete). */
export function useTrackSets(projectId: string): {
  sets: TrackSetSummary[] | null;
  error: string | null;
  reload(): void;
} {
  const { list, error, reload } = useProjectList(projectId, listTrackSets, 'fit-tracks');
  return { sets: list, error, reload };
}
