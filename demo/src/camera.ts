/**
 * Opening cameras: getUserMedia with a preferred size, the camera list (enumerateDevices), the
 * resolutions a camera's width/height capabilities allow, and what to tell people when opening
 * fails.
 */
import { errorInfo } from './errors.js';

export interface Size {
  width: number;
  height: number;
}

/** Sizes the resolution picker offers, where the camera's ranges allow them. */
export const RESOLUTIONS: readonly Size[] = [
  { width: 320, height: 240 },
  { width: 640, height: 480 },
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
  { width: 2560, height: 1440 },
  { width: 3840, height: 2160 },
];

/** The size the page asks for first. */
export const PREFERRED_SIZE: Size = { width: 1280, height: 720 };

type Range = { min?: number; max?: number };

function within(value: number, range: Range | undefined): boolean {
  if (!range) return true;
  return (range.min === undefined || value >= range.min) && (range.max === undefined || value <= range.max);
}

export function resolutionsFor(capabilities: MediaTrackCapabilities): Size[] {
  return RESOLUTIONS.filter((s) => within(s.width, capabilities.width) && within(s.height, capabilities.height));
}

/**
 * Opens a camera. Pan, tilt and zoom are asked for (`true` requests the pan-tilt-zoom permission
 * and prefers a camera that has them without changing their values, https://w3c.github.io/mediacapture-image/#pan), so
 * that their controls can appear.
 */
export async function openCamera(deviceId: string | undefined, size: Size = PREFERRED_SIZE): Promise<MediaStreamTrack> {
  if (!globalThis.isSecureContext || !navigator.mediaDevices?.getUserMedia) {
    throw Object.assign(new Error('getUserMedia is only available in secure contexts'), { name: 'InsecureContext' });
  }
  const video: MediaTrackConstraints & Record<string, unknown> = {
    width: { ideal: size.width },
    height: { ideal: size.height },
    pan: true,
    tilt: true,
    zoom: true,
  };
  if (deviceId) video.deviceId = { exact: deviceId };
  const stream = await navigator.mediaDevices.getUserMedia({ video });
  const [track] = stream.getVideoTracks();
  if (!track) throw Object.assign(new Error('the stream has no video track'), { name: 'NotFoundError' });
  return track;
}

/** The cameras (labels are only known once one camera has been allowed). */
export async function listCameras(): Promise<MediaDeviceInfo[]> {
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices.filter((d) => d.kind === 'videoinput');
}

/** A heading and a sentence for a failed getUserMedia. */
export function cameraFailure(err: unknown): { title: string; detail: string } {
  const { name, message } = errorInfo(err);
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
      return {
        title: 'Camera permission denied',
        detail: 'Allow this page to use the camera (the camera icon in the address bar), then press Retry.',
      };
    case 'NotFoundError':
    case 'DevicesNotFoundError':
      return { title: 'No camera found', detail: 'Connect a camera, then press Retry.' };
    case 'NotReadableError':
    case 'TrackStartError':
      return { title: 'The camera is busy', detail: 'Another application may be using it. Close it, then press Retry.' };
    case 'OverconstrainedError':
      return { title: 'That camera is gone', detail: 'The chosen camera is no longer available; pick another one.' };
    case 'InsecureContext':
      return {
        title: 'Cameras need a secure context',
        detail: 'Open this page from http://127.0.0.1, http://localhost or an https:// address (`imagecapture demo` does).',
      };
    default:
      return { title: 'The camera could not be opened', detail: `${name}: ${message}` };
  }
}
