/**
 * The "ffmpeg" CameraBackend: real cameras (V4L2, AVFoundation, DirectShow), video files and
 * network streams, each read by one ffmpeg child per open source.
 *
 * - devices(): the capture devices present plus the sources registered with `register()`.
 * - accepts()/describe(): any existing file (path or `file:` URL), probed with ffprobe, and
 *   stream URL (rtsp, http, tcp, udp, srt, rtmp…), described by the ffmpeg that streams it
 *   (live.ts: one connection per source).
 * - Errors: an unknown or unreadable deviceId is NotFoundError; missing ffmpeg/ffprobe is
 *   NotReadableError telling how to install it or set IMAGECAPTURE_FFMPEG.
 * - Credentials in a URL (user information, password-like query values) never leave the backend:
 *   the source's deviceId is a redacted form that reopens it here (see secrets.ts), and every
 *   message built from ffmpeg's output has them replaced by "***".
 */
import { domException, notFound, type DOMExceptionName } from '../../spec/errors.js';
import type { CameraBackend, CameraDeviceInfo, SourceCapabilities, SourceSettings } from '../backend.js';
import { RealClock, type Clock } from '../clock.js';
import { EMULATED_PROPERTIES } from './controls.js';
import { discoverDevices, shortHash, type DiscoveredDevice } from './devices.js';
import { DEFAULT_FIELD_OF_VIEW } from './geometry.js';
import { nodeHost, type FfmpegHost } from './host.js';
import { parseInput, type InputSpec } from './inputs.js';
import { probeInput, type StreamInfo } from './probe.js';
import { startLive, type LiveStart } from './live.js';
import { restOptions, type RestOptions } from './rest.js';
import { SecretVault } from './secrets.js';
import { capabilitiesFor } from './controls.js';
import { FfmpegSource, type ReconnectPolicy, type SourceOptions, type SourcePlan } from './source.js';
import { locateTools, resolveToolPaths, type FfmpegTools } from './tools.js';
import type { FrameReader } from './frame-reader.js';
import { ControlMap } from '../v4l2/control-map.js';
import { V4l2Ctl } from '../v4l2/ctl-tool.js';
import {
  CaptureDeviceSource,
  DEFAULT_WARMUP_FRAMES,
  splitUpdate,
  type FfmpegSourceExtras,
  type HardwareControls,
  type OneShotStills,
} from '../v4l2/device-source.js';
import { captureOneShot } from '../v4l2/still-capture.js';
import type { CameraSource } from '../backend.js';

/** What open() returns: the contract plus the ffmpeg child's process id, exit and error. */
export type FfmpegCameraSource = CameraSource & FfmpegSourceExtras;

/** Where a property of a device is done: on the device, or on the frames (and why). */
type ControlAccount = NonNullable<CameraDeviceInfo['controls']>;

