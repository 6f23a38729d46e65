/** The ffmpeg camera backend: capture devices, video files and network streams through ffmpeg. */
export { FfmpegBackend, type FfmpegBackendOptions, type FfmpegCameraSource, type RegisteredInput } from './ffmpeg-backend.js';
export { CaptureDeviceSource } from '../v4l2/device-source.js';
export { FfmpegSource, type SourcePlan } from './source.js';
export { FfmpegProcessError } from './frame-reader.js';
export { nodeHost, type FfmpegHost, type PathKind, type RunOptions, type RunResult } from './host.js';
export type { FrameFiles, FrameFileRead, FrameWatch } from './frame-files.js';
export { DEFAULT_FIELD_OF_VIEW } from './geometry.js';
export { EMULATED_PROPERTIES } from './controls.js';
export type { StreamInfo } from './probe.js';
