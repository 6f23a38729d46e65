/**
 * The virtual microphone: what `getUserMedia({ audio: true })` opens in Node. One device,
 * "Virtual Microphone", producing a deterministic tone (audio-tone.ts) in chunks paced by a Clock,
 * so tests drive it with a ManualClock and code reading it through a MediaStreamTrackProcessor
 * gets AudioData as from a browser microphone.
 *
 * Capabilities: sampleRate 8000–96000 Hz (48000 by default), sampleSize 16 bits, channelCount 1–2
 * (1 by default), latency 0.01–0.1 s (one chunk; 0.01 by default), and the three processing
 * switches (all on by default, as browsers start them).
 */
import { type Clock, RealClock } from '../backends/clock.js';
import { invalidState } from '../spec/errors.js';
import { overconstrained } from '../spec/overconstrained.js';
import type { NormalizedConstraints } from '../spec/types.js';
import type { AudioBackend, AudioDeviceInfo } from './audio-backend.js';
import { type AudioCapabilities, type AudioSettings, selectAudioSettings } from './audio-select.js';
import { renderTone } from './audio-tone.js';
import { type AudioChunk, AudioTrackImpl, MicrophoneHandle, type MicrophoneSource } from './audio-track.js';
import type { TrackImpl } from './track.js';

const VIRTUAL_MICROPHONE: AudioDeviceInfo = Object.freeze({
  deviceId: 'virtual:microphone',
  groupId: 'virtual:microphone',
  label: 'Virtual Microphone',
});

const VIRTUAL_MICROPHONE_CAPABILITIES: AudioCapabilities = Object.freeze({
  sampleRate: { min: 8000, max: 96000 },
  sampleSize: { min: 16, max: 16 },
  channelCount: { min: 1, max: 2 },
  latency: { min: 0.01, max: 0.1 },
  echoCancellation: [true, false],
  autoGainControl: [true, false],
  noiseSuppression: [true, false],
});

const VIRTUAL_MICROPHONE_DEFAULTS: Readonly<AudioSettings> = Object.freeze({
  sampleRate: 48000,
  sampleSize: 16,
  channelCount: 1,
  latency: 0.01,
  echoCancellation: true,
  autoGainControl: true,
  noiseSuppression: true,
});

export interface VirtualMicrophoneOptions {
  /** Paces the chunks. Default: RealClock. */
  clock?: Clock;
  /** Tone frequency per channel, Hz. Default [440, 660]. */
  frequencies?: readonly number[];
  /** Seeds the noise. Default 1. */
  seed?: number;
}

const GUM = "Failed to execute 'getUserMedia' on 'MediaDevices'";

function copyCapabilities(c: AudioCapabilities): AudioCapabilities {
  return {
    sampleRate: { ...c.sampleRate },
    sampleSize: { ...c.sampleSize },
    channelCount: { ...c.channelCount },
    latency: { ...c.latency },
    echoCancellation: [...c.echoCancellation],
    autoGainControl: [...c.autoGainControl],
    noiseSuppression: [...c.noiseSuppression],
  };
}

/** An open virtual microphone. `setMuted()` and `unplug()` are test controls. */
class VirtualMicrophoneSource extends EventTarget implements MicrophoneSource {
  readonly info = VIRTUAL_MICROPHONE;
  readonly clock: Clock;
  readonly #frequencies: readonly number[];
  readonly #seed: number;
  #settings: AudioSettings;
  #ended = false;
  #muted = false;
  /** Clock time (ms) of the source opening, and of chunk 0 of the current pacing. */
  readonly #openedAt: number;
  #t0: number;
  /** Absolute sample index of chunk 0 of the current pacing (keeps the tone continuous). */
  #s0 = 0;
  readonly #closing = new AbortController();
  readonly #onClose: (() => void) | undefined;

  constructor(settings: AudioSettings, options: VirtualMicrophoneOptions & { onClose?: () => void } = {}) {
    super();
    this.#onClose = options.onClose;
    this.clock = options.clock ?? new RealClock();
    this.#frequencies = options.frequencies ?? [440, 660];
    this.#seed = options.seed ?? 1;
    this.#settings = { ...settings };
    this.#openedAt = this.#t0 = this.clock.now();
  }

  get ended(): boolean {
    return this.#ended;
  }

  get muted(): boolean {
    return this.#muted;
  }

  capabilities(): AudioCapabilities {
    return copyCapabilities(VIRTUAL_MICROPHONE_CAPABILITIES);
  }

