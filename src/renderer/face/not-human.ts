import { NOT_HUMAN_MESSAGE, type FaceAnalysis } from '../../shared/api';

/**
 * The sentence to show when the chosen face does not look human (the face pipeline's likelyHuman
 * flag), or null. Analyses stored before the flag existed read as human.
 */
export function notHumanWarning(analysis: FaceAnalysis): string | null {
  if (!analysis.ok) return null;
  return analysis.faces[analysis.chosenIndex]?.likelyHuman === false ? NOT_HUMAN_MESSAGE : null;
}
