import { useMemo, useState } from 'react';
import type { RenderRecord } from '../../shared/api/scenes';
import { useServices, useSystemInfo } from '../app-services';
import { JobRow } from '../jobs/JobRow';
import { isActiveJob, useJobsStore } from '../state/jobs-store';
import { reportError } from '../state/notices-store';
import { useProjectList } from '../state/use-project-list';
import { formatBytes, formatRelativeTime } from '../ui/format';
import {
  DEFAULT_EXPORT_FORM,
  EXPORT_FPS_CHOICES,
  fpsChoiceProblem,
  toSettings,
  withPlayableFps,
  type ExportForm,
} from './export-settings';
import { exportJobsToShow } from './export-jobs';
import { TimelineDialog } from './TimelineDialog';
import { lastFrame, useTimelineStore } from './timeline-store';
import type { Asset, MienClient } from '../../shared/api';
import { EXPORT_FORMAT_NAMES, exportDimensions, exportFormatMenuLabel, exportFramePlan } from '../../shared/timeline';
import type { ExportFormat } from '../../shared/api/scenes';

const FORMATS = Object.keys(EXPORT_FORMAT_NAMES) as ExportFormat[];

/** The last form used, for the next export in this window. */
let rememberedForm: ExportForm = DEFAULT_EXPORT_FORM;
const rememberForm = (form: ExportForm): void => {
  rememberedForm = form;
};

const listRenders = (client: MienClient, projectId: string) => client.call('renders.list', { projectId });

/**
 * Export settings for the open scene (format, size, frame rate, range, quality) and the project's
 * renders. Starting an export queues a job and the dialog stays open: the export's progress, ETA and
 * cancel show here (the jobs panel is not opened over the rig panel for a job already in view); the
 * finished file is then listed here with a button to reveal or download it.
 */
