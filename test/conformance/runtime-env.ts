/**
 * What the Node conformance envs (node-env.ts, ffmpeg-env.ts, onvif-env.ts) share: a fresh runtime
 * per case over the env's default camera and a virtual microphone, with the runtime-level hooks
 * mapped onto its options (permissions → runtime.permissions.set(); prompts → the `prompt` option;
 * hidden → the `visibilityState` option), side runtimes for the special cameras (so the default
 * camera stays alone in the main one), and the pixels of a bitmap. Each env adds its camera's own
 * features and hooks (stalls, failures, time, the special tracks).
 */
import type { CameraBackend } from '../../src/backends/backend.js';
import { ImageCapture, MediaStreamTrack, type Runtime, createRuntime, getImageBitmapPixels } from '../../src/entries/index.js';
import type { ImageBitmap } from '../../src/media/image-bitmap.js';
import type { VirtualMicrophoneBackend } from '../../src/media/virtual-microphone.js';
import type { Behavior, ConformanceEnv, ImageCaptureConstructor, MediaDevicesLike, PermissionsLike, TrackLike } from './harness.js';

/** The hooks that differ by camera: everything of ConformanceEnv the shared part does not set. */
export type CameraHooks = Omit<
  ConformanceEnv,
  | 'name'
  | 'behavior'
  | 'ImageCapture'
  | 'MediaStreamTrack'
  | 'mediaDevices'
  | 'permissions'
  | 'realm'
  | 'features'
  | 'setPermission'
  | 'answerPrompts'
  | 'setHidden'
  | 'readPixels'
>;

export interface RuntimeEnvOptions {
  readonly name: string;
  readonly behavior: Behavior;
  /** The main runtime's cameras: its first camera is what `{video: true}` opens. */
  readonly backends: CameraBackend[];
  readonly microphone: VirtualMicrophoneBackend;
  readonly features: ConformanceEnv['features'];
}

export interface RuntimeEnv {
  readonly runtime: Runtime;
  /** A runtime of its own (same behaviour, no microphone) over `backends`, for a special camera. */
  sideRuntime(backends: CameraBackend[]): Runtime;
  /** The first video track getUserMedia({video: constraints}) gives in `runtime`. */
  firstTrack(runtime: Runtime, constraints?: unknown): Promise<TrackLike>;
  /** The env: the shared members and hooks, then the camera's. Its `reset` restores visibility first. */
  env(hooks: CameraHooks): ConformanceEnv;
  /** Closes the microphone's open sources. */
  closeMicrophone(): void;
}

export function runtimeEnv(options: RuntimeEnvOptions): RuntimeEnv {
  const { behavior, microphone } = options;
  let hidden = false;
  let answer: 'granted' | 'denied' | 'dismiss' = 'dismiss';
  const runtime = createRuntime({
    behavior,
    backends: options.backends,
    audioBackends: [microphone],
    prompt: () => (answer === 'dismiss' ? 'prompt' : answer),
    visibilityState: () => (hidden ? 'hidden' : 'visible'),
  });
  return {
    runtime,
    sideRuntime: (backends) => createRuntime({ behavior, backends, audioBackends: [] }),
    async firstTrack(rt, constraints = true) {
      const stream = await rt.mediaDevices.getUserMedia({ video: constraints as true });
      return stream.getVideoTracks()[0] as unknown as TrackLike;
    },
    env: (hooks) => ({
      ...hooks,
      name: options.name,
      behavior,
      ImageCapture: ImageCapture as unknown as ImageCaptureConstructor,
      MediaStreamTrack,
      mediaDevices: runtime.mediaDevices as unknown as MediaDevicesLike,
      permissions: runtime.permissions as unknown as PermissionsLike,
      realm: { TypeError, DOMException },
      features: options.features,
      setPermission: (descriptor, state) => runtime.permissions.set(descriptor, state),
      answerPrompts: (a) => {
        answer = a;
      },
      setHidden: (h) => {
        hidden = h;
      },
      readPixels: async (bitmap) => getImageBitmapPixels(bitmap as unknown as ImageBitmap),
      reset: () => {
        hidden = false;
        return hooks.reset?.();
      },
    }),
    closeMicrophone: () => {
      for (const s of microphone.sources) (s as { close?: () => void }).close?.();
    },
  };
}
