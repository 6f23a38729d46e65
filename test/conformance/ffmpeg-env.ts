/**
 * The conformance env for the ffmpeg backend: short clips made with ffmpeg's lavfi sources at
 * test time, read back as file cameras. A fresh runtime per case (`createRuntime({ backends:
 * [ffmpeg] })`, the backends shared by the whole run) lists the looping test clip as its only,
 * hence default, camera.
 *
 * What a file camera has, declared as features and hooks:
 * - real time only (the ffmpeg child reads at the clip's rate): no `advanceTime`;
 * - the software controls of the backend (EMULATED_PROPERTIES): no exposure, focus, torch or
 *   points of interest; no photo mute cycle (a still is the frame on hand); a moving scene;
 *   white balance done on the pixels (`sceneResponds`);
 * - `stallFrames` pauses the ffmpeg child (SIGSTOP/SIGCONT): frames stop, the track stays live;
 * - no `failNext`: the backend has no transient failures to inject (killing the child is an
 *   unplug, after which the track ends, while the failure cases expect the next call to work);
 * - a "limited" camera: the same clip through a backend without software controls;
 * - the pattern camera: a losslessly coded clip of PATTERN_QUADRANTS;
 * - runtime-level hooks (permissions, prompts, visibility, pixels): the shared ones of runtime-env.ts.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { SourceSettings } from '../../src/backends/backend.js';
import {
  EMULATED_PROPERTIES,
  FfmpegBackend,
  type FfmpegBackendOptions,
  type FfmpegCameraSource,
  nodeHost,
} from '../../src/backends/ffmpeg/index.js';
import { resolveToolPaths } from '../../src/backends/ffmpeg/tools.js';
import { VirtualMicrophoneBackend } from '../../src/media/virtual-microphone.js';
import { type Behavior, type ConformanceEnv, PATTERN_QUADRANTS } from './harness.js';
import { drainFrames } from './drain.js';
import { runtimeEnv } from './runtime-env.js';

/** The clips every env reads (made once per run by `makeClips`). */
export interface Clips {
  /** testsrc2, 640x480 at 30 fps, 2 s, looped by the camera. */
  readonly camera: string;
  /** The four quadrant colours, 320x240 at 30 fps, 1 s, coded losslessly in RGB. */
  readonly pattern: string;
}

export const CAMERA_ID = 'conformance-clip';
const PATTERN_ID = 'conformance-pattern';

/** The ffmpeg executable the backend would use, or undefined when it (or ffprobe) is missing. */
export function findFfmpeg(): string | undefined {
  try {
    return resolveToolPaths(nodeHost).ffmpeg;
  } catch {
    return undefined;
  }
}

function run(ffmpeg: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(ffmpeg, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args], { timeout: 60_000 }, (err, _out, stderr) =>
      err ? reject(new Error(`ffmpeg ${args.join(' ')} failed: ${stderr || err.message}`)) : resolve(),
    );
  });
}

