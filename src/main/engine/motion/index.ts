/** Public surface of learned motion: predictors installed through the model manager (docs/timeline.md). */
export { MotionPredictor } from './motion-predictor';
