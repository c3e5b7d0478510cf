/** Public surface of face analysis for the engine thread (worker threads load ./tasks). */
export { faceHandlers } from './face-handlers';
export { analyzePhotoAfterImport, submitFaceAnalysis } from './submit-face-analysis';
export { FacesRepo, FACE_PIPELINE_LABEL } from './faces-repo';
export { FACE_ANALYSIS_MIGRATION, FACE_RAW_LANDMARKS_MIGRATION } from './face-store-migration';
export { probeVideo, readVideoFrames } from './video-frames';
