/** Public surface of media for the engine thread: photo and video import jobs, ffmpeg discovery (worker threads load ./tasks). */
export { importPhotoJob, type ImportLimits, type ImportPhotoRequest } from './import-photo-job';
export { submitVideoImportIfVideo } from './video-import';
export { findFfmpeg, type FfmpegLocation } from './ffmpeg';
export {
  startEncoder,
  validateEncodeOptions,
  type EncodeResult,
  type FrameEncoder,
  type StartEncoderOptions,
} from './encode';
export { VideoFrameGrabber } from './video-frame-png';
