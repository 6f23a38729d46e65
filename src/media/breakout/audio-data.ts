/**
 * AudioData (https://w3c.github.io/webcodecs/#audiodata-interface): uncompressed audio in one of the eight AudioSampleFormats, what a
 * MediaStreamTrackProcessor yields for an audio track. Construction from a buffer, the
 * attributes, allocationSize() and copyTo() (planes, frame ranges and format conversion between
 * all formats), clone(), close(). Clones share the samples.
 */
import { domException, invalidState, rangeError, typeError } from '../../spec/errors.js';
import * as webidl from '../../spec/webidl.js';
import { bufferSourceBytes } from './frame-layout.js';

export type AudioSampleFormat = 'u8' | 's16' | 's32' | 'f32' | 'u8-planar' | 's16-planar' | 's32-planar' | 'f32-planar';
const FORMATS: readonly AudioSampleFormat[] = ['u8', 's16', 's32', 'f32', 'u8-planar', 's16-planar', 's32-planar', 'f32-planar'];

const BYTES: Record<string, number> = { u8: 1, s16: 2, s32: 4, f32: 4 };
const base = (f: AudioSampleFormat): 'u8' | 's16' | 's32' | 'f32' => f.replace('-planar', '') as 'u8' | 's16' | 's32' | 'f32';
const planar = (f: AudioSampleFormat): boolean => f.endsWith('-planar');
const bytesPerSample = (f: AudioSampleFormat): number => BYTES[base(f)]!;

interface AudioSlots {
  /** The samples, shared with clones (never written after construction); null once closed. */
  resource: { readonly bytes: Uint8Array } | null;
  format: AudioSampleFormat | null;
  sampleRate: number;
  numberOfFrames: number;
  numberOfChannels: number;
  timestamp: number;
}

export interface AudioDataCopyToOptions {
  planeIndex: number;
  frameOffset?: number;
  frameCount?: number;
  format?: AudioSampleFormat;
}

const CTX = "Failed to construct 'AudioData'";
const ulong = (v: unknown, ctx: string): number => webidl.unsignedLong(v, ctx, { enforceRange: true });
let pending: AudioSlots | undefined;

/** https://w3c.github.io/webcodecs/#dictdef-audiodatainit */
const AUDIO_DATA_INIT = webidl.dictionaryConverter('AudioDataInit', [
  { key: 'data', required: true, converter: bufferSourceBytes },
  { key: 'format', required: true, converter: (v, ctx) => webidl.enumeration(v, FORMATS, ctx, 'AudioSampleFormat') },
  { key: 'numberOfChannels', required: true, converter: ulong },
  { key: 'numberOfFrames', required: true, converter: ulong },
  { key: 'sampleRate', required: true, converter: (v, ctx) => Math.fround(webidl.double(v, ctx)) },
  { key: 'timestamp', required: true, converter: (v, ctx) => webidl.longLong(v, ctx, { enforceRange: true }) },
  {
    key: 'transfer',
    defaultValue: [] as ArrayBuffer[],
    converter: (v, ctx) =>
      webidl.sequence(v, ctx, (item, c) => {
        if (!(item instanceof ArrayBuffer)) throw typeError(`${c} is not an ArrayBuffer.`);
        return item;
      }),
  },
]);

/** https://w3c.github.io/webcodecs/#dictdef-audiodatacopytooptions */
const COPY_TO_OPTIONS = webidl.dictionaryConverter('AudioDataCopyToOptions', [
  { key: 'format', converter: (v, ctx) => webidl.enumeration(v, FORMATS, ctx, 'AudioSampleFormat') },
  { key: 'frameCount', converter: ulong },
  { key: 'frameOffset', converter: ulong, defaultValue: 0 },
  { key: 'planeIndex', required: true, converter: ulong },
]);

/** Whether `value` is an AudioData made by this package (open or closed). */
export let isAudioData: (value: unknown) => value is AudioData;

export class AudioData {
  readonly #s: AudioSlots;