  settings(): AudioSettings {
    return { ...this.#settings };
  }

  /** Frames in one chunk: the latency's worth of samples. */
  #chunkFrames(): number {
    return Math.max(1, Math.round(this.#settings.latency * this.#settings.sampleRate));
  }

  async configure(update: Partial<AudioSettings>): Promise<void> {
    if (this.#ended) throw invalidState('The microphone has been closed.');
    // Re-pace from now; the tone carries on from the sample it has reached.
    const now = this.clock.now();
    const old = this.#settings;
    const position = this.#s0 + ((now - this.#t0) / 1000) * old.sampleRate;
    this.#settings = { ...old, ...update };
    this.#s0 = Math.round((position / old.sampleRate) * this.#settings.sampleRate);
    this.#t0 = now;
  }

  async nextChunk(signal: AbortSignal): Promise<AudioChunk> {
    for (let guard = 0; guard < 1_000_000; guard++) {
      if (this.#ended) throw invalidState('The microphone has been closed.');
      const s = this.#settings;
      const frames = this.#chunkFrames();
      const duration = (frames / s.sampleRate) * 1000;
      const k = Math.floor((this.clock.now() - this.#t0) / duration) + 1;
      const due = this.#t0 + k * duration;
      await this.#sleep(due, signal);
      if (this.#settings !== s) continue; // reconfigured while waiting
      if (this.#muted) continue; // a muted microphone delivers nothing
      // Chunk k holds the samples of the k-th latency period after the pacing started.
      const data = new Float32Array(frames * s.channelCount);
      renderTone(data, this.#s0 + (k - 1) * frames, frames, s.channelCount, s.sampleRate, {
        frequencies: this.#frequencies,
        seed: this.#seed,
        noiseSuppression: s.noiseSuppression,
        autoGainControl: s.autoGainControl,
      });
      return {
        data,
        sampleRate: s.sampleRate,
        numberOfChannels: s.channelCount,
        numberOfFrames: frames,
        timestamp: Math.round((due - duration - this.#openedAt) * 1000),
      };
    }
    throw invalidState('The microphone produced no chunk.');
  }

  #sleep(time: number, signal: AbortSignal): Promise<void> {
    const both = new AbortController();
    const forward = (s: AbortSignal) => () => both.abort(s.reason);
    const onCaller = forward(signal);
    const onClose = forward(this.#closing.signal);
    if (signal.aborted) return Promise.reject(signal.reason);
    signal.addEventListener('abort', onCaller, { once: true });
    this.#closing.signal.addEventListener('abort', onClose, { once: true });
    return this.clock.sleepUntil(time, both.signal).finally(() => {
      signal.removeEventListener('abort', onCaller);
      this.#closing.signal.removeEventListener('abort', onClose);
    });
  }

  /** Test control: stop (true) or resume (false) delivering samples, with mute/unmute events. */
  setMuted(muted: boolean): void {
    if (this.#ended || muted === this.#muted) return;
    this.#muted = muted;
    this.dispatchEvent(new Event(muted ? 'mute' : 'unmute'));
  }

  /** Test control: the device goes away; its tracks end and fire 'ended'. */
  unplug(): void {
    if (this.#ended) return;
    this.dispatchEvent(new CustomEvent('ended', { detail: new Error('The microphone was unplugged.') }));
    this.close();
  }

  close(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#closing.abort(invalidState('The microphone has been closed.'));
    this.#onClose?.();
  }
}

/** The AudioBackend of the virtual microphone. */
export class VirtualMicrophoneBackend implements AudioBackend {
  readonly name = 'virtual-microphone';
  readonly #options: VirtualMicrophoneOptions;
  readonly #open = new Set<VirtualMicrophoneSource>();

  constructor(options: VirtualMicrophoneOptions = {}) {
    this.#options = options;
  }

  /** The microphones this backend has open now (oldest first), for tests that mute or unplug them. */
  get sources(): VirtualMicrophoneSource[] {
    return [...this.#open];
  }

  async devices(): Promise<AudioDeviceInfo[]> {
    return [{ ...VIRTUAL_MICROPHONE }];
  }

  /** What the microphone can do (for InputDeviceInfo.getCapabilities()); there is one device. */
  capabilities(_deviceId?: string): AudioCapabilities {
    return copyCapabilities(VIRTUAL_MICROPHONE_CAPABILITIES);
  }

  /** Opens the microphone with the settings `constraints` select (OverconstrainedError when none fit). */
  async open(constraints: NormalizedConstraints): Promise<TrackImpl> {
    const result = selectAudioSettings(
      constraints,
      { deviceId: VIRTUAL_MICROPHONE.deviceId, groupId: VIRTUAL_MICROPHONE.groupId, capabilities: VIRTUAL_MICROPHONE_CAPABILITIES },
      { ...VIRTUAL_MICROPHONE_DEFAULTS },
    );
    if (!result.ok) throw overconstrained(result.constraint, `${GUM}: ${result.message}.`);
    const source = new VirtualMicrophoneSource(result.settings, { ...this.#options, onClose: () => this.#open.delete(source) });
    this.#open.add(source);
    return new AudioTrackImpl(new MicrophoneHandle(source));
  }
}