const hex = ([r, g, b]: readonly [number, number, number]): string => `0x${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;

/** Writes the clips into `dir`. */
export async function makeClips(ffmpeg: string, dir: string): Promise<Clips> {
  const camera = join(dir, 'testsrc2-640x480-30.mp4');
  const pattern = join(dir, 'pattern-320x240-30.mkv');
  const quads = PATTERN_QUADRANTS.map((c, i) => ['-f', 'lavfi', '-i', `color=c=${hex(c)}:s=160x120:r=30:d=1`, `[${i}:v]`]);
  await Promise.all([
    run(ffmpeg, ['-f', 'lavfi', '-i', 'testsrc2=s=640x480:r=30:d=2', '-c:v', 'mpeg4', '-q:v', '4', '-pix_fmt', 'yuv420p', camera]),
    run(ffmpeg, [
      ...quads.flatMap((q) => q.slice(0, 4)),
      '-filter_complex', `${quads.map((q) => q[4]).join('')}xstack=inputs=4:layout=0_0|w0_0|0_h0|w0_h0,format=bgr0[v]`,
      '-map', '[v]', '-c:v', 'ffv1', pattern,
    ]),
  ]);
  return { camera, pattern };
}

/** An FfmpegBackend that keeps the sources it opened, for the hooks and the leak check. */
export class WatchedFfmpegBackend extends FfmpegBackend {
  readonly sources: FfmpegCameraSource[] = [];

  constructor(options: FfmpegBackendOptions = {}) {
    super(options);
  }

  override async open(deviceId: string, initial: Partial<SourceSettings>): Promise<FfmpegCameraSource> {
    const source = await super.open(deviceId, initial);
    this.sources.push(source);
    return source;
  }
}

/**
 * The backends, made once per run and shared by the per-case runtimes (they keep no state a case
 * could leave behind beyond the sources, which every env closes): the default camera, the same
 * clip without software controls, and the pattern clip.
 */
export class FfmpegCameras {
  readonly camera = new WatchedFfmpegBackend();
  readonly plain = new WatchedFfmpegBackend({ softwareControls: false });
  readonly pattern = new WatchedFfmpegBackend();

  constructor(clips: Clips) {
    this.camera.register(CAMERA_ID, { input: clips.camera, loop: true, realtime: true, label: 'Conformance test clip' });
    this.plain.register(CAMERA_ID, { input: clips.camera, loop: true, realtime: true, label: 'Conformance test clip, no controls' });
    this.pattern.register(PATTERN_ID, { input: clips.pattern, loop: true, realtime: true, label: 'Conformance pattern clip' });
  }

  /** A camera attached to the machine used as the default camera instead of the clip (see ffmpeg-hardware.test.ts). */
  attached: WatchedFfmpegBackend | undefined;

  get #all(): WatchedFfmpegBackend[] {
    return [this.camera, this.plain, this.pattern, ...(this.attached ? [this.attached] : [])];
  }

  get sources(): FfmpegCameraSource[] {
    return this.#all.flatMap((b) => b.sources);
  }

  /** Closes every source and resolves once their ffmpeg children have exited. */
  async closeAll(): Promise<void> {
    const all = this.sources;
    for (const b of this.#all) b.sources.length = 0;
    for (const s of all) s.close();
    await Promise.all(all.map((s) => s.exited));
  }
}

export interface FfmpegEnv {
  readonly env: ConformanceEnv;
  /** Closes what is still open and resolves once every ffmpeg child has exited. */
  dispose(): Promise<void>;
  /** Sources still open (0 once every track has been stopped). */
  leftovers(): number;
}

function signal(pid: number | undefined, sig: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
}

/** What differs when the default camera is an attached device with hardware controls. */
export interface DefaultCamera {
  readonly name: string;
  readonly backend: WatchedFfmpegBackend;
  readonly properties: readonly string[];
  /** Whether the pixels follow the settings (software controls do; a faked device's hardware does not). */
  readonly sceneResponds: boolean;
}

/** A fresh runtime and env for one case (cases run one at a time over the shared backends). */
export function ffmpegEnv(behavior: Behavior, cameras: FfmpegCameras, camera?: DefaultCamera): FfmpegEnv {
  const main = camera?.backend ?? cameras.camera;
  let stalled = false;
  const base = runtimeEnv({
    name: `${camera?.name ?? 'ffmpeg-file'}-${behavior}`,
    behavior,
    backends: [main],
    microphone: new VirtualMicrophoneBackend(),
    features: {
      properties: camera?.properties ?? EMULATED_PROPERTIES,
      audio: true,
      photoOverlap: 'queue',
      photoMuteCycle: false,
      framesChange: true,
      sceneResponds: camera?.sceneResponds ?? true,
      projectPolicies: true,
    },
  });
  // Special cameras live in their own runtimes, so the default camera stays alone in the main one.
  const plainRuntime = base.sideRuntime([cameras.plain]);
  const patternRuntime = base.sideRuntime([cameras.pattern]);
  const resume = (): void => {
    if (!stalled) return;
    stalled = false;
    for (const s of cameras.sources) signal(s.pid, 'SIGCONT');
  };

  const env = base.env({
    limitedCameraTrack: () => base.firstTrack(plainRuntime),
    patternTrack: () => base.firstTrack(patternRuntime),
    stallFrames: async (on) => {
      if (!on) return resume();
      stalled = true;
      const open = main.sources.filter((s) => !s.ended);
      for (const s of open) signal(s.pid, 'SIGSTOP');
      // What the stopped child wrote before the signal is still in the pipe.
      await drainFrames(open);
    },
    reset: resume,
  });

  return {
    env,
    async dispose() {
      resume();
      base.closeMicrophone();
      await cameras.closeAll();
    },
    leftovers: () => cameras.sources.filter((s) => !s.ended).length,
  };
}
