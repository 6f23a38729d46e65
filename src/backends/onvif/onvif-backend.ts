/**
 * The "onvif" CameraBackend: IP cameras through their ONVIF services.
 *
 * - deviceId: `onvif://[user:password@]host[:port][?profile=token]`; the id the camera is listed and
 *   reported under is the same without user name and password (address.ts).
 * - devices(): the cameras registered with `register()` under their own names (GetDeviceInformation),
 *   and, when discovery is on (off by default), those answering a WS-Discovery probe.
 * - Errors: a refused login is NotAllowedError; a host that does not answer, or answers but is not
 *   an ONVIF camera, is NotFoundError; a camera that fails later (no stream) is NotReadableError.
 */
import { createHash } from 'node:crypto';
import { abortError, notAllowed, notFound, notReadable } from '../../spec/errors.js';
import type { CameraBackend, CameraDeviceInfo, CameraSource, SourceCapabilities, SourceSettings } from '../backend.js';
import { RealClock, type Clock } from '../clock.js';
import { FfmpegBackend, type FfmpegBackendOptions } from '../ffmpeg/index.js';
import { type Credentials, parseAddress, redact, withCredentials, type OnvifAddress } from './address.js';
import { OnvifCamera } from './camera.js';
import { discover, type DiscoveryOptions } from './discovery.js';
import { OnvifError } from './http.js';
import { ImagingService, imagingCapabilities } from './imaging.js';
import { PtzService, ptzCapabilities } from './ptz.js';
import { fetchSnapshot } from './snapshot.js';
import { OnvifSource, type ReconnectPolicy } from './source.js';

export interface OnvifBackendOptions {
  /** Time limit of one call to a camera. Default 5000 ms. */
  readonly timeoutMs?: number;
  /** WS-Discovery: off by default; `true` probes the multicast group; an object sets target and time. */
  readonly discovery?: boolean | DiscoveryOptions;
  /** How a lost stream is opened again. Default 3 attempts, 2000 ms apart. */
  readonly reconnect?: Partial<ReconnectPolicy>;
  /** The ffmpeg that reads the streams. */
  readonly ffmpeg?: Pick<FfmpegBackendOptions, 'ffmpegPath' | 'ffprobePath' | 'startTimeoutMs' | 'probeTimeoutMs' | 'killTimeoutMs'>;
  readonly clock?: Clock;
}

export interface RegisteredCamera {
  /** Shown instead of the camera's own name. */
  readonly label?: string;
}

interface Connection {
  readonly camera: OnvifCamera;
  readonly ptz: PtzService | undefined;
  readonly imaging: ImagingService | undefined;
  readonly at: number;
}

/** How long a connection made by describe() is reused by open(). */
const REUSE_MS = 10_000;

const hash = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 16);

export class OnvifBackend implements CameraBackend {
  readonly name = 'onvif';
  readonly #options: OnvifBackendOptions;
  readonly #clock: Clock;
  readonly #ffmpeg: FfmpegBackend;
  readonly #registered = new Map<string, RegisteredCamera>();
  /** Logins by id (host, port, path), from registrations and deviceIds that carried one. */
  readonly #logins = new Map<string, Credentials>();
  readonly #names = new Map<string, string>();
  readonly #connections = new Map<string, Connection>();
  /** When a registered camera last failed to answer while listing. */
  readonly #unanswered = new Map<string, number>();
  #discovery: DiscoveryOptions | undefined;
  #streams = 0;

