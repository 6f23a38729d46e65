/** The virtual microphone (to be completed with audio tracks). */
import type { AudioBackend, AudioDeviceInfo } from './audio-backend.js';
import type { TrackImpl } from './track.js';
import { notFound } from '../spec/errors.js';

export class VirtualMicrophoneBackend implements AudioBackend {
  readonly name = 'virtual-microphone';
  async devices(): Promise<AudioDeviceInfo[]> {
    return [];
  }
  async open(): Promise<TrackImpl> {
    throw notFound('There is no microphone.');
  }
}
