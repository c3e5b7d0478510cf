import type { GradRule } from './context';
import { convRules } from './conv';
import { elementwiseRules } from './elementwise';
import { linearRules } from './linear';
import { poolRules } from './pool';
import { reduceRules } from './reduce';
import { resizeRules } from './resize';
import { shapeOpRules } from './shape-ops';

/** Every op the builder can differentiate. */
export const gradRules: Record<string, GradRule> = {
  ...elementwiseRules,
  ...linearRules,
  ...convRules,
  ...poolRules,
  ...shapeOpRules,
  ...reduceRules,
  ...resizeRules,
};
