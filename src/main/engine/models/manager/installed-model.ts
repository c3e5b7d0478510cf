import { z } from 'zod';
import { InstalledModelId, InstallableRole, ModelContract } from '../../../../shared/api';
import { InstalledProvenance, ModelEntry } from '../manifest';

/** The file inside each installed model's folder: <dataDir>/models/<id>/model.onnx. */
export const INSTALLED_MODEL_FILE = 'model.onnx';
/** Its record, written last inside the staging folder: a folder without a valid one is not an install. */
export const INSTALLED_RECORD_FILE = 'model.json';

/** An installed model's record: the generic manifest entry plus its role's contract. */
export const InstalledModel = ModelEntry.extend({
  id: InstalledModelId,
  role: InstallableRole,
  inputLayout: z.enum(['NCHW', 'none']),
  provenance: InstalledProvenance,
  contract: ModelContract,
  probeMs: z.number().nonnegative(),
});
export type InstalledModel = z.infer<typeof InstalledModel>;
