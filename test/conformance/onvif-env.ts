/**
 * The conformance env for the ONVIF backend: the camera simulator on 127.0.0.1
 * (test/backends/onvif/simulator.ts) is the default camera of a fresh runtime per case; its
 * frames come through ffmpeg in real time, its controls are the camera's PTZ and imaging services,
 * its stills the camera's 1280x720 snapshot.
 *
 * What an ONVIF camera has, declared as features and hooks:
 * - the imaging properties and pan/tilt/zoom; no torch, focus distance, ISO or points of interest;
 * - photos up to the snapshot's size (smaller ones scaled from it); no photo mute cycle; frames that change (the stream cycles
 *   through eight pictures) but do not respond to the settings (`sceneResponds` false);
 * - `stallFrames` stops the simulator sending frames, the connection staying open;
 * - a "limited" camera: a second simulator without PTZ;
 * - no `failNext`, no `advanceTime` (real time);
 * - runtime-level hooks (permissions, prompts, visibility, pixels): the shared ones of runtime-env.ts.
 */
import type { SourceSettings } from '../../src/backends/backend.js';
import { OnvifBackend, type OnvifSource } from '../../src/backends/onvif/index.js';
import { IMAGING_PROPERTIES } from '../../src/backends/onvif/imaging.js';
import { VirtualMicrophoneBackend } from '../../src/media/virtual-microphone.js';
import { OnvifSimulator } from '../backends/onvif/simulator.js';
import { drainFrames } from './drain.js';
import type { Behavior, ConformanceEnv } from './harness.js';
import { runtimeEnv } from './runtime-env.js';

/** What an ONVIF camera controls: the imaging service's properties, then the PTZ head's. */
export const ONVIF_PROPERTIES = [...IMAGING_PROPERTIES, 'pan', 'tilt', 'zoom'];

/** An OnvifBackend that keeps the sources it opened, so the env can check they were all closed. */
class WatchedOnvifBackend extends OnvifBackend {
  readonly sources: OnvifSource[] = [];

  override async open(deviceId: string, initial: Partial<SourceSettings>): Promise<OnvifSource> {
    const source = await super.open(deviceId, initial);
    this.sources.push(source);
    return source;
  }
}

/** The simulators and backends of one run, shared by the per-case runtimes. */
export class OnvifCameras {
  readonly camera: OnvifSimulator;
  readonly limited: OnvifSimulator;
  readonly backend = new WatchedOnvifBackend({ reconnect: { attempts: 1, delayMs: 100 } });
  readonly limitedBackend = new WatchedOnvifBackend({ reconnect: { attempts: 1, delayMs: 100 } });

  private constructor(camera: OnvifSimulator, limited: OnvifSimulator) {
    this.camera = camera;
    this.limited = limited;
    this.backend.register(camera.address);
    this.limitedBackend.register(limited.address);
  }

  static async start(): Promise<OnvifCameras> {
    const [camera, limited] = await Promise.all([OnvifSimulator.start(), OnvifSimulator.start({ ptz: false, model: 'DS-2CD2043G2-I' })]);
    return new OnvifCameras(camera, limited);
  }

  get sources(): OnvifSource[] {
    return [...this.backend.sources, ...this.limitedBackend.sources];
  }

  closeAll(): void {
    for (const s of this.sources) s.close();
    this.backend.sources.length = 0;
    this.limitedBackend.sources.length = 0;
  }

  async stop(): Promise<void> {
    this.closeAll();
    await Promise.all([this.camera.close(), this.limited.close()]);
  }
}

export interface OnvifEnv {
  readonly env: ConformanceEnv;
  dispose(): Promise<void>;
  /** Sources still open (0 once every track has been stopped). */
  leftovers(): number;
}

export function onvifEnv(behavior: Behavior, cameras: OnvifCameras): OnvifEnv {
  cameras.camera.reset();
  cameras.limited.reset();
  const base = runtimeEnv({
    name: `onvif-simulator-${behavior}`,
    behavior,
    backends: [cameras.backend],
    microphone: new VirtualMicrophoneBackend(),
    features: {
      properties: ONVIF_PROPERTIES,
      audio: true,
      photoOverlap: 'queue',
      photoMuteCycle: false,
      framesChange: true,
      sceneResponds: false,
      projectPolicies: true,
    },
  });
  const limitedRuntime = base.sideRuntime([cameras.limitedBackend]);
  const env = base.env({
    limitedCameraTrack: () => base.firstTrack(limitedRuntime),
    stallFrames: async (on) => {
      cameras.camera.stall(on);
      if (on) await drainFrames(cameras.sources.filter((s) => !s.ended));
    },
    reset: () => cameras.camera.stall(false),
  });
  return {
    env,
    async dispose() {
      cameras.camera.stall(false);
      base.closeMicrophone();
      cameras.closeAll();
    },
    leftovers: () => cameras.sources.filter((s) => !s.ended).length,
  };
}
