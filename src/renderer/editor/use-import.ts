import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { toApiError, type Job } from '../../shared/api';
import { useServices, useSystemInfo } from '../app-services';
import { useJobsStore } from '../state/jobs-store';
import { formatBytes } from '../ui/format';

export interface ImportProblem {
  key: string;
  fileName: string;
  message: string;
}

interface StartedImport {
  jobId: string;
  fileName: string;
}

/**
 * Imports picked or dropped files into a project: bytes, never paths, one import job per photo or
 * video; track files (CSV, JSON) are imported as track sets at once.
 * Problems (too big, refused by the engine, a job that failed) are kept for an inline message
 * next to the photos until dismissed.
 */
export function useImport(projectId: string, onImported: (assetId: string) => void) {
  const { client } = useServices();
  const { limits } = useSystemInfo();
  const jobs = useJobsStore((state) => state.jobs);
  const [started, setStarted] = useState<StartedImport[]>([]);
  const [refused, setRefused] = useState<ImportProblem[]>([]);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const announced = useRef(new Set<string>());

  /** Imports each file as a new asset; with `replacesAssetId`, re-imports that asset's missing file instead. */
  const importFiles = useCallback(
    async (files: readonly File[], replacesAssetId?: string) => {
      for (const file of files) {
        const key = `${file.name}-${file.size}-${Date.now()}-${Math.random()}`;
        if (file.size > limits.maxImportBytes) {
          setRefused((list) => [
            ...list,
            {
              key,
              fileName: file.name,
              message: `${file.name} is ${formatBytes(file.size)}; the largest photo Mien imports is ${formatBytes(limits.maxImportBytes)}.`,
            },
          ]);
          continue;
        }
        try {
          const bytes = new Uint8Array(await file.arrayBuffer());
          if (isTrackFile(file.name)) {
            // Live Link Face CSV and blendshape JSON become a track set (the Tracks list shows it).
            await client.call('tracks.importFile', { projectId, fileName: file.name, bytes });
            continue;
          }
          const job = await client.call('assets.importBytes', {
            projectId,
            kind: 'portrait',
            fileName: file.name,
            bytes,
            ...(replacesAssetId ? { replacesAssetId } : {}),
          });
          useJobsStore.getState().upsert(job);
          setStarted((list) => [...list, { jobId: job.id, fileName: file.name }]);
        } catch (error) {
          setRefused((list) => [
            ...list,
            { key, fileName: file.name, message: withFileName(file.name, toApiError(error).message) },
          ]);
        }
      }
    },
    [client, limits.maxImportBytes, projectId],
  );

  // Select each newly imported photo once its job succeeds.
  useEffect(() => {
    for (const { jobId } of started) {
      const job = jobs[jobId];
      const assetId = job?.state === 'succeeded' ? job.result?.assetId : undefined;
      if (typeof assetId === 'string' && !announced.current.has(jobId)) {
        announced.current.add(jobId);
        onImported(assetId);
      }
    }
  }, [jobs, started, onImported]);

  const problems = useMemo(() => {
    const failed = started.flatMap(({ jobId, fileName }): ImportProblem[] => {
      const job: Job | undefined = jobs[jobId];
      if (job?.state !== 'failed') return [];
      return [{ key: jobId, fileName, message: withFileName(fileName, job.error?.message ?? 'The import failed.') }];
    });
    return [...refused, ...failed].filter((problem) => !dismissed.has(problem.key));
  }, [dismissed, jobs, refused, started]);

  const pending = useMemo(
    () =>
      started
        .map(({ jobId }) => jobs[jobId])
        .filter((job): job is Job => job?.state === 'queued' || job?.state === 'running'),
    [jobs, started],
  );

  const dismiss = useCallback((key: string) => setDismissed((set) => new Set([...set, key])), []);

  return { importFiles, problems, pending, dismiss };
}

/** Coefficient track files (Live Link Face CSV, MediaPipe blendshape JSON) go in through the same Import. */
export function isTrackFile(fileName: string): boolean {
  return /\.(csv|json)$/i.test(fileName);
}

/** The engine's sentence, prefixed with the file name unless it already names it. */
function withFileName(fileName: string, message: string): string {
  return message.includes(fileName) ? message : `${fileName}: ${message}`;
}