  /** https://w3c.github.io/webcodecs/#dom-audiodata-audiodata */
  constructor(init?: unknown) {
    if (pending !== undefined) {
      this.#s = pending;
      pending = undefined;
      return;
    }
    if (arguments.length < 1) throw typeError(`${CTX}: 1 argument required, but only 0 present.`);
    const ctx = `${CTX}: parameter 1`;
    const { data, format, numberOfChannels, numberOfFrames, sampleRate, timestamp, transfer } = AUDIO_DATA_INIT(init, ctx);
    // "valid AudioDataInit"
    if (sampleRate <= 0) throw typeError(`${ctx}: sampleRate ${sampleRate} must be greater than 0.`);
    if (numberOfFrames === 0) throw typeError(`${ctx}: numberOfFrames must be greater than 0.`);
    if (numberOfChannels === 0) throw typeError(`${ctx}: numberOfChannels must be greater than 0.`);
    const size = numberOfFrames * numberOfChannels * bytesPerSample(format);
    if (data.byteLength < size) throw typeError(`${ctx}: data holds ${data.byteLength} bytes; ${size} are needed.`);
    if (new Set(transfer).size !== transfer.length) {
      throw domException('DataCloneError', `${ctx}: transfer lists the same ArrayBuffer twice.`);
    }
    const bytes = data.slice(0, size);
    for (const buffer of transfer) structuredClone(buffer, { transfer: [buffer] });
    this.#s = { resource: { bytes }, format, sampleRate, numberOfFrames, numberOfChannels, timestamp };
  }

  static {
    isAudioData = (value): value is AudioData => typeof value === 'object' && value !== null && #s in value;
  }

  get format(): AudioSampleFormat | null {
    return AudioData.#slots(this, 'format').format;
  }
  get sampleRate(): number {
    return AudioData.#slots(this, 'sampleRate').sampleRate;
  }
  get numberOfFrames(): number {
    return AudioData.#slots(this, 'numberOfFrames').numberOfFrames;
  }
  get numberOfChannels(): number {
    return AudioData.#slots(this, 'numberOfChannels').numberOfChannels;
  }
  /** Microseconds. */
  get duration(): number {
    const s = AudioData.#slots(this, 'duration');
    return s.sampleRate === 0 ? 0 : Math.trunc((s.numberOfFrames / s.sampleRate) * 1e6);
  }
  /** Microseconds. */
  get timestamp(): number {
    return AudioData.#slots(this, 'timestamp').timestamp;
  }

  /** https://w3c.github.io/webcodecs/#dom-audiodata-allocationsize */
  allocationSize(options: unknown): number {
    const ctx = webidl.methodContext('AudioData', 'allocationSize');
    const s = AudioData.#slots(this, 'allocationSize');
    const opts = convertCopyOptions(options, `${ctx}: parameter 1`);
    if (s.resource === null) throw invalidState(`${ctx}: the AudioData is closed.`);
    const { count, format } = copyElementCount(s, opts, ctx);
    return count * bytesPerSample(format);
  }

  /** https://w3c.github.io/webcodecs/#dom-audiodata-copyto */
  copyTo(destination: unknown, options: unknown): void {
    const ctx = webidl.methodContext('AudioData', 'copyTo');
    const s = AudioData.#slots(this, 'copyTo');
    if (arguments.length < 2) throw typeError(`${ctx}: 2 arguments required, but only ${arguments.length} present.`);
    const dest = bufferSourceBytes(destination, `${ctx}: parameter 1`);
    const opts = convertCopyOptions(options, `${ctx}: parameter 2`);
    if (s.resource === null) throw invalidState(`${ctx}: the AudioData is closed.`);
    const { count, format } = copyElementCount(s, opts, ctx);
    const need = count * bytesPerSample(format);
    if (dest.byteLength < need) throw rangeError(`${ctx}: the destination holds ${dest.byteLength} bytes; ${need} are needed.`);
    copySamples(s, opts, format, count, dest);
  }

  clone(): AudioData {
    const s = AudioData.#slots(this, 'clone');
    if (s.resource === null) throw invalidState("Failed to execute 'clone' on 'AudioData': the AudioData is closed.");
    pending = { ...s };
    return new AudioData();
  }

  close(): void {
    const s = AudioData.#slots(this, 'close');
    s.resource = null;
    s.format = null;
    s.sampleRate = s.numberOfFrames = s.numberOfChannels = 0;
  }

  static #slots(value: unknown, member: string): AudioSlots {
    return webidl.requireBrand(value, BRAND, member).#s;
  }
}

const BRAND: webidl.Brand<AudioData> = { name: 'AudioData', has: (value) => isAudioData(value) };

/** For this package's own modules: an AudioData over planar float samples (taken over, not copied). */
export function audioDataFromPlanarFloat(
  samples: Float32Array,
  sampleRate: number,
  numberOfChannels: number,
  timestamp: number,
): AudioData {
  pending = {
    resource: { bytes: new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength) },
    format: 'f32-planar',
    sampleRate,
    numberOfFrames: samples.length / numberOfChannels,
    numberOfChannels,
    timestamp,
  };
  return new AudioData();
}

