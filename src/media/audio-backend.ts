/**
 * The contract for microphones, kept as small as the camera one: list devices, open one as a
 * TrackImpl. The virtual microphone implements it.
 */
import type { NormalizedConstraints } from '../spec/types.js';
import type { AudioCapabilities } from './audio-select.js';
import type { TrackImpl } from './track.js';

export interface AudioDeviceInfo {
  readonly deviceId: string;
  readonly groupId: string;
  readonly label: string;
}

export interface AudioBackend {
  readonly name: string;
  devices(): Promise<AudioDeviceInfo[]>;
  /** What a listed microphone can do (for InputDeviceInfo.getCapabilities()). */
  capabilities?(deviceId: string): AudioCapabilities;
  /**
   * Opens a microphone satisfying `constraints` (already converted), or rejects with
   * OverconstrainedError / NotFoundError / NotReadableError.
   */
  open(constraints: NormalizedConstraints): Promise<TrackImpl>;
}
