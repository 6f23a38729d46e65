/**
 * `imagecapture` in Node: the MediaStream Image Capture API and the media runtime under it, over
 * the virtual camera (and ffmpeg sources). Importing this module touches no global.
 */
import { defaultRuntime } from '../media/default-runtime.js';

export { ImageCapture, type ImageCaptureOptions } from '../image-capture/image-capture.js';
export { MediaStreamTrack } from '../media/track.js';
export { MediaStream, MediaStreamTrackEvent } from '../media/stream.js';
export { MediaDevices, MediaDeviceInfo, InputDeviceInfo } from '../media/devices.js';
export { ImageBitmap, ImageData, createImageBitmap, getImageBitmapPixels, encodeImageBitmap } from '../media/image-bitmap.js';
export { Permissions, PermissionStatus, type PermissionState } from '../media/permissions.js';
export { OverconstrainedError } from '../spec/errors.js';
export { Runtime, type RuntimeOptions, type Behavior } from '../media/runtime.js';
export { createRuntime } from '../media/default-runtime.js';
export { RealClock, ManualClock, type Clock } from '../backends/clock.js';
export type * from '../spec/types.js';
export type * from '../backends/backend.js';
export { VirtualCameraBackend } from '../backends/virtual/index.js';
export {
  VideoFrame,
  VideoColorSpace,
  AudioData,
  MediaStreamTrackProcessor,
  MediaStreamTrackGenerator,
  VideoTrackGenerator,
  type GeneratorOptions,
  type AudioSampleFormat,
} from '../media/breakout/index.js';
export { VirtualMicrophoneBackend, type VirtualMicrophoneOptions } from '../media/virtual-microphone.js';
export { FfmpegBackend } from '../backends/ffmpeg/index.js';
export { OnvifBackend, type OnvifBackendOptions } from '../backends/onvif/index.js';

/** The default runtime's navigator.mediaDevices. */
export const mediaDevices = defaultRuntime.mediaDevices;
/** The default runtime's navigator.permissions (with the non-standard `set()`). */
export const permissions = defaultRuntime.permissions;
/** The default runtime itself: backends, behaviour switch, permission store. */
export const runtime = defaultRuntime;
