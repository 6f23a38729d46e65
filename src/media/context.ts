/**
 * The views of the runtime its objects hold. A Runtime is both; a track, its capture target and
 * applyConstraints see only what a camera track needs, and MediaDevices only what
 * getUserMedia and enumerateDevices need, so none of them depends on the Runtime class.
 */
import type { CameraBackend, RawStill } from '../backends/backend.js';
import type { StillEncoder } from '../encode/still.js';
import type { BehaviorRecord } from '../spec/behavior.js';
import type { AudioBackend } from './audio-backend.js';
import type { DeviceWatcher } from './hotplug.js';
import type { PermissionKey, PermissionState } from './permissions.js';

/**
 * What a camera track needs: the behaviour switch, the pan-tilt-zoom permission, the page's
 * visibility, and the encoder its photos go through.
 */
export interface TrackContext {
  /** The spec's behaviour or Chromium's, difference by difference. */
  readonly behaviorRecord: BehaviorRecord;
  /** Whether capabilities carry an empty pan/tilt/zoom entry when the permission is missing. */
  readonly emptyPtzHint: boolean;
  readonly permissionStore: { get(key: PermissionKey): PermissionState };
  visibilityState(): 'visible' | 'hidden';
  /** The platform's photo encoder, which ImageCapture hands this track's stills to. */
  readonly stillEncoder: StillEncoder<RawStill>;
}

/** What MediaDevices needs besides: the backends, the device watcher and permission requests. */
export interface DevicesContext extends TrackContext {
  readonly backends: CameraBackend[];
  readonly audioBackends: AudioBackend[];
  readonly deviceWatcher: DeviceWatcher;
  /** Whether an exact deviceId no backend lists may still open a source a backend accepts (a file, a URL). */
  readonly allowUnlistedSources: boolean;
  /** Granted, or rejects with NotAllowedError. */
  requestPermission(key: PermissionKey, what: string): Promise<void>;
  /** Whether the permission is (or, asked now, becomes) granted. */
  askPermission(key: PermissionKey): Promise<boolean>;
}
