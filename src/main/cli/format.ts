import {
  LIMITED_ANGLE_WORDS,
  limitedAngleText,
  type Asset,
  type Job,
  type LimitedAngle,
  type Project,
  type SystemInfo,
} from '../../shared/api';

const time = (ms: number | null): string => (ms === null ? '-' : new Date(ms).toISOString().replace('.000Z', 'Z'));

export function formatProjects(projects: Project[]): string[] {
  if (projects.length === 0) return ['(no projects)'];
  return projects.map(
    (p) => `${p.id}  ${p.name}  (${p.assetCount} asset${p.assetCount === 1 ? '' : 's'}, updated ${time(p.updatedAt)})`,
  );
}

export function formatProject(project: Project): string {
  return `Created project ${project.id}  ${project.name}`;
}

export function formatJobs(jobs: Job[]): string[] {
  if (jobs.length === 0) return ['(no jobs)'];
  return jobs.map((job) => {
    const percent = Math.round(job.progress.fraction * 100);
    const error = job.error ? `  error: ${job.error.message}` : '';
    return `${job.id}  ${job.state.padEnd(11)} ${String(percent).padStart(3)}%  ${job.title}${error}`;
  });
}

export function formatAsset(asset: Asset): string[] {
  return [
    `Imported asset ${asset.id} (${asset.kind}) from ${asset.originalName}`,
    `  original ${asset.width}x${asset.height} ${asset.mime}, ${asset.byteSize} bytes, sha256 ${asset.originalSha256}`,
    `  working  ${asset.workingWidth}x${asset.workingHeight}, sha256 ${asset.workingSha256}`,
    `  thumbnail sha256 ${asset.thumbnailSha256}`,
  ];
}

export function formatInfo(info: SystemInfo): string[] {
  const wayOut = {
    corrupt: `move it aside with the app's "start fresh" option`,
    in_use: 'nothing is wrong with it',
    disk_full: 'free some space on that disk',
    read_only: 'make the folder writable or use another --data-dir',
  };
  const store = info.store.ok
    ? `ok, schema v${info.store.schemaVersion} at ${info.store.path}${info.store.readOnly ? ` (READ-ONLY: ${info.store.readOnly})` : ''}`
    : `CANNOT OPEN ${info.store.path}: ${info.store.reason} (${wayOut[info.store.problem]})`;
  return [
    `Mien ${info.version} (${info.host})`,
    `store:  ${store}`,
    `ffmpeg: ${info.ffmpeg.available ? `${info.ffmpeg.path} (${info.ffmpeg.source})` : 'not found'}: ${info.ffmpeg.message}`,
    `limits: imports up to ${info.limits.maxImportBytes} bytes; working copies up to ${info.limits.maxWorkingSide} px`,
  ];
}

/** One progress line for the import command, e.g. "import: 40% decoding (eta 1.2 s)". */
export function formatProgress(job: Job): string {
  const eta = job.progress.etaMs === null ? '' : ` (eta ${(job.progress.etaMs / 1000).toFixed(1)} s)`;
  return `${job.state === 'queued' ? 'queued' : `${Math.round(job.progress.fraction * 100)}%`} ${job.progress.stage}${eta}`;
}

/**
 * The note for a head turn the warp limited (it would tear the photo), for stderr: one line for the
 * whole turn, since the warp scales the turn as a whole (from the photo's own pose) and an axis
 * the user left alone or asked little of shrinks with the rest; naming it alone ("pitch 0° would
 * tear") blamed the wrong axis.
 */
export function formatLimitedAngles(capped: readonly LimitedAngle[]): string[] {
  if (capped.length === 0) return [];
  const axes = capped.map((c) => `${LIMITED_ANGLE_WORDS[c.name].toLowerCase()} ${limitedAngleText(c, 1)}`);
  return [`note: the head turn asked would tear the photo; rendered ${axes.join(', ')}`];
}

/** The note for a value outside its range that was clamped (a --set coefficient, --size, a layer alpha). */
export function formatOutOfRange(name: string, given: number, used: number): string {
  return `note: ${name} ${given} is out of range; used ${used}`;
}
