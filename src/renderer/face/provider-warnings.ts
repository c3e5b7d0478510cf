/**
 * The session factory warns once per model ("facemesh.onnx: webgpu failed to initialise: <ORT's
 * message>; running on cpu instead."). Five models usually fail for the same reason, so the UI
 * shows one headline and the distinct reasons, without the model names.
 */
export interface WarningSummary {
  headline: string;
  reasons: string[];
}

const MODEL_PREFIX = /^[\w.-]+\.onnx:\s*/;
const FALLBACK_SUFFIX = /;\s*running on cpu instead\.?$/;
const PROVIDER = /^(\w+) (?:failed to initialise|is not part)/;

export function summariseWarnings(warnings: readonly string[]): WarningSummary | null {
  if (warnings.length === 0) return null;
  const reasons = [...new Set(warnings.map((w) => w.replace(MODEL_PREFIX, '').replace(FALLBACK_SUFFIX, '')))];
  const provider = PROVIDER.exec(reasons[0] ?? '')?.[1];
  const headline = provider
    ? `${provider} could not start here; the face models ran on the CPU.`
    : 'The face models did not run where the settings asked.';
  return { headline, reasons };
}