export interface FfmpegBackendOptions {
  /** ffmpeg executable; default: IMAGECAPTURE_FFMPEG, then PATH. */
  readonly ffmpegPath?: string;
  /** ffprobe executable; default: IMAGECAPTURE_FFPROBE, then next to ffmpeg, then PATH. */
  readonly ffprobePath?: string;
  /** Loop video files instead of ending at their end. Default false. */
  readonly loop?: boolean;
  /** Read files at their frame rate (`-re`), as a camera would deliver them. Default true. */
  readonly realtime?: boolean;
  /** Horizontal field of view assumed for software pan/tilt, degrees. Default 60. */
  readonly fieldOfView?: number;
  /** Offer software zoom/pan/tilt and tone controls. Default true. */
  readonly softwareControls?: boolean;
  /** Time limit of an ffprobe run, and of a network source's description. Default 15000 ms. */
  readonly probeTimeoutMs?: number;
  /** How a network source comes back after a drop (attempts and waits). */
  readonly reconnect?: ReconnectPolicy;
  /** Time limit for the first frame after starting ffmpeg. Default 15000 ms. */
  readonly startTimeoutMs?: number;
  /**
   * Frames a camera attached to the machine drops after opening and after each native-mode switch
   * (dark, unfocused frames while the sensor starts). Default 5. Files and URLs drop none.
   */
  readonly warmupFrames?: number;
  /** Drive V4L2 controls on the device through v4l2-ctl where the camera has them. Default true. */
  readonly hardwareControls?: boolean;
  /**
   * Milliseconds without a read after which a decoded source stops having ffmpeg write whole
   * frames (it keeps decoding; the next read wakes it, waiting up to about 100 ms more). Default
   * 2000; Infinity: sources never rest, and ffmpeg writes every frame whether read or not.
   */
  readonly restAfterMs?: number;
  /** Wait between SIGTERM and SIGKILL when closing. Default 2000 ms. */
  readonly killTimeoutMs?: number;
  /** Characters of ffmpeg's stderr kept for error messages. Default 16384. */
  readonly stderrLimit?: number;
  readonly clock?: Clock;
  /** The machine as the backend sees it (tests pass a fake device layer). */
  readonly host?: FfmpegHost;
}

/** A named input listed by `devices()` under its name. */
export interface RegisteredInput {
  /** A file path, `file:` URL or stream URL. */
  readonly input: string;
  readonly label?: string;
  readonly loop?: boolean;
  readonly realtime?: boolean;
  /** Extra ffmpeg input options (before `-i`), e.g. ['-rtsp_transport', 'tcp']. */
  readonly inputArgs?: readonly string[];
}

/**
 * How long the ffmpeg a describe() started on a network source waits to be taken over by open()
 * before it is stopped.
 */
const LIVE_REUSE_MS = 10_000;

export class FfmpegBackend implements CameraBackend {
  readonly name = 'ffmpeg';
  #options: FfmpegBackendOptions;
  readonly #ctl: V4l2Ctl;
  /** Hardware controls of V4L2 devices by deviceId, as last listed. */
  readonly #hardware = new Map<string, { map?: ControlMap; reason?: string }>();
  /** Open sources of attached cameras, ended when their device is no longer listed. */
  readonly #attached = new Set<{ deviceId: string; source: CaptureDeviceSource }>();
  readonly #host: FfmpegHost;
  readonly #clock: Clock;
  /** How decoded sources rest (undefined: they never do). */
  readonly #rest: RestOptions | undefined;
  readonly #registered = new Map<string, RegisteredInput>();
  #listed = new Map<string, DiscoveredDevice>();
  /** Network sources described and not yet opened: their running ffmpeg, by input. */
  readonly #live = new Map<string, { started: Promise<LiveStart>; timer: NodeJS.Timeout }>();
  readonly #vault = new SecretVault();
  #tools: FfmpegTools | undefined;

  constructor(options: FfmpegBackendOptions = {}) {
    this.#options = options;
    this.#host = options.host ?? nodeHost;
    this.#clock = options.clock ?? new RealClock();
    this.#rest = restOptions(this.#clock, options.restAfterMs);
    this.#ctl = new V4l2Ctl(this.#host);
  }

  /** Changes the opening options of sources opened from now on (the CLI's --timeout, --warmup). */
  setOpenOptions(options: Pick<FfmpegBackendOptions, 'startTimeoutMs' | 'warmupFrames'>): void {
    this.#options = { ...this.#options, ...options };
  }

