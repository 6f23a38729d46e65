/**
 * The conformance env for the Node runtime: a fresh runtime per case over the virtual camera
 * (phone back camera first, so it is what `{video: true}` opens; the webcam is the "limited"
 * camera), all driven by one ManualClock. The runtime-level hooks (permissions, prompts,
 * visibility, pixels) are the shared ones of runtime-env.ts; failures and stalls → the virtual
 * camera's control hooks; the pattern and photo-less sources → small backends (node-sources.ts) in
 * runtimes of their own on the same clock.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ManualClock } from '../../src/backends/clock.js';
import { type FaultOperation, VirtualCameraBackend, WEBCAM, deviceIdOf } from '../../src/backends/virtual/index.js';
import type { VirtualCameraSource } from '../../src/backends/virtual/index.js';
import { VirtualMicrophoneBackend } from '../../src/media/virtual-microphone.js';
import type { Behavior, ConformanceEnv, FailOp } from './harness.js';
import { runtimeEnv } from './runtime-env.js';
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
  const virtual = new VirtualCameraBackend({ clock });
  const microphone = new VirtualMicrophoneBackend({ clock });
  const base = runtimeEnv({
    name: `node-virtual-${behavior}`,
    behavior,
    backends: [virtual],
    microphone,
    features: {
      properties: IMAGE_CAPTURE_NAMES,
      audio: true,
      photoOverlap: 'queue',
      photoMuteCycle: true,
      framesChange: true,
      sceneResponds: true,
      projectPolicies: true,
    },
  });
  // Special sources live in their own runtimes on the same clock, so the default camera stays alone.
  const patternRuntime = base.sideRuntime([new PatternBackend({ clock, photo: true })]);
  const photolessRuntime = base.sideRuntime([new PatternBackend({ clock, photo: false })]);

  const armed: FaultOperation[] = [];
  let stalled = false;
  virtual.control.onOpen = (source: VirtualCameraSource) => {
    for (const op of armed.splice(0)) source.control.failNext(op);
    if (stalled) source.control.stall();
  };

  const env = base.env({
    probeGlobal: probePolyfill,
    limitedCameraTrack: () => base.firstTrack(base.runtime, { deviceId: { exact: deviceIdOf(WEBCAM) } }),
    patternTrack: () => base.firstTrack(patternRuntime),
    photolessTrack: () => base.firstTrack(photolessRuntime),
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
  });

  return {
    env,
    clock,
    async dispose() {
      for (const s of virtual.control.sources) s.close();
      base.closeMicrophone();
      await clock.advance(0);
    },
    leftovers: () => clock.pending,
  };
}
