/**
 * Installs the runtime's interfaces as globals where they are missing, the way a browser has them,
 * and `navigator.mediaDevices` / `navigator.permissions` (creating `navigator` where needed).
 * Never replaces what already exists.
 */
import { ImageCapture } from '../image-capture/image-capture.js';
import { MediaDevices, MediaDeviceInfo, InputDeviceInfo } from '../media/devices.js';
import { createImageBitmap } from '../media/create-image-bitmap.js';
import { ImageBitmap, ImageData } from '../media/image-bitmap.js';
import { Permissions, PermissionStatus } from '../media/permissions.js';
import type { Runtime } from '../media/runtime.js';
import { MediaStream, MediaStreamTrackEvent } from '../media/stream.js';
import { MediaStreamTrack } from '../media/track.js';
import { OverconstrainedError } from '../spec/overconstrained.js';
import {
  AudioData,
  MediaStreamTrackGenerator,
  MediaStreamTrackProcessor,
  VideoFrame,
  VideoTrackGenerator,
} from '../media/breakout/index.js';

function define(target: object, name: string, value: unknown): boolean {
  if (name in target && (target as Record<string, unknown>)[name] !== undefined) return false;
  Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
  return true;
}

/** Extra interfaces other modules add (VideoFrame, MediaStreamTrackProcessor…). */
export const extraGlobals: Record<string, unknown> = {
  VideoFrame,
  AudioData,
  MediaStreamTrackProcessor,
  MediaStreamTrackGenerator,
  VideoTrackGenerator,
};

/** Returns the names it installed. */
export function installGlobals(runtime: Runtime): string[] {
  const g = globalThis as Record<string, unknown>;
  const installed: string[] = [];
  const interfaces: Record<string, unknown> = {
    ImageCapture,
    MediaStreamTrack,
    MediaStream,
    MediaStreamTrackEvent,
    MediaDevices,
    MediaDeviceInfo,
    InputDeviceInfo,
    ImageBitmap,
    ImageData,
    createImageBitmap,
    OverconstrainedError,
    Permissions,
    PermissionStatus,
    ...extraGlobals,
  };
  // ImageCapture and mediaDevices are [SecureContext]: an insecure context gets neither
  // (https://w3c.github.io/mediacapture-image/#imagecapture).
  const secure = g.isSecureContext !== false;
  if (!secure) delete interfaces.ImageCapture;
  for (const [name, value] of Object.entries(interfaces)) if (define(g, name, value)) installed.push(name);
  let nav = g.navigator as Record<string, unknown> | undefined;
  if (!nav) {
    nav = {};
    define(g, 'navigator', nav);
    installed.push('navigator');
  }
  const navTarget = Object.isExtensible(nav) ? nav : undefined;
  if (navTarget && secure) {
    for (const [name, value] of [
      ['mediaDevices', runtime.mediaDevices],
      ['permissions', runtime.permissions],
    ] as const) {
      if (nav[name] === undefined) {
        Object.defineProperty(navTarget, name, { value, configurable: true, enumerable: true, writable: false });
        installed.push(`navigator.${name}`);
      }
    }
  }
  return installed;
}
