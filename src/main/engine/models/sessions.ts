import * as ort from 'onnxruntime-node';

/** Execution providers a user may pick in settings. cpu always works; the others depend on platform and drivers. */
export const EXECUTION_PROVIDERS = ['cpu', 'webgpu', 'cuda', 'dml', 'coreml'] as const;
export type ExecutionProviderName = (typeof EXECUTION_PROVIDERS)[number];

export interface SessionRequest {
  /** Model bytes, already verified against the manifest (so the file cannot change between check and load). */
  bytes: Uint8Array;
  /** Name used in messages, e.g. "facemesh.onnx". */
  label: string;
  provider?: ExecutionProviderName;
  /** Threads inside one run; the worker pool decides how many sessions run side by side. */
  intraOpThreads?: number;
}

export interface CreatedSession {
  session: ort.InferenceSession;
  /** The provider that actually runs the model. */
  provider: ExecutionProviderName;
  /** Set when the requested provider could not start and cpu was used instead: a sentence to show the user. */
  warning?: string;
}

/** Providers this onnxruntime-node build knows about (cpu, webgpu, cuda... per platform). */
export function providersInThisBuild(): string[] {
  return ort.listSupportedBackends().map((backend) => backend.name);
}

function baseOptions(request: SessionRequest): ort.InferenceSession.SessionOptions {
  return {
    graphOptimizationLevel: 'all',
    ...(request.intraOpThreads ? { intraOpNumThreads: request.intraOpThreads } : {}),
  };
}

const firstLine = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0]?.trim() ?? '';

/**
 * Creates an ORT session on the requested provider; if that provider is missing from this build or fails to
 * initialise (no GPU adapter, no CUDA libraries...), falls back to cpu and returns a warning to display.
 * A failure on cpu itself is a real error and is thrown.
 */
export async function createSessionWithFallback(request: SessionRequest): Promise<CreatedSession> {
  const provider = request.provider ?? 'cpu';
  if (provider !== 'cpu') {
    const available = providersInThisBuild();
    let reason: string;
    if (!available.includes(provider)) {
      reason = `${provider} is not part of this onnxruntime-node build (available: ${available.join(', ')})`;
    } else {
      try {
        const session = await ort.InferenceSession.create(request.bytes, {
          ...baseOptions(request),
          executionProviders: [provider],
        });
        return { session, provider };
      } catch (error) {
        reason = `${provider} failed to initialise: ${firstLine(error)}`;
      }
    }
    const session = await ort.InferenceSession.create(request.bytes, {
      ...baseOptions(request),
      executionProviders: ['cpu'],
    });
    return { session, provider: 'cpu', warning: `${request.label}: ${reason}; running on cpu instead.` };
  }
  const session = await ort.InferenceSession.create(request.bytes, {
    ...baseOptions(request),
    executionProviders: ['cpu'],
  });
  return { session, provider: 'cpu' };
}
