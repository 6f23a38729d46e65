/**
 * Opening a camera for a command through the public API: resolve `--device`, getUserMedia, check
 * the requested values against the track's capabilities (usage errors before any capture), then
 * apply them as plain values in the basic constraint set, so the camera fits them to its steps.
 */
import { existsSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { propertyRow } from '../constraints/properties.js';
import { checkConstraints, constraintDictionary, impliedModes } from './check.js';
import { runtimeError } from './errors.js';
import { own } from './resources.js';
import { chooseDevice, shownDevice, type DeviceChoice, type DeviceEntry, withoutLogin } from './select-device.js';

/** The public Node API (src/entries/index.ts), loaded only when a command runs. */
export type Api = typeof import('../entries/index.js');
export type Track = InstanceType<Api['MediaStreamTrack']>;

/**
 * The package's MediaStreamTrack as the DOM type ImageCapture's constructor is declared with
 * (the two differ only in the on* handler properties, which are added at run time).
 */
export function asDomTrack(track: Track): MediaStreamTrack {
  return track as unknown as MediaStreamTrack;
}

export function loadApi(): Promise<Api> {
  return import('../entries/index.js');
}

/** Every camera the runtime's backends offer, in their order (the first is the default camera). */
export async function listDevices(api: Api): Promise<DeviceEntry[]> {
  const lists = await Promise.all(
    api.runtime.backends.map(async (backend) => {
      try {
        return await backend.devices();
      } catch {
        return []; // a backend that cannot list (no ffmpeg, say) offers no cameras
      }
    }),
  );
  const seen = new Set<string>();
  const out: DeviceEntry[] = [];
  for (const info of lists.flat()) {
    if (seen.has(info.deviceId)) continue;
    seen.add(info.deviceId);
    out.push({
      deviceId: info.deviceId,
      label: info.label,
      kind: info.kindLabel,
      backend: info.backend,
      groupId: info.groupId,
      ...(info.facingMode ? { facingMode: info.facingMode } : {}),
    });
  }
  return out;
}

/** Properties that also steer which camera and video mode getUserMedia picks. */
const MODE_PROPERTIES = ['width', 'height', 'aspectRatio', 'frameRate', 'facingMode', 'resizeMode'];
const PTZ_PROPERTIES = ['pan', 'tilt', 'zoom'];

export interface OpenOptions {
  /** `--device`, as typed. */
  readonly device?: string;
  /** Property values from the command line, keyed by property name. */
  readonly requested: Readonly<Record<string, unknown>>;
}

export interface Camera {
  readonly track: Track;
  readonly deviceId: string;
  /** The camera's label, for messages. */
  readonly label: string;
  /** Stops the track (idempotent). Also done by releaseAll() however the command ends. */
  stop(): void;
}

/** The getUserMedia video constraints: the chosen device exactly, mode properties as ideals. */
function openConstraints(choice: DeviceChoice | undefined, requested: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const video: Record<string, unknown> = {};
  if (choice) video.deviceId = { exact: choice.deviceId };
  for (const name of MODE_PROPERTIES) if (requested[name] !== undefined) video[name] = requested[name];
  // https://w3c.github.io/mediacapture-image/#pan: naming pan/tilt/zoom asks for the pan-tilt-zoom permission with the camera.
  for (const name of PTZ_PROPERTIES) if (requested[name] !== undefined) video[name] = true;
  return video;
}

async function resolveDevice(api: Api, device: string | undefined): Promise<DeviceChoice | undefined> {
  if (device === undefined) return undefined;
  return chooseDevice(device, await listDevices(api), existsSync);
}

/** Opens the camera, checks the requested values and applies them. The track is owned (resources.ts). */
export async function openCamera(api: Api, options: OpenOptions): Promise<Camera> {
  const choice = await resolveDevice(api, options.device);
  const what = choice ? (choice.entry?.label ?? shownDevice(choice.deviceId)) : 'the default camera';
  let stream;
  try {
    stream = await api.mediaDevices.getUserMedia({ video: openConstraints(choice, options.requested) });
  } catch (err) {
    throw runtimeError(`cannot open ${what}: ${describeDomError(err)}`, err);
  }
  const tracks = stream.getTracks();
  const owned = own(() => {
    for (const t of tracks) t.stop();
  });
  const track = stream.getVideoTracks()[0];
  if (!track) {
    owned.release();
    throw runtimeError(`cannot open ${what}: it gave no video track`);
  }
  const label = track.label || what;
  const camera: Camera = {
    track,
    deviceId: String(track.getSettings().deviceId ?? withoutLogin(choice?.deviceId ?? '')),
    label,
    stop: owned.release,
  };
  const caps = track.getCapabilities();
  const settings = track.getSettings();
  checkConstraints(options.requested, caps, settings, label);
  const constraints = constraintDictionary({ ...impliedModes(options.requested, caps, settings), ...options.requested });
  if (Object.keys(constraints).length > 0) {
    try {
      await track.applyConstraints(constraints);
    } catch (err) {
      throw runtimeError(`${label} did not accept the settings: ${describeDomError(err)}`, err);
    }
    await waitUntilSettled(() => track.getSettings() as Record<string, unknown>, options.requested, caps as Record<string, unknown>);
  }
  return camera;
}

/** How long to wait for motors (zoom, pan, tilt, focus) to reach requested values, and how often to look. */
const SETTLE_LIMIT_MS = 3000;
const SETTLE_POLL_MS = 20;

function reached(value: unknown, wanted: number, cap: unknown): boolean {
  if (typeof value !== 'number') return true;
  const step = (cap as { step?: number } | undefined)?.step ?? 0;
  return Math.abs(value - wanted) <= step / 2 + 1e-9 * Math.max(1, Math.abs(wanted));
}

/**
 * Waits until the numeric values asked for have been reached (to within half a step) or have
 * stopped changing, so a photo is not taken while the zoom or focus motor is still travelling
 * (applyConstraints resolves once the device accepted the target, not when it got there).
 * Bounded by SETTLE_LIMIT_MS; returns the milliseconds waited.
 */
export async function waitUntilSettled(
  read: () => Record<string, unknown>,
  requested: Readonly<Record<string, unknown>>,
  caps: Readonly<Record<string, unknown>>,
  limitMs = SETTLE_LIMIT_MS,
): Promise<number> {
  const numeric = Object.entries(requested).filter(
    (entry): entry is [string, number] => typeof entry[1] === 'number' && propertyRow(entry[0])?.capability === 'range',
  );
  if (numeric.length === 0) return 0;
  const start = performance.now();
  let previous = read();
  if (numeric.every(([name, wanted]) => reached(previous[name], wanted, caps[name]))) return 0;
  for (let polls = 0; polls < Math.ceil(limitMs / SETTLE_POLL_MS); polls++) {
    await delay(SETTLE_POLL_MS);
    const now = read();
    const arrived = numeric.every(([name, wanted]) => reached(now[name], wanted, caps[name]));
    const still = numeric.every(([name]) => now[name] === previous[name]);
    if (arrived || still) break;
    previous = now;
  }
  return performance.now() - start;
}

/** "NotReadableError: …" for DOMExceptions, the message otherwise. */
export function describeDomError(err: unknown): string {
  if (typeof DOMException !== 'undefined' && err instanceof DOMException) return `${err.name}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
