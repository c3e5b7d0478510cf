import { describe, expect, it } from 'vitest';
import { summariseWarnings } from '../../../../src/renderer/face/provider-warnings';

describe('summariseWarnings', () => {
  it('folds the per-model fallback warnings into one headline and the distinct reasons', () => {
    const reason = 'webgpu failed to initialise: Failed to get a WebGPU adapter: No supported adapters';
    const summary = summariseWarnings([
      `blazeface.onnx: ${reason}; running on cpu instead.`,
      `facemesh.onnx: ${reason}; running on cpu instead.`,
      `iris.onnx: ${reason}; running on cpu instead.`,
    ]);
    expect(summary).toEqual({
      headline: 'webgpu could not start here; the face models ran on the CPU.',
      reasons: [reason],
    });
  });

  it('names a provider missing from the build, and returns null without warnings', () => {
    expect(
      summariseWarnings([
        'emotion.onnx: cuda is not part of this onnxruntime-node build (available: cpu); running on cpu instead.',
      ])?.headline,
    ).toBe('cuda could not start here; the face models ran on the CPU.');
    expect(summariseWarnings([])).toBeNull();
  });
});
