import type { InstalledModelView } from '../../shared/api';

/** One line describing what an installed model is, from its contract. */
export function modelSummary(model: InstalledModelView): string {
  const c = model.contract;
  switch (c.role) {
    case 'synthesis':
      return `${c.resolution} px, ${c.numWs} style inputs, expression layers ${c.expressionLayers.join(', ')}, aligned like ${c.alignment.name}`;
    case 'mapping':
      return `z ${c.zDim} → w`;
    case 'perceptual':
      return `${c.resolution} px, layers ${c.layers.join(', ')}`;
    case 'encoder':
      return `${c.resolution} px → ${c.numWs} ws, aligned like ${c.alignment.name}`;
    case 'motion':
      return `motion predictor, ${c.window} past frames at ${c.fps} fps`;
  }
}

export const megabytes = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(1)} MB`;
