import { type ExecutionProvider, type ProviderOption, EXECUTION_PROVIDER_NAMES } from '../../../shared/api/settings';
import { providersInThisBuild } from '../models';

const LABELS: Record<ExecutionProvider, string> = {
  cpu: 'CPU',
  webgpu: 'WebGPU',
  cuda: 'CUDA (NVIDIA)',
  dml: 'DirectML (Windows GPUs)',
  coreml: 'Core ML (Apple)',
};

/** The operating system a provider needs, where it needs one. */
const PLATFORM_OF: Partial<Record<ExecutionProvider, { platform: NodeJS.Platform; name: string }>> = {
  dml: { platform: 'win32', name: 'Windows' },
  coreml: { platform: 'darwin', name: 'macOS' },
};

/**
 * Which execution providers this machine may run: the platform and this onnxruntime-node build
 * decide. "Available" means worth trying: a provider that then fails to initialise (no GPU adapter,
 * no CUDA libraries) still falls back to cpu with a warning when the models load.
 */
export function providerOptions(
  platform: NodeJS.Platform = process.platform,
  inBuild: string[] = providersInThisBuild(),
): ProviderOption[] {
  return EXECUTION_PROVIDER_NAMES.map((name) => {
    const needs = PLATFORM_OF[name];
    let reason: string | null = null;
    if (name === 'cpu') reason = null;
    else if (needs && needs.platform !== platform) reason = `needs ${needs.name}`;
    else if (!inBuild.includes(name)) reason = `not part of this ONNX Runtime build (has ${inBuild.join(', ')})`;
    return { name, label: LABELS[name], available: reason === null, reason };
  });
}