  /** Lists `input` as a camera named `name` (its deviceId). Returns a function that removes it. */
  register(name: string, source: RegisteredInput): () => void {
    const entry = { ...source };
    this.#registered.set(name, entry);
    return () => {
      if (this.#registered.get(name) === entry) this.#registered.delete(name);
    };
  }

  async devices(): Promise<CameraDeviceInfo[]> {
    const found = await discoverDevices(this.#host, () => this.#locate().catch(() => undefined));
    this.#listed = new Map(found.map((d) => [d.deviceId, d]));
    await Promise.all(found.map((d) => this.#readHardware(d)));
    // A camera that is gone (unplugged) ends the tracks that were using it.
    for (const entry of [...this.#attached]) {
      if (entry.source.ended) this.#attached.delete(entry);
      else if (!this.#listed.has(entry.deviceId)) {
        this.#attached.delete(entry);
        entry.source.unplug();
      }
    }
    const registered = [...this.#registered.keys()].flatMap((name) => {
      const spec = this.#spec(name);
      return spec ? [this.#info(name, spec)] : [];
    });
    // Cameras attached to the machine come first: the first listed is the default camera.
    return [...found.map((d) => this.#deviceInfo(d)), ...registered];
  }

  accepts(deviceId: string): boolean {
    return this.#spec(deviceId) !== undefined;
  }

  async describe(deviceId: string): Promise<{ info: CameraDeviceInfo; capabilities: SourceCapabilities }> {
    const plan = await this.#plan(deviceId, true);
    const capabilities = capabilitiesFor(plan.modes, plan.modes.at(-1)!, this.#controls, this.#fov);
    const map = this.#hardware.get(deviceId)?.map;
    return { info: plan.info, capabilities: map ? { ...capabilities, ...map.capabilities() } : capabilities };
  }

  async probe(deviceId: string): Promise<SourceCapabilities> {
    return (await this.describe(deviceId)).capabilities;
  }

  /** Stops the ffmpeg a describe() left connected to a network source that is not being opened. */
  release(deviceId: string): void {
    const spec = this.#spec(deviceId);
    const entry = spec?.kind === 'url' ? this.#live.get(spec.input) : undefined;
    if (!spec || !entry) return;
    this.#forget(spec.input, entry.started);
    void entry.started.then(
      (live) => live.reader.stop(),
      () => {},
    );
  }

  async open(deviceId: string, initial: Partial<SourceSettings>): Promise<FfmpegCameraSource> {
    const plan = await this.#plan(deviceId, false);
    const o = this.#options;
    const options: SourceOptions = {
      host: this.#host,
      tools: await this.#locate(),
      clock: this.#clock,
      fieldOfView: this.#fov,
      softwareControls: this.#controls,
      stderrLimit: o.stderrLimit ?? 16_384,
      killTimeoutMs: o.killTimeoutMs ?? 2000,
      startTimeoutMs: o.startTimeoutMs ?? 15_000,
      scrub: (text) => this.#vault.scrub(text),
      ...(o.reconnect ? { reconnect: o.reconnect } : {}),
      ...(this.#rest ? { rest: this.#rest } : {}),
    };
    if (plan.spec.kind === 'file' || plan.spec.kind === 'url') {
      return this.#scrubbed(FfmpegSource.open(plan, initial, options, plan.running));
    }
    // A camera attached to the machine: warm-up frames, and hardware controls where it has them.
    const map = this.#hardware.get(deviceId)?.map;
    const hardware: HardwareControls | undefined = map ? { ctl: this.#ctl, device: plan.spec.input, map } : undefined;
    const inner = await FfmpegSource.open(plan, splitUpdate(initial, map).software, options);
    const warmupFrames = o.warmupFrames ?? DEFAULT_WARMUP_FRAMES;
    const oneShot: OneShotStills = {
      modes: plan.modes,
      release: () => inner.releaseDevice(),
      capture: (mode, width, height, signal) =>
        captureOneShot({
          host: this.#host,
          ffmpeg: options.tools.ffmpeg,
          spec: plan.spec,
          mode,
          width,
          height,
          skipFrames: warmupFrames,
          timeoutMs: options.startTimeoutMs,
          signal,
        }),
    };
    const source = await CaptureDeviceSource.open(
      inner,
      initial,
      { info: plan.info, warmupFrames, oneShot, ...(hardware ? { hardware } : {}) },
    );
    this.#attached.add({ deviceId, source });
    return source;
  }

  /** Reads a V4L2 device's controls with v4l2-ctl (other platforms: software controls only). */
  async #readHardware(device: DiscoveredDevice): Promise<void> {
    if (device.spec.kind !== 'v4l2') {
      this.#hardware.set(device.deviceId, { reason: `no hardware controls through ${device.spec.kind} yet` });
      return;
    }
    if (this.#options.hardwareControls === false) {
      this.#hardware.set(device.deviceId, { reason: 'hardware controls are turned off (hardwareControls: false)' });
      return;
    }
    const listing = await this.#ctl.list(device.spec.input);
    if (!listing.ok) this.#hardware.set(device.deviceId, { reason: listing.reason });
    else this.#hardware.set(device.deviceId, { map: new ControlMap(listing.controls) });
  }

  /** Per property: done by the device or on the frames, and why. */
  #account(deviceId: string): ControlAccount | undefined {
    const hw = this.#hardware.get(deviceId);
    if (!hw) return undefined;
    const out: Record<string, { by: 'hardware' | 'emulated'; reason?: string }> = {};
    for (const property of hw.map?.properties ?? []) out[property] = { by: 'hardware' };
    if (this.#controls) {
      for (const property of EMULATED_PROPERTIES) {
        if (out[property]) continue;
        out[property] = { by: 'emulated', reason: hw.reason ?? 'the camera has no such control' };
      }
    }
    return out;
  }

  get #fov(): number {
    return this.#options.fieldOfView ?? DEFAULT_FIELD_OF_VIEW;
  }

  get #controls(): boolean {
    return this.#options.softwareControls ?? true;
  }

  async #locate(): Promise<FfmpegTools> {
    this.#tools ??= await locateTools(this.#host, this.#options);
    return this.#tools;
  }

  /** How to read a deviceId: a registered name, a listed device, a file or a URL. */
  #spec(shown: string): InputSpec | undefined {
    // A redacted deviceId this backend handed out stands for the URL with its credentials.
    const deviceId = this.#vault.original(shown) ?? shown;
    const defaults = { loop: this.#options.loop ?? false, realtime: this.#options.realtime ?? true };
    const registered = this.#registered.get(deviceId);
    if (registered) {
      const spec = parseInput(registered.input, this.#host, {
        loop: registered.loop ?? defaults.loop,
        realtime: registered.realtime ?? defaults.realtime,
      });
      if (!spec) return undefined;
      return { ...spec, label: registered.label ?? spec.label, inputArgs: [...spec.inputArgs, ...(registered.inputArgs ?? [])] };
    }
    return this.#listed.get(deviceId)?.spec ?? parseInput(deviceId, this.#host, defaults);
  }

  #info(deviceId: string, spec: InputSpec): CameraDeviceInfo {
    const shown = this.#vault.redact(deviceId);
    return {
      deviceId: shown,
      groupId: shortHash(`ffmpeg:${shown}`),
      label: spec.label,
      backend: this.name,
      kindLabel: spec.kindLabel,
      emulated: this.#controls ? EMULATED_PROPERTIES : [],
    };
  }

  #deviceInfo(device: DiscoveredDevice): CameraDeviceInfo {
    const info = { ...this.#info(device.deviceId, device.spec), groupId: shortHash(`ffmpeg:${device.groupKey}`), label: device.label };
    const controls = this.#account(device.deviceId);
    if (!controls) return info;
    const emulated = Object.entries(controls).filter(([, c]) => c.by === 'emulated').map(([p]) => p);
    return { ...info, emulated, controls };
  }

  /** Rethrows a DOMException with any credentials in its message replaced by "***". */
  async #scrubbed<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (error) {
      if (!(error instanceof DOMException)) throw error;
      const message = this.#vault.scrub(error.message);
      throw message === error.message ? error : domException(error.name as DOMExceptionName, message);
    }
  }

  /**
   * Everything needed to open a deviceId; `remember` (describe) leaves a network source's ffmpeg
   * running for a following open().
   */
  async #plan(deviceId: string, remember: boolean): Promise<SourcePlan> {
    let spec = this.#spec(deviceId);
    // Learn the credentials the input carries before anything can print them.
    if (spec) this.#vault.redact(spec.input);
    if (!spec) {
      throw notFound(
        `${JSON.stringify(this.#vault.redact(deviceId))} is not a camera, ` +
          'an existing video file or a stream URL the ffmpeg backend can read.',
      );
    }
    if (spec.kind !== 'file' && spec.kind !== 'url') {
      let device = this.#listed.get(deviceId);
      if (!device) {
        await this.devices();
        device = this.#listed.get(deviceId);
      }
      if (!device) throw notFound(`No capture device ${deviceId} is present.`);
      return { info: this.#deviceInfo(device), spec: device.spec, modes: device.modes, switchable: true };
    }
    spec = this.#spec(deviceId) ?? spec;
    const ms = this.#options.probeTimeoutMs ?? 15_000;
    // ffprobe needs its own path only, not ffmpeg's version: both are read at once.
    const probe = (tools: FfmpegTools): Promise<StreamInfo> => this.#scrubbed(probeInput(this.#host, tools, spec, ms));
    const early = spec.kind === 'file' && !this.#tools;
    const probed = early ? probe({ ...resolveToolPaths(this.#host, this.#options), version: [0, 0] }) : undefined;
    probed?.catch(() => undefined);
    const tools = await this.#locate();
    let stream: StreamInfo;
    let running: FrameReader | undefined;
    if (spec.kind === 'url') ({ stream, running } = await this.#startLive(spec, tools, remember));
    else stream = await (probed ?? probe(tools));
    return {
      info: { ...this.#info(deviceId, spec), defaultMode: { width: stream.width, height: stream.height, frameRate: stream.frameRate } },
      spec,
      stream,
      modes: [{ width: stream.width, height: stream.height, frameRate: stream.frameRate }],
      switchable: false,
      ...(running ? { running } : {}),
    };
  }

  /**
   * The ffmpeg streaming a network input, started here or by a recent describe(). `keep` (a
   * describe) leaves it waiting for open(), for a while; otherwise it is taken (an open).
   */
  async #startLive(spec: InputSpec, tools: FfmpegTools, keep: boolean): Promise<{ stream: StreamInfo; running?: FrameReader }> {
    const o = this.#options;
    let entry = this.#live.get(spec.input);
    if (!entry) {
      const started = startLive({
        host: this.#host,
        tools,
        spec,
        stderrLimit: o.stderrLimit ?? 16_384,
        killTimeoutMs: o.killTimeoutMs ?? 2000,
        timeoutMs: o.probeTimeoutMs ?? 15_000,
        scrub: (text) => this.#vault.scrub(text),
        ...(this.#rest ? { rest: this.#rest } : {}),
      });
      const timer = setTimeout(() => {
        if (this.#live.get(spec.input)?.started !== started) return;
        this.#live.delete(spec.input);
        void started.then((live) => live.reader.stop(), () => {});
      }, LIVE_REUSE_MS);
      timer.unref();
      entry = { started, timer };
      this.#live.set(spec.input, entry);
      // A process that ends while waiting cannot be taken over.
      started.then(
        (live) => void live.reader.exited.then(() => this.#forget(spec.input, started)),
        () => this.#forget(spec.input, started),
      );
    }
    const live = await this.#scrubbed(entry.started);
    if (keep) return { stream: live.stream };
    this.#forget(spec.input, entry.started);
    return { stream: live.stream, running: live.reader };
  }

  #forget(input: string, started: Promise<LiveStart>): void {
    const entry = this.#live.get(input);
    if (entry?.started !== started) return;
    clearTimeout(entry.timer);
    this.#live.delete(input);
  }
}