export function ExportDialog({ portrait, onClose }: { portrait: Asset; onClose(): void }) {
  const { client } = useServices();
  const scene = useTimelineStore((state) => state.scene);
  const projectId = useTimelineStore((state) => state.projectId);
  const [chosen, setForm] = useState<ExportForm>(rememberedForm);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!scene || !projectId) return null;
  const last = lastFrame(scene);
  // A rate the format cannot play (a 60 fps scene's own as a GIF) falls back to the highest it can;
  // the choice itself is kept for when the format changes back.
  const form = withPlayableFps(chosen, scene.fps);
  const update = (patch: Partial<ExportForm>) => {
    setForm((old) => ({ ...old, ...patch }));
    setProblem(null);
  };

  const start = async () => {
    const parsed = toSettings(form, { lastFrame: last, fps: scene.fps });
    if ('problem' in parsed) {
      setProblem(parsed.problem);
      return;
    }
    setBusy(true);
    try {
      rememberForm(chosen);
      const job = await client.call('exports.start', { sceneId: scene.id, settings: parsed.settings });
      useJobsStore.getState().upsert(job);
    } catch (error) {
      reportError('Could not start the export', error);
    } finally {
      setBusy(false);
    }
  };

  const video = form.format === 'mp4' || form.format === 'webm';
  const summary = describeExport(form, portrait, scene, last);
  return (
    <TimelineDialog
      title={`Export ${scene.name}`}
      wide
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
          <button
            type="button"
            className="button button--primary"
            disabled={busy}
            data-testid="export-start"
            onClick={() => void start()}
          >
            Export
          </button>
        </>
      }
    >
      <div className="tl-form" data-testid="export-form">
        <label className="tl-form__row">
          <span>Format</span>
          <select
            className="tl-select"
            aria-label="Format"
            value={form.format}
            onChange={(event) => update({ format: event.currentTarget.value as ExportForm['format'] })}
          >
            {FORMATS.map((format) => (
              <option key={format} value={format}>
                {exportFormatMenuLabel(format)}
              </option>
            ))}
          </select>
        </label>
        <div className="tl-form__row">
          <span>Size</span>
          <span className="tl-form__inline">
            <select
              className="tl-select"
              aria-label="Size"
              value={form.size}
              onChange={(event) => update({ size: event.currentTarget.value as ExportForm['size'] })}
            >
              <option value="original">Original</option>
              <option value="1080">1080 px</option>
              <option value="720">720 px</option>
              <option value="512">512 px</option>
              <option value="custom">Custom…</option>
            </select>
            {form.size === 'custom' && (
              <input
                className="tl-field"
                aria-label="Long side in pixels"
                inputMode="numeric"
                value={form.customLongSide}
                onChange={(event) => update({ customLongSide: event.currentTarget.value })}
              />
            )}
            <span className="tl-form__note">long side{video ? ', rounded to even' : ''}</span>
          </span>
        </div>
        <label className="tl-form__row">
          <span>Frame rate</span>
          <select
            className="tl-select"
            aria-label="Frame rate"
            value={form.fps}
            onChange={(event) => update({ fps: event.currentTarget.value })}
          >
            {['', ...EXPORT_FPS_CHOICES].map((fps) => {
              // Above the format's limit (a GIF's 50) the export would be refused: offered but not
              // pickable, with the reason as the tooltip. The scene's own rate too.
              const reason = fpsChoiceProblem(form.format, fps, scene.fps);
              return (
                <option key={fps} value={fps} disabled={reason !== null} title={reason ?? undefined}>
                  {fps === '' ? `Scene (${scene.fps} fps)` : `${fps} fps`}
                </option>
              );
            })}
          </select>
        </label>
        <div className="tl-form__row">
          <span>Range</span>
          <span className="tl-form__inline">
            <select
              className="tl-select"
              aria-label="Range"
              value={form.range}
              onChange={(event) => update({ range: event.currentTarget.value as ExportForm['range'] })}
            >
              <option value="all">Whole scene (frames 0–{last})</option>
              <option value="frames">Frames…</option>
            </select>
            {form.range === 'frames' && (
              <>
                <input
                  className="tl-field"
                  aria-label="First frame"
                  inputMode="numeric"
                  value={form.startFrame}
                  onChange={(event) => update({ startFrame: event.currentTarget.value })}
                />
                <span className="tl-form__note">to</span>
                <input
                  className="tl-field"
                  aria-label="Last frame"
                  inputMode="numeric"
                  placeholder={String(last)}
                  value={form.endFrame}
                  onChange={(event) => update({ endFrame: event.currentTarget.value })}
                />
              </>
            )}
          </span>
        </div>
        {video && (
          <label className="tl-form__row">
            <span>Quality</span>
            <select
              className="tl-select"
              aria-label="Quality"
              value={form.quality}
              onChange={(event) => update({ quality: event.currentTarget.value as ExportForm['quality'] })}
            >
              <option value="high">High</option>
              <option value="medium">Medium</option>
              <option value="small">Small file</option>
            </select>
          </label>
        )}
        {form.format === 'mp4' && (
          <label className="tl-form__row">
            <span>Encoding</span>
            <select
              className="tl-select"
              aria-label="Encoding speed"
              value={form.speed}
              onChange={(event) => update({ speed: event.currentTarget.value as ExportForm['speed'] })}
            >
              <option value="veryfast">Fast (larger file)</option>
              <option value="medium">Balanced</option>
              <option value="slow">Slow (smaller file)</option>
            </select>
          </label>
        )}
        {form.format === 'gif' && (
          <>
            <label className="tl-form__row">
              <span>Loop</span>
              <select
                className="tl-select"
                aria-label="Loop"
                value={form.loop}
                onChange={(event) => update({ loop: event.currentTarget.value as ExportForm['loop'] })}
              >
                <option value="forever">Forever</option>
                <option value="once">Play twice</option>
              </select>
            </label>
            <label className="tl-form__row">
              <span>Dithering</span>
              <select
                className="tl-select"
                aria-label="Dithering"
                value={form.dither}
                onChange={(event) => update({ dither: event.currentTarget.value as ExportForm['dither'] })}
              >
                <option value="bayer">Steady (Bayer): no shimmer in motion</option>
                <option value="sierra2_4a">Smooth (Sierra): stills</option>
                <option value="floyd_steinberg">Floyd–Steinberg</option>
                <option value="none">None (flat art)</option>
              </select>
            </label>
          </>
        )}
        <p className="tl-form__summary" data-testid="export-summary">
          {summary}
        </p>
        {problem && (
          <p className="inline-error" role="alert">
            {problem}
          </p>
        )}
      </div>
      <ExportJobs projectId={projectId} />
      <RendersList projectId={projectId} />
    </TimelineDialog>
  );
}

