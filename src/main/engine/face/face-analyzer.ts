import { WorkerPool } from '../workers';
import type { FaceTasks, ModelSettings } from './face-tasks';
import type { AnalyzeImageOptions, FaceAnalysis, VideoAnalysis } from './types';

/**
 * The face pipeline as the engine thread sees it: every call runs in a worker thread, so the
 * thread that talks to the UI never waits on an ORT run or a pixel loop.
 */
export class FaceAnalyzer {
  /** Provider fallback warnings seen so far (e.g. "cuda failed to initialise...; running on cpu"). */
  readonly warnings = new Set<string>();
  /** The execution provider asked for (settings), reported in job results. */
  get provider(): string | undefined {
    return this.models.provider;
  }

  constructor(
    private readonly pool: Pick<WorkerPool<FaceTasks>, 'run'>,
    private readonly models: ModelSettings = {},
  ) {}

  /** A FaceAnalyzer with its own worker pool on the stand-alone face worker entry. */
  static withOwnPool(size = 1, models: ModelSettings = {}): { analyzer: FaceAnalyzer; pool: WorkerPool<FaceTasks> } {
    const entry = new URL(import.meta.url.endsWith('.ts') ? './face-worker.ts' : './face-worker.js', import.meta.url);
    const pool = new WorkerPool<FaceTasks>({ size, entry });
    return { analyzer: new FaceAnalyzer(pool, models), pool };
  }

  /** Analyzes an RGBA image; the buffer is transferred to the worker and unusable afterwards. */
  async analyzeRgba(
    rgba: Uint8Array,
    width: number,
    height: number,
    options?: AnalyzeImageOptions,
  ): Promise<FaceAnalysis> {
    const transfer =
      rgba.byteOffset === 0 && rgba.byteLength === rgba.buffer.byteLength ? [rgba.buffer as ArrayBuffer] : [];
    const result = await this.pool.run(
      'face.analyzeImage',
      { image: { kind: 'rgba', data: rgba, width, height }, options, models: this.models },
      { transfer },
    );
    result.warnings.forEach((w) => this.warnings.add(w));
    return result.analysis;
  }

  /** Decodes an image file (EXIF-upright) in the worker and analyzes it. */
  async analyzeFile(path: string, options?: AnalyzeImageOptions): Promise<FaceAnalysis> {
    const result = await this.pool.run('face.analyzeImage', {
      image: { kind: 'file', path },
      options,
      models: this.models,
    });
    result.warnings.forEach((w) => this.warnings.add(w));
    return result.analysis;
  }

  /** Tracks the main face through a video; `onProgress` gets (frames done, estimated total). */
  async analyzeVideo(
    path: string,
    onProgress?: (done: number, total: number | null) => void,
    signal?: AbortSignal,
    options: { expressions?: boolean } = {},
  ): Promise<VideoAnalysis> {
    const result = await this.pool.run(
      'face.analyzeVideo',
      { path, expressions: options.expressions, models: this.models },
      { signal, onEvent: (e) => onProgress?.(e.done, e.total) },
    );
    result.warnings.forEach((w) => this.warnings.add(w));
    return result.analysis;
  }
}
