import { z } from 'zod';

/** Application settings (one record per data folder, not per project). */

/** Where ONNX Runtime runs the models; cpu always works, the others depend on platform and drivers. */
export const EXECUTION_PROVIDER_NAMES = ['cpu', 'webgpu', 'cuda', 'dml', 'coreml'] as const;
export const ExecutionProvider = z.enum(EXECUTION_PROVIDER_NAMES);
export type ExecutionProvider = z.infer<typeof ExecutionProvider>;

export const AppSettings = z.object({
  /** Execution provider for the face models; one that fails to start falls back to cpu with a warning. */
  executionProvider: ExecutionProvider,
});
export type AppSettings = z.infer<typeof AppSettings>;

/** One provider as the settings dialog offers it: unavailable ones say why. */
export const ProviderOption = z.object({
  name: ExecutionProvider,
  label: z.string(),
  available: z.boolean(),
  /** Why it cannot be used here (null when available), e.g. "needs Windows (DirectML)". */
  reason: z.string().nullable(),
});
export type ProviderOption = z.infer<typeof ProviderOption>;

const SettingsView = z.object({ settings: AppSettings, providers: z.array(ProviderOption) });

/** Settings methods, spread into the contract's method table (methods.ts). */
export const settingsMethods = {
  'settings.get': { params: z.object({}).strict(), result: SettingsView },
  /** Changes some settings; an unavailable provider is refused with the reason. */
  'settings.update': { params: AppSettings.partial().strict(), result: SettingsView },
} as const;
