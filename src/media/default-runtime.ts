/**
 * The runtime `imagecapture` exports: the virtual cameras first (so a machine without hardware
 * still has a camera), then real devices, files and URLs through ffmpeg; the virtual microphone.
 */
import { FfmpegBackend } from '../backends/ffmpeg/index.js';
import { VirtualCameraBackend } from '../backends/virtual/index.js';
import { Runtime, type RuntimeOptions } from './runtime.js';
import { VirtualMicrophoneBackend } from './virtual-microphone.js';

const defaults = {
  backends: () => [new VirtualCameraBackend(), new FfmpegBackend()],
  audioBackends: () => [new VirtualMicrophoneBackend()],
};

/** Makes an independent runtime; options left out take the defaults. */
export function createRuntime(options: RuntimeOptions = {}): Runtime {
  return new Runtime(options, defaults);
}

export const defaultRuntime: Runtime = createRuntime();
