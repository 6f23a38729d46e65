/**
 * Helpers shared by the cases: the property names of https://w3c.github.io/mediacapture-image/#extensions, picking valid values from
 * capabilities, reading an encoded image's size, pixel statistics, events. Standard API only.
 */
import { type Assert, CaseSkipped } from './assert.js';
import type { BitmapLike, CaseEnv, Dict, ImageCaptureLike, Pixels, TrackLike } from './harness.js';

/** The 17 image-capture constrainable properties (https://w3c.github.io/mediacapture-image/#extensions), in the spec's order. */
export const IMAGE_CAPTURE_NAMES = [
  'whiteBalanceMode', 'exposureMode', 'focusMode', 'pointsOfInterest', 'exposureCompensation', 'exposureTime',
  'colorTemperature', 'iso', 'brightness', 'contrast', 'saturation', 'sharpness', 'focusDistance', 'pan', 'tilt',
  'zoom', 'torch',
] as const;

export const MODE_NAMES = ['whiteBalanceMode', 'exposureMode', 'focusMode'] as const;
export const RANGE_NAMES = [
  'exposureCompensation', 'exposureTime', 'colorTemperature', 'iso', 'brightness', 'contrast', 'saturation', 'sharpness',
  'focusDistance', 'pan', 'tilt', 'zoom',
] as const;
export const PTZ_NAMES = ['pan', 'tilt', 'zoom'] as const;
export const METERING_MODES = ['none', 'manual', 'single-shot', 'continuous'] as const;
export const FILL_LIGHT_MODES = ['auto', 'off', 'flash'] as const;
export const PTZ_DESCRIPTOR = { name: 'camera', panTiltZoom: true } as const;
export const CAMERA_DESCRIPTOR = { name: 'camera' } as const;

/**
 * https://w3c.github.io/mediacapture-image/#constrainable-properties: the mode in which a value takes effect
 * (and, in automatic modes, may be reported as the value the automatics chose).
 */
export const EFFECTIVE_IN: Readonly<Record<string, readonly [string, string]>> = {
  exposureTime: ['exposureMode', 'manual'],
  colorTemperature: ['whiteBalanceMode', 'manual'],
  focusDistance: ['focusMode', 'manual'],
};

/** `{[name]: value}`, plus the mode `name` needs to take effect when the camera has that mode. */
export function withEffectiveMode(caps: Dict, name: string, value: unknown): Dict {
  const mode = EFFECTIVE_IN[name];
  const out: Dict = { [name]: value };
  if (mode && ((caps[mode[0]] as string[] | undefined) ?? []).includes(mode[1])) out[mode[0]] = mode[1];
  return out;
}

/** Plain adjustable ranges the generic constraint cases use (any one will do). */
export const ADJUSTABLE = ['brightness', 'contrast', 'saturation', 'sharpness', 'iso', 'exposureCompensation'] as const;
/** A `needs` entry: the camera declares at least one ADJUSTABLE property. */
export const NEEDS_ADJUSTABLE = ADJUSTABLE.map((n) => `prop:${n}`).join('|');

export function isPtz(name: string): boolean {
  return (PTZ_NAMES as readonly string[]).includes(name);
}

/** Grants the pan-tilt-zoom permission when the env can set it (before getUserMedia). */
export async function grantPtz(env: CaseEnv): Promise<void> {
  await env.setPermission?.(PTZ_DESCRIPTOR, 'granted');
}

/** A live default-camera track (PTZ granted where the env can) and an ImageCapture over it. */
export async function openCapture(env: CaseEnv): Promise<{ track: TrackLike; capture: ImageCaptureLike }> {
  await grantPtz(env);
  const track = await env.openVideo();
  return { track, capture: new env.ImageCapture(track) };
}

/** The capability range of `name`, failing clearly when the camera does not report one. */
export function rangeOf(assert: Assert, caps: Dict, name: string): { min: number; max: number; step: number } {
  const r = caps[name] as Dict | undefined;
  if (!r || typeof r.min !== 'number' || typeof r.max !== 'number') {
    assert.fail(`getCapabilities().${name} should be a range {min, max, step}, got ${JSON.stringify(r)}`);
  }
  return { min: r.min, max: r.max, step: typeof r.step === 'number' ? r.step : 0 };
}

/** A value on the range's grid about `fraction` of the way from min to max. */
export function gridValue(range: { min: number; max: number; step: number }, fraction: number): number {
  const raw = range.min + (range.max - range.min) * fraction;
  if (!(range.step > 0)) return raw;
  const k = Math.round((raw - range.min) / range.step);
  const v = range.min + k * range.step;
  return Math.min(range.max, Math.max(range.min, Number(v.toPrecision(12))));
}

