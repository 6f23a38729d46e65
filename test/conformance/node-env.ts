/**
 * The conformance env for the Node runtime: a fresh runtime per case over the virtual camera
 * (phone back camera first, so it is what `{video: true}` opens; the webcam is the "limited"
 * camera), all driven by one ManualClock. Hooks map onto the runtime:
 * permissions → runtime.permissions.set(); prompts → the runtime's `prompt` option; hidden → its
 * `visibilityState` option; failures and stalls → the virtual camera's control hooks; pixels →
 * getImageBitmapPixels; the pattern and photo-less sources → small backends (node-sources.ts) in
 * a second runtime on the same clock.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ManualClock } from '../../src/backends/clock.js';
import { type FaultOperation, VirtualCameraBackend, WEBCAM, deviceIdOf } from '../../src/backends/virtual/index.js';
import type { VirtualCameraSource } from '../../src/backends/virtual/index.js';
import { ImageCapture, MediaStreamTrack, createRuntime, getImageBitmapPixels } from '../../src/entries/index.js';
import type { ImageBitmap } from '../../src/media/image-bitmap.js';
import { VirtualMicrophoneBackend } from '../../src/media/virtual-microphone.js';
import type { Behavior, ConformanceEnv, FailOp, ImageCaptureConstructor, MediaDevicesLike, PermissionsLike, TrackLike } from './harness.js';
import { PatternBackend } from './node-sources.js';
import { IMAGE_CAPTURE_NAMES } from './support.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

const FAULTS: Record<FailOp, FaultOperation> = {
  takePhoto: 'takePhoto',
  grabFrame: 'nextFrame',
  photoState: 'photoSettings',
  configure: 'configure',
};

/**
 * Whether `ImageCapture` is a global after `imagecapture/polyfill` is imported in a fresh Node
 * process, with `isSecureContext` set as for that kind of context first (case 1).
 */
async function probePolyfill(context: 'secure' | 'insecure' | 'worker'): Promise<boolean | undefined> {
  if (context === 'worker') return undefined; // Node has no window/worker distinction to test
  const prelude = context === 'insecure' ? 'globalThis.isSecureContext = false;' : 'globalThis.isSecureContext = true;';
  const script = `${prelude} await import(${JSON.stringify(
    `${root}src/entries/polyfill.ts`,
  )}); process.stdout.write(String(typeof globalThis.ImageCapture !== 'undefined')); process.exit(0);`;
  const out = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      script,
    ], { cwd: root, timeout: 60_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`the polyfill probe failed: ${stderr || err.message}`)) : resolve(stdout.trim()),
    );
  });
  return out === 'true';
}

export interface NodeEnv {
  readonly env: ConformanceEnv;
  readonly clock: ManualClock;
  /** Stops what is still open (sources, microphones) and lets the clock drain. */
  dispose(): Promise<void>;
  /** Sleepers still waiting on the clock (0 once everything has been released). */
  leftovers(): number;
}

/** A fresh runtime and env for one case. */
export async function nodeEnv(behavior: Behavior): Promise<NodeEnv> {
  const clock = new ManualClock();
  let hidden = false;
  let answer: 'granted' | 'denied' | 'dismiss' = 'dismiss';
  const virtual = new VirtualCameraBackend({ clock });
  const microphone = new VirtualMicrophoneBackend({ clock });
  const runtime = createRuntime({
    behavior,
    backends: [virtual],
    audioBackends: [microphone],
    prompt: () => (answer === 'dismiss' ? 'prompt' : answer),
    visibilityState: () => (hidden ? 'hidden' : 'visible'),
  });
  // Special sources live in their own runtimes on the same clock, so the default camera stays alone.
  const patternRuntime = createRuntime({ behavior, backends: [new PatternBackend({ clock, photo: true })], audioBackends: [] });
  const photolessRuntime = createRuntime({ behavior, backends: [new PatternBackend({ clock, photo: false })], audioBackends: [] });

  const armed: FaultOperation[] = [];
  let stalled = false;
  virtual.control.onOpen = (source: VirtualCameraSource) => {
    for (const op of armed.splice(0)) source.control.failNext(op);
    if (stalled) source.control.stall();
  };
  const firstTrack = async (rt: typeof runtime, constraints: unknown): Promise<TrackLike> => {
    const stream = await rt.mediaDevices.getUserMedia(constraints as { video: unknown });
    return stream.getVideoTracks()[0] as unknown as TrackLike;
  };

  const env: ConformanceEnv = {
    name: `node-virtual-${behavior}`,
    behavior,
    ImageCapture: ImageCapture as unknown as ImageCaptureConstructor,
    MediaStreamTrack,
    mediaDevices: runtime.mediaDevices as unknown as MediaDevicesLike,
    permissions: runtime.permissions as unknown as PermissionsLike,
    realm: { TypeError, DOMException },
    features: {
      properties: IMAGE_CAPTURE_NAMES,
      audio: true,
      photoOverlap: 'queue',
      photoMuteCycle: true,
      framesChange: true,
      sceneResponds: true,
      projectPolicies: true,
    },
    probeGlobal: probePolyfill,
    setPermission: (descriptor, state) => runtime.permissions.set(descriptor, state),
    answerPrompts: (a) => {
      answer = a;
    },
    setHidden: (h) => {
      hidden = h;
    },
    limitedCameraTrack: () => firstTrack(runtime, { video: { deviceId: { exact: deviceIdOf(WEBCAM) } } }),
    patternTrack: () => firstTrack(patternRuntime, { video: true }),
    photolessTrack: () => firstTrack(photolessRuntime, { video: true }),
    failNext: (op) => {
      const sources = virtual.control.sources;
      if (sources.length === 0) armed.push(FAULTS[op]);
      for (const s of sources) s.control.failNext(FAULTS[op]);
    },
    stallFrames: (on) => {
      stalled = on;
      for (const s of virtual.control.sources) {
        if (on) s.control.stall();
        else s.control.resume();
      }
    },
    advanceTime: (ms) => clock.advance(ms),
    readPixels: async (bitmap) => getImageBitmapPixels(bitmap as unknown as ImageBitmap),
    reset: () => {
      hidden = false;
    },
  };

  return {
    env,
    clock,
    async dispose() {
      for (const s of virtual.control.sources) s.close();
      for (const s of microphone.sources) (s as { close?: () => void }).close?.();
      await clock.advance(0);
    },
    leftovers: () => clock.pending,
  };
}
