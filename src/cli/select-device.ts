/**
 * `--device`: which camera a command opens. In order: an exact deviceId from `devices`; else a
 * case-insensitive part of one camera's label; else a URL or an existing file path (passed on as
 * an exact deviceId: the ffmpeg backend opens those). Anything else is a usage error that lists
 * the cameras there are.
 */
import { usageError } from './errors.js';
import { scrub, secretsOf } from '../backends/ffmpeg/secrets.js';

/** One camera as `devices` lists it. */
export interface DeviceEntry {
  readonly deviceId: string;
  readonly label: string;
  /** The preset or input kind ("phone", "webcam", "v4l2", "file"). */
  readonly kind: string;
  /** The backend offering it ("virtual", "ffmpeg"…). */
  readonly backend: string;
  readonly groupId: string;
  readonly facingMode?: string;
}

export interface DeviceChoice {
  readonly deviceId: string;
  /** The listed camera, when the choice is one (not a path or URL). */
  readonly entry?: DeviceEntry;
}

/** `--device` as it may be printed: a URL's login left out, password-like query values "***". */
export function shownDevice(text: string): string {
  return scrub(withoutLogin(text), secretsOf(text));
}

/** "virtual:phone (Virtual phone camera)"; the list in "unknown device" messages. */
export function knownDevices(devices: readonly DeviceEntry[]): string {
  if (devices.length === 0) return 'no cameras are available';
  return `known cameras: ${devices.map((d) => (d.label && d.label !== d.deviceId ? `${d.deviceId} (${d.label})` : d.deviceId)).join(', ')}`;
}

/** A deviceId for messages: a URL's `user:password@` left out. */
export function withoutLogin(spec: string): string {
  return spec.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]*@/i, '$1');
}

/** Whether `spec` reads as a URL (`rtsp://…`, `http://…`, `file:…`). */
export function isUrl(spec: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(spec) || /^file:/i.test(spec);
}

/** Whether `spec` reads as a file path rather than a name (`/dev/video0`, `./clip.mp4`, `clip.mp4`). */
export function looksLikePath(spec: string): boolean {
  return spec.includes('/') || spec.includes('\\') || /\.[a-z0-9]{2,5}$/i.test(spec);
}

/**
 * Resolves `--device`. `exists` says whether a path exists on disk (injected so the rule can be
 * tested without files).
 */
export function chooseDevice(spec: string, devices: readonly DeviceEntry[], exists: (path: string) => boolean): DeviceChoice {
  const exact = devices.find((d) => d.deviceId === spec);
  if (exact) return { deviceId: exact.deviceId, entry: exact };
  const needle = spec.toLowerCase();
  if (needle !== '') {
    const byLabel = devices.filter((d) => d.label.toLowerCase().includes(needle));
    if (byLabel.length === 1) return { deviceId: byLabel[0]!.deviceId, entry: byLabel[0]! };
    if (byLabel.length > 1) {
      throw usageError(
        `--device ${shownDevice(spec)} matches several cameras (${byLabel.map(
          (d) => `${d.deviceId} (${d.label})`,
        ).join(', ')}); give more of the label, or the id`,
      );
    }
  }
  if (isUrl(spec)) return { deviceId: spec };
  if (exists(spec)) return { deviceId: spec };
  if (looksLikePath(spec)) {
    throw usageError(`--device ${shownDevice(spec)}: no such file, and no camera has that id or label; ${knownDevices(devices)}`);
  }
  throw usageError(`unknown device ${JSON.stringify(shownDevice(spec))}; ${knownDevices(devices)}`);
}