/** "512 × 512 · 90 frames · 3.00 s": what the export will make, or why the form cannot be used. */
function describeExport(
  form: ExportForm,
  portrait: Asset,
  scene: { durationSeconds: number; fps: number },
  last: number,
): string {
  const parsed = toSettings(form, { lastFrame: last, fps: scene.fps });
  if ('problem' in parsed) return parsed.problem;
  const { settings } = parsed;
  const size = exportDimensions(portrait.width, portrait.height, settings.size, settings.format);
  const plan = exportFramePlan(scene.durationSeconds, scene.fps, settings);
  return `${size.width} × ${size.height} · ${plan.count} frames at ${plan.fps} fps · ${(plan.count / plan.fps).toFixed(2)} s`;
}

/**
 * The project's exports that are running or waiting (also ones started before the dialog opened),
 * with progress, ETA and cancel, and the last ones that ended without a file, with how they ended
 * ("Cancelled", "Failed" and why): see exportJobsToShow.
 */
function ExportJobs({ projectId }: { projectId: string }) {
  const jobs = useJobsStore((state) => state.jobs);
  const shown = useMemo(() => exportJobsToShow(Object.values(jobs), projectId), [jobs, projectId]);
  if (shown.length === 0) return null;
  return (
    <section className="tl-renders" aria-label="Export jobs">
      <h3 className="tl-renders__title">{shown.some(isActiveJob) ? 'Exporting' : 'Last export'}</h3>
      <ul className="job-list">
        {shown.map((job) => (
          <JobRow key={job.id} job={job} />
        ))}
      </ul>
    </section>
  );
}

/** The project's finished exports, newest first, each with reveal (desktop) or download (browser). */
function RendersList({ projectId }: { projectId: string }) {
  const { client } = useServices();
  const { host } = useSystemInfo();
  const { list, error } = useProjectList(projectId, listRenders);
  const reveal = async (render: RenderRecord) => {
    try {
      const { url } = await client.call('renders.reveal', { id: render.id });
      if (url) {
        const link = document.createElement('a');
        link.href = url;
        link.download = render.fileName;
        link.click();
      }
    } catch (error) {
      reportError(`Could not show ${render.fileName}`, error);
    }
  };
  const renders = [...(list ?? [])].sort((a, b) => b.createdAt - a.createdAt);
  return (
    <section className="tl-renders" aria-label="Renders">
      <h3 className="tl-renders__title">Renders in this project</h3>
      {error && <p className="inline-error">Could not list renders: {error}</p>}
      {list && renders.length === 0 && <p className="tl-form__note">No exports yet.</p>}
      <ul className="tl-renders__list">
        {renders.map((render) => (
          <li
            key={render.id}
            className="tl-render"
            data-testid="render-row"
            data-format={render.format}
            data-file={render.fileName}
          >
            <span className="tl-render__name" title={render.fileName}>
              {render.fileName}
            </span>
            <span className="tl-render__meta">
              {EXPORT_FORMAT_NAMES[render.format]} · {render.width}×{render.height} · {render.frameCount} frames ·{' '}
              {formatBytes(render.byteSize)} · {formatRelativeTime(render.createdAt)}
            </span>
            <button type="button" className="button button--small" onClick={() => void reveal(render)}>
              {host === 'desktop' ? 'Show file' : 'Download'}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