function convertCopyOptions(value: unknown, ctx: string): AudioDataCopyToOptions {
  return COPY_TO_OPTIONS(value, ctx);
}

/** https://w3c.github.io/webcodecs/#compute-copy-element-count */
function copyElementCount(s: AudioSlots, opts: AudioDataCopyToOptions, ctx: string): { count: number; format: AudioSampleFormat } {
  const format = opts.format ?? s.format!;
  if (!planar(format) && opts.planeIndex > 0) {
    throw rangeError(`${ctx}: planeIndex ${opts.planeIndex} is out of range; ${format} has one plane.`);
  }
  if (planar(format) && opts.planeIndex >= s.numberOfChannels) {
    throw rangeError(`${ctx}: planeIndex ${opts.planeIndex} is out of range; there are ${s.numberOfChannels} channel(s).`);
  }
  const offset = opts.frameOffset ?? 0;
  if (offset >= s.numberOfFrames) throw rangeError(`${ctx}: frameOffset ${offset} is not below numberOfFrames ${s.numberOfFrames}.`);
  let frames = s.numberOfFrames - offset;
  if (opts.frameCount !== undefined) {
    if (opts.frameCount > frames) {
      throw rangeError(`${ctx}: frameCount ${opts.frameCount} is more than the ${frames} frames from frameOffset.`);
    }
    frames = opts.frameCount;
  }
  return { count: planar(format) ? frames : frames * s.numberOfChannels, format };
}

/** Reads sample `i` of a view in `format` as a float in [-1, 1]. */
function reader(bytes: Uint8Array, format: AudioSampleFormat): (i: number) => number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (base(format)) {
    case 'u8':
      return (i) => (bytes[i]! - 128) / 128;
    case 's16':
      return (i) => view.getInt16(i * 2, true) / 32768;
    case 's32':
      return (i) => view.getInt32(i * 4, true) / 2147483648;
    case 'f32':
      return (i) => view.getFloat32(i * 4, true);
  }
}

/** Writes a float sample (clamped) at element `i` of a view in `format`. */
function writer(bytes: Uint8Array, format: AudioSampleFormat): (i: number, x: number) => void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const clamp = (x: number): number => (x > 1 ? 1 : x < -1 ? -1 : x);
  switch (base(format)) {
    case 'u8':
      return (i, x) => void (bytes[i] = Math.min(255, Math.round(clamp(x) * 128 + 128)));
    case 's16':
      return (i, x) => view.setInt16(i * 2, Math.min(32767, Math.round(clamp(x) * 32768)), true);
    case 's32':
      return (i, x) => view.setInt32(i * 4, Math.min(2147483647, Math.round(clamp(x) * 2147483648)), true);
    case 'f32':
      return (i, x) => view.setFloat32(i * 4, x, true);
  }
}

/** Copies (converting where the formats differ) the asked samples into `dest`. */
function copySamples(s: AudioSlots, opts: AudioDataCopyToOptions, format: AudioSampleFormat, count: number, dest: Uint8Array): void {
  const src = s.resource!.bytes;
  const from = s.format!;
  const channels = s.numberOfChannels;
  const frames = s.numberOfFrames;
  const offset = opts.frameOffset ?? 0;
  // Element index in the source of (frame, channel).
  const at = planar(from) ? (f: number, c: number) => c * frames + f : (f: number, c: number) => f * channels + c;
  if (from === format && planar(from)) {
    const b = bytesPerSample(from);
    const start = at(offset, opts.planeIndex) * b;
    dest.set(src.subarray(start, start + count * b));
    return;
  }
  if (from === format) {
    const b = bytesPerSample(from);
    const start = offset * channels * b;
    dest.set(src.subarray(start, start + count * b));
    return;
  }
  // Every format converts to every other (WebCodecs requires only f32-planar).
  const read = reader(src, from);
  const write = writer(dest, format);
  if (planar(format)) {
    for (let i = 0; i < count; i++) write(i, read(at(offset + i, opts.planeIndex)));
  } else {
    const n = count / channels;
    for (let f = 0; f < n; f++) for (let c = 0; c < channels; c++) write(f * channels + c, read(at(offset + f, c)));
  }
}

// https://w3c.github.io/webcodecs/#audiodata-interface
webidl.defineInterface(AudioData, 'AudioData', {
  length: 1,
  attributes: ['format', 'sampleRate', 'numberOfFrames', 'numberOfChannels', 'duration', 'timestamp'],
  operations: { allocationSize: 1, copyTo: 2, clone: 0, close: 0 },
});