  constructor(options: OnvifBackendOptions = {}) {
    this.#options = options;
    this.#clock = options.clock ?? new RealClock();
    // The ONVIF source reconnects by its own policy (asking the camera for its stream address
    // again), so the RTSP stream under it ends at a drop instead of reconnecting by itself.
    const noReconnect = { attempts: 0, firstDelayMs: 0, maxDelayMs: 0 };
    this.#ffmpeg = new FfmpegBackend({
      ...options.ffmpeg,
      softwareControls: false,
      hardwareControls: false,
      clock: this.#clock,
      reconnect: noReconnect,
    });
    this.setDiscovery(options.discovery ?? false);
  }

  /** Turns WS-Discovery on (`true` or options) or off (`false`) for the next devices(). */
  setDiscovery(discovery: boolean | DiscoveryOptions): void {
    this.#discovery = discovery === false ? undefined : discovery === true ? {} : { ...discovery };
  }

  /** Lists a camera (`onvif://user:password@host…`). Returns a function that removes it. */
  register(address: string, camera: RegisteredCamera = {}): () => void {
    const parsed = parseAddress(address);
    if (!parsed) throw new TypeError(`${JSON.stringify(redact(String(address), undefined))} is not an ONVIF address (onvif://[user:password@]host[:port][?profile=token]).`);
    this.#remember(parsed);
    const entry = { ...camera };
    this.#registered.set(parsed.id, entry);
    return () => {
      if (this.#registered.get(parsed.id) === entry) this.#registered.delete(parsed.id);
    };
  }

  async devices(): Promise<CameraDeviceInfo[]> {
    const registered = await Promise.all(
      [...this.#registered].map(async ([id, entry]) => {
        // A camera that did not answer a moment ago is not asked again for its name while listing.
        const failed = this.#unanswered.get(id);
        if (!entry.label && !this.#names.has(id) && (failed === undefined || this.#clock.now() - failed >= REUSE_MS)) {
          await this.#connect(this.#resolve(id)!).then(
            () => this.#unanswered.delete(id),
            () => this.#unanswered.set(id, this.#clock.now()),
          );
        }
        return this.#info(id, entry.label ?? this.#names.get(id) ?? `ONVIF camera ${this.#resolve(id)!.host}`);
      }),
    );
    const out = [...registered];
    if (this.#discovery) {
      const seen = new Set(out.map((d) => d.deviceId.replace(/\?.*$/, '')));
      for (const camera of await discover(this.#discovery)) {
        const address = parseAddress(`onvif://${camera.xaddr.host}${camera.xaddr.pathname}`);
        if (!address || seen.has(address.id)) continue;
        seen.add(address.id);
        out.push(this.#info(address.id, this.#names.get(address.id) ?? camera.name ?? camera.hardware ?? `ONVIF camera ${address.host}`));
      }
    }
    return out;
  }

  accepts(deviceId: string): boolean {
    return parseAddress(deviceId) !== undefined;
  }

  async describe(deviceId: string): Promise<{ info: CameraDeviceInfo; capabilities: SourceCapabilities }> {
    const address = this.#address(deviceId);
    const c = await this.#connect(address);
    const { width, height, frameRate } = c.camera.profile;
    const capabilities: SourceCapabilities = {
      videoModes: [{ width, height, frameRate }],
      resizeModes: ['none', 'crop-and-scale'],
      minFrameRate: 1,
      ...(c.imaging ? imagingCapabilities(c.imaging.options) : {}),
      ...(c.ptz ? ptzCapabilities(c.ptz.axes) : {}),
      photo: {
        redEyeReduction: 'never',
        fillLightMode: ['off'],
        imageWidth: { min: width, max: width, step: 1 },
        imageHeight: { min: height, max: height, step: 1 },
      },
    };
    return { info: { ...this.#info(address.id, this.#label(address, c.camera)), controls: onCamera(c) }, capabilities };
  }

  async probe(deviceId: string): Promise<SourceCapabilities> {
    return (await this.describe(deviceId)).capabilities;
  }

  async open(deviceId: string, initial: Partial<SourceSettings>): Promise<OnvifSource> {
    const address = this.#address(deviceId);
    const cached = this.#connections.get(address.id);
    this.#connections.delete(address.id);
    const c = cached && this.#clock.now() - cached.at < REUSE_MS ? cached : await this.#connect(address);
    this.#connections.delete(address.id);
    const { camera } = c;
    const info: CameraDeviceInfo = { ...this.#info(address.id, this.#label(address, camera)), controls: onCamera(c) };
    let snapshotSize: { width: number; height: number } | undefined;
    if (camera.snapshotUri) {
      try {
        const shot = await fetchSnapshot(camera.snapshotUri, address.credentials, camera.timeoutMs);
        snapshotSize = { width: shot.width, height: shot.height };
      } catch (error) {
        if (error instanceof OnvifError && error.kind === 'auth') throw notAllowed(`${info.label}: ${error.message}.`);
        // Stills then come from the stream's frames at its full size.
      }
    }
    const streamId = `onvif-stream-${++this.#streams}`;
    const unregister = this.#ffmpeg.register(streamId, {
      input: withCredentials(camera.streamUri, address.credentials),
      label: info.label,
      ...(/^rtsps?:/i.test(camera.streamUri) ? { inputArgs: ['-rtsp_transport', 'tcp'] } : {}),
    });
    const openStream = async (): Promise<CameraSource> => {
      try {
        return await this.#ffmpeg.open(streamId, {});
      } catch (error) {
        throw notReadable(`${info.label}: its stream could not be read (${redact((error as Error).message, address.credentials)})`);
      }
    };
    const r = this.#options.reconnect ?? {};
    try {
      const source = await OnvifSource.open(
        {
          info,
          camera,
          ptz: c.ptz,
          imaging: c.imaging,
          openStream,
          reconnect: { attempts: r.attempts ?? 3, delayMs: r.delayMs ?? 2000 },
          clock: this.#clock,
          snapshotSize,
          release: unregister,
        },
        initial,
      );
      return source;
    } catch (error) {
      unregister();
      throw error;
    }
  }

  #remember(address: OnvifAddress): void {
    if (address.credentials) this.#logins.set(address.id.replace(/\?.*$/, ''), address.credentials);
  }

  /** The address of an id, with the login remembered for its host when it carries none. */
  #resolve(deviceId: string): OnvifAddress | undefined {
    const parsed = parseAddress(deviceId);
    if (!parsed) return undefined;
    this.#remember(parsed);
    const credentials = parsed.credentials ?? this.#logins.get(parsed.id.replace(/\?.*$/, ''));
    return credentials ? { ...parsed, credentials } : parsed;
  }

  #address(deviceId: string): OnvifAddress {
    const address = this.#resolve(deviceId);
    if (!address) throw notFound(`${JSON.stringify(redact(String(deviceId), undefined))} is not an ONVIF address (onvif://[user:password@]host[:port][?profile=token]).`);
    return address;
  }

  #label(address: OnvifAddress, camera: OnvifCamera): string {
    return this.#registered.get(address.id)?.label ?? camera.name ?? address.host;
  }

  #info(id: string, label: string): CameraDeviceInfo {
    return { deviceId: id, groupId: hash(`onvif:${id.replace(/\?.*$/, '')}`), label, backend: this.name, kindLabel: 'onvif', emulated: [] };
  }

  /** Connects (device, media, PTZ, imaging); errors as DOMExceptions. */
  async #connect(address: OnvifAddress): Promise<Connection> {
    const timeoutMs = this.#options.timeoutMs ?? 5000;
    try {
      const camera = await OnvifCamera.connect(address, { timeoutMs });
      this.#names.set(address.id, camera.name || address.host);
      const optional = async <T>(open: () => Promise<T | undefined>): Promise<T | undefined> => {
        try {
          return await open();
        } catch (error) {
          if (error instanceof OnvifError && error.kind === 'fault') return undefined; // service announced but refusing: left out
          throw error;
        }
      };
      const ptz = await optional(() => PtzService.open(camera));
      const imaging = await optional(() => ImagingService.open(camera));
      const c = { camera, ptz, imaging, at: this.#clock.now() };
      this.#connections.set(address.id, c);
      return c;
    } catch (error) {
      throw openError(error, address);
    }
  }
}

/** Every control the backend offers is done by the camera. */
function onCamera(c: Connection): NonNullable<CameraDeviceInfo['controls']> {
  const names = [
    ...Object.keys(c.imaging ? imagingCapabilities(c.imaging.options) : {}),
    ...Object.keys(c.ptz ? ptzCapabilities(c.ptz.axes) : {}),
  ];
  return Object.fromEntries(names.map((name) => [name, { by: 'hardware' as const }]));
}

function openError(error: unknown, address: OnvifAddress): unknown {
  if (!(error instanceof OnvifError)) return error;
  const message = redact(error.message, address.credentials);
  switch (error.kind) {
    case 'auth':
      return notAllowed(`The ONVIF camera at ${address.host} refused the login: ${message}. Give its ONVIF user as onvif://user:password@${address.host}.`);
    case 'fault':
      return notReadable(`The ONVIF camera at ${address.host} cannot be used: ${message}.`);
    case 'aborted':
      return abortError(message);
    default:
      return notFound(`No ONVIF camera at ${address.host}: ${message}.`);
  }
}
