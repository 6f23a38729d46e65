/**
 * The runtime `imagecapture` exports: real cameras attached to the machine first (V4L2,
 * AVFoundation, DirectShow through ffmpeg, so a webcam is the default camera), then the virtual
 * cameras (the default only where no real camera exists), and files and URLs by deviceId; ONVIF IP
 * cameras by `onvif://` deviceId (registered ones listed, discovery off until asked for); the
 * virtual microphone. See docs/cameras.md.
 */
import { FfmpegBackend } from '../backends/ffmpeg/index.js';
import { OnvifBackend } from '../backends/onvif/index.js';
import { VirtualCameraBackend } from '../backends/virtual/index.js';
import { Runtime, type RuntimeOptions } from './runtime.js';
import { VirtualMicrophoneBackend } from './virtual-microphone.js';

const defaults = {
  backends: () => [new FfmpegBackend(), new OnvifBackend(), new VirtualCameraBackend()],
  audioBackends: () => [new VirtualMicrophoneBackend()],
};

/** Makes an independent runtime; options left out take the defaults. */
export function createRuntime(options: RuntimeOptions = {}): Runtime {
  return new Runtime(options, defaults);
}

export const defaultRuntime: Runtime = createRuntime();
