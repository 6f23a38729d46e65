/**
 * Audio tracks over a microphone: the MicrophoneSource contract (the audio twin of CameraSource,
 * kept as small), the handle that keeps a source open while tracks use it, and the TrackImpl of
 * audio MediaStreamTracks (capabilities, settings, applyConstraints through audio-select.ts).
 */
import type { Clock } from '../backends/clock.js';
import { operationError } from '../spec/errors.js';
import { overconstrained } from '../spec/overconstrained.js';
import type { MediaTrackCapabilities, MediaTrackSettings, NormalizedConstraints } from '../spec/types.js';
import type { AudioDeviceInfo } from './audio-backend.js';
import { type AudioCapabilities, type AudioSettings, selectAudioSettings } from './audio-select.js';
import { forwardSourceEvents, type MediaStreamTrack, type TrackImpl, type TrackImplListener, type TrackState } from './track.js';

/** One chunk of samples: planar 32-bit float, channel after channel. */
export interface AudioChunk {
  readonly data: Float32Array;
  readonly sampleRate: number;
  readonly numberOfChannels: number;
  readonly numberOfFrames: number;
  /** Microseconds since the source opened. */
  readonly timestamp: number;
}

/** A microphone a backend opened. Dispatches 'ended', 'mute' and 'unmute' like a CameraSource. */
export interface MicrophoneSource extends EventTarget {
  readonly info: AudioDeviceInfo;
  readonly clock: Clock;
  readonly ended: boolean;
  readonly muted: boolean;
  /** A fresh object each call. */
  capabilities(): AudioCapabilities;
  /** A fresh object each call. */
  settings(): AudioSettings;
  /** Applies new values together (trusted, within capabilities); all or nothing. */
  configure(update: Partial<AudioSettings>): Promise<void>;
  /** The next chunk produced after the call (the caller owns its data). */
  nextChunk(signal: AbortSignal): Promise<AudioChunk>;
  /** Releases everything. Idempotent. */
  close(): void;
}

/** Keeps a microphone open while tracks use it. */
export class MicrophoneHandle {
  readonly source: MicrophoneSource;
  #refs = 0;

  constructor(source: MicrophoneSource) {
    this.source = source;
  }

  acquire(): void {
    this.#refs++;
  }

  release(): void {
    if (this.#refs <= 0) return;
    if (--this.#refs === 0) this.source.close();
  }
}

const ctx = "Failed to execute 'applyConstraints' on 'MediaStreamTrack'";

function copyRange(r: { min?: number; max?: number; step?: number }): { min?: number; max?: number; step?: number } {
  const out: { min?: number; max?: number; step?: number } = {};
  if (r.min !== undefined) out.min = r.min;
  if (r.max !== undefined) out.max = r.max;
  if (r.step !== undefined) out.step = r.step;
  return out;
}

/** gUM MediaTrackCapabilities of a microphone (fresh objects). */
export function audioTrackCapabilities(info: AudioDeviceInfo, caps: AudioCapabilities): MediaTrackCapabilities {
  return {
    sampleRate: copyRange(caps.sampleRate),
    sampleSize: copyRange(caps.sampleSize),
    channelCount: copyRange(caps.channelCount),
    latency: copyRange(caps.latency),
    echoCancellation: [...caps.echoCancellation],
    autoGainControl: [...caps.autoGainControl],
    noiseSuppression: [...caps.noiseSuppression],
    deviceId: info.deviceId,
    groupId: info.groupId,
  };
}

export class AudioTrackImpl implements TrackImpl {
  readonly kind = 'audio' as const;
  readonly #handle: MicrophoneHandle;
  #released = false;
  #lastSettings: MediaTrackSettings | undefined;
  #detach: (() => void) | undefined;
  #state: TrackState | undefined;

  constructor(handle: MicrophoneHandle) {
    this.#handle = handle;
    handle.acquire();
  }

  get source(): MicrophoneSource {
    return this.#handle.source;
  }

  /** The public track's state (enabled, ended signal), once bound. */
  get trackState(): TrackState | undefined {
    return this.#state;
  }

  get label(): string {
    return this.source.info.label;
  }

  get muted(): boolean {
    return this.source.muted;
  }

  capabilities(): MediaTrackCapabilities {
    if (this.#released) return {};
    return audioTrackCapabilities(this.source.info, this.source.capabilities());
  }

  settings(): MediaTrackSettings {
    if (this.#released) return this.#lastSettings ?? {};
    const { info } = this.source;
    return { deviceId: info.deviceId, groupId: info.groupId, ...this.source.settings() };
  }

  async apply(constraints: NormalizedConstraints): Promise<void> {
    const source = this.source;
    const result = selectAudioSettings(
      constraints,
      { deviceId: source.info.deviceId, groupId: source.info.groupId, capabilities: source.capabilities() },
      source.settings(),
    );
    if (!result.ok) throw overconstrained(result.constraint, `${ctx}: ${result.message}.`);
    try {
      await source.configure(result.settings);
    } catch (err) {
      throw operationError(`${ctx}: the microphone could not apply the settings (${(err as Error)?.message ?? String(err)}).`);
    }
  }

  clone(): TrackImpl {
    return new AudioTrackImpl(this.#handle);
  }

  attach(listener: TrackImplListener): void {
    this.#detach = forwardSourceEvents(this.source, listener);
  }

  release(): void {
    if (this.#released) return;
    this.#lastSettings = this.settings();
    this.#released = true;
    this.#detach?.();
    this.#handle.release();
  }

  bind(_track: MediaStreamTrack, state: TrackState): void {
    this.#state = state;
  }
}
