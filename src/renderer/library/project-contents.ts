import type { Project } from '../../shared/api';

const count = (n: number, one: string, many: string): string | null =>
  n === 0 ? null : `${n} ${n === 1 ? one : many}`;

/**
 * What a project holds, each kind counted apart ("4 photos, 1 video, 2 track files"), so a video is
 * never counted as a photo; null when nothing has been imported.
 */
export function describeProjectContents(
  project: Pick<Project, 'photoCount' | 'videoCount' | 'trackFileCount'>,
): string | null {
  const parts = [
    count(project.photoCount, 'photo', 'photos'),
    count(project.videoCount, 'video', 'videos'),
    count(project.trackFileCount, 'track file', 'track files'),
  ].filter((part): part is string => part !== null);
  return parts.length === 0 ? null : parts.join(', ');
}
