/**
 * Prints the rig evaluation (rig-evaluation.ts): per-label accuracy on frames labelled by eye,
 * the cross-talk table and agreement with landmark geometry, then which of issue 13's thresholds
 * fail. Exit code 1 when any fails.
 *   npx tsx tools/rig/eval/evaluate.ts
 * Landmarks come from tests/fixtures/rig-eval/landmarks.json (regenerate with
 * build-landmark-cache.ts after changing the face pipeline).
 */
import { evaluateRig, formatEvaluation, thresholdFailures } from './rig-evaluation';

const evaluation = await evaluateRig();
console.log(formatEvaluation(evaluation));
const failures = thresholdFailures(evaluation);
console.log('');
console.log(
  failures.length ? `Thresholds failing (${failures.length}):\n  ${failures.join('\n  ')}` : 'All thresholds hold.',
);
process.exitCode = failures.length ? 1 : 0;