/** A valid value different from `current` (a third of the way, or two thirds if that is current). */
export function differentValue(range: { min: number; max: number; step: number }, current: unknown): number {
  const a = gridValue(range, 1 / 3);
  if (typeof current !== 'number' || Math.abs(a - current) > (range.step || 1e-9) / 2) return a;
  return gridValue(range, 2 / 3);
}

/** The tolerance for reading back a value of a range: half a step (or a tiny epsilon). */
export function tolerance(range: { step: number }): number {
  return range.step > 0 ? range.step / 2 : 1e-6;
}

/** Whether the promise settles within `turns` microtask turns (i.e. without any device work). */
export async function settlesWithinMicrotasks(promise: Promise<unknown>, turns = 3): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; i < turns && !settled; i++) await Promise.resolve();
  return settled;
}

/** Resolves with the next event of `type` on `target`. */
export function nextEvent(target: EventTarget, type: string): Promise<Event> {
  return new Promise((resolve) => target.addEventListener(type, resolve, { once: true }));
}

/** Width, height and format of an encoded JPEG, PNG or WebP image; undefined for others. */
export async function imageSize(blob: Blob): Promise<{ width: number; height: number; format: string } | undefined> {
  const b = new Uint8Array(await blob.arrayBuffer());
  const u16be = (i: number): number => (b[i]! << 8) | b[i + 1]!;
  const u32be = (i: number): number => ((b[i]! << 24) >>> 0) + (b[i + 1]! << 16) + (b[i + 2]! << 8) + b[i + 3]!;
  if (b.length > 24 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) {
    return { width: u32be(16), height: u32be(20), format: 'png' };
  }
  if (b.length > 4 && b[0] === 0xff && b[1] === 0xd8) {
    let i = 2;
    for (let guard = 0; guard < 10_000 && i + 9 < b.length; guard++) {
      if (b[i] !== 0xff) return undefined;
      const marker = b[i + 1]!;
      if (marker === 0xff) {
        i++;
        continue;
      }
      const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (isSof) return { width: u16be(i + 7), height: u16be(i + 5), format: 'jpeg' };
      if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
        i += 2;
        continue;
      }
      i += 2 + u16be(i + 2);
    }
    return undefined;
  }
  const ascii = (i: number, n: number): string => String.fromCharCode(...b.subarray(i, i + n));
  if (b.length > 30 && ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') {
    const chunk = ascii(12, 4);
    if (chunk === 'VP8X') {
      const w = 1 + (b[24]! | (b[25]! << 8) | (b[26]! << 16));
      const h = 1 + (b[27]! | (b[28]! << 8) | (b[29]! << 16));
      return { width: w, height: h, format: 'webp' };
    }
    if (chunk === 'VP8 ') return { width: (b[26]! | (b[27]! << 8)) & 0x3fff, height: (b[28]! | (b[29]! << 8)) & 0x3fff, format: 'webp' };
    if (chunk === 'VP8L') {
      const bits = b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24);
      return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, format: 'webp' };
    }
  }
  return undefined;
}

/** imageSize(), skipping the case when the env's photos are in a format this suite cannot read. */
export async function photoSize(blob: Blob): Promise<{ width: number; height: number; format: string }> {
  const size = await imageSize(blob);
  if (!size) throw new CaseSkipped(`cannot read the dimensions of a ${JSON.stringify(blob.type)} photo`);
  return size;
}

/** Mean of R, G, B and Rec. 601 luma over the whole frame. */
export function channelMeans(px: Pixels): { r: number; g: number; b: number; luma: number } {
  let r = 0;
  let g = 0;
  let bl = 0;
  const n = px.width * px.height;
  for (let i = 0; i < n * 4; i += 4) {
    r += px.data[i]!;
    g += px.data[i + 1]!;
    bl += px.data[i + 2]!;
  }
  r /= n;
  g /= n;
  bl /= n;
  return { r, g, b: bl, luma: 0.299 * r + 0.587 * g + 0.114 * bl };
}

/** Grabs one frame (driving time), reads its pixels and closes it. */
export async function grabPixels(env: CaseEnv, capture: ImageCaptureLike): Promise<Pixels> {
  const bitmap: BitmapLike = await env.settle(capture.grabFrame());
  try {
    return await env.readPixels!(bitmap);
  } finally {
    bitmap.close();
  }
}

/** Whether `value` is a plain dictionary (what WebIDL dictionaries convert to). */
export function isPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || Object.prototype.toString.call(value) === '[object Object]';
}

/** A deep copy of a JSON-shaped dictionary. */
export function snapshot<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
