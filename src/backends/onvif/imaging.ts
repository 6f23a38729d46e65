/**
 * The ONVIF imaging service as spec properties: brightness, contrast, saturation and sharpness in
 * the camera's own ranges; exposure, focus and white-balance modes (ONVIF AUTO is the spec's
 * "continuous", MANUAL is "manual"); exposureTime converted from ONVIF's microseconds to the
 * spec's 100 µs units (https://w3c.github.io/mediacapture-image/#exposuretime).
 * Values are read back from the camera (GetImagingSettings) after each change.
 */
import type { MediaSettingsRange, MeteringMode } from '../../spec/types.js';
import { escapeToken, type OnvifCamera, readRange, type Range } from './camera.js';
import { NS } from './soap.js';
import { child, children, num, path, type XmlElement } from './xml.js';

/** The imaging properties this backend drives. */
export const IMAGING_PROPERTIES = [
  'brightness',
  'contrast',
  'saturation',
  'sharpness',
  'exposureMode',
  'exposureTime',
  'focusMode',
  'whiteBalanceMode',
] as const;
export type ImagingProperty = (typeof IMAGING_PROPERTIES)[number];

export interface ImagingOptions {
  brightness?: Range;
  contrast?: Range;
  saturation?: Range;
  sharpness?: Range;
  exposureModes?: MeteringMode[];
  /** Microseconds. */
  exposureTime?: Range;
  focusModes?: MeteringMode[];
  whiteBalanceModes?: MeteringMode[];
}

export interface ImagingValues {
  brightness?: number;
  contrast?: number;
  saturation?: number;
  sharpness?: number;
  exposureMode?: MeteringMode;
  /** Spec units (100 µs). */
  exposureTime?: number;
  focusMode?: MeteringMode;
  whiteBalanceMode?: MeteringMode;
}

const toSpecMode = (m: string | undefined): MeteringMode | undefined =>
  m?.toUpperCase() === 'AUTO' ? 'continuous' : m?.toUpperCase() === 'MANUAL' ? 'manual' : undefined;
const toOnvifMode = (m: MeteringMode): string => (m === 'manual' ? 'MANUAL' : 'AUTO');

function modes(elements: XmlElement[]): MeteringMode[] | undefined {
  const out = [...new Set(elements.map((e) => toSpecMode(e.text)).filter((m): m is MeteringMode => m !== undefined))];
  return out.length > 0 ? out : undefined;
}

/** Reads a GetOptionsResponse. */
export function readImagingOptions(answer: XmlElement): ImagingOptions {
  const o = child(answer, 'ImagingOptions');
  const exposure = child(o, 'Exposure');
  const out: ImagingOptions = {};
  const set = <K extends keyof ImagingOptions>(key: K, value: ImagingOptions[K] | undefined): void => {
    if (value !== undefined) out[key] = value;
  };
  set('brightness', readRange(child(o, 'Brightness')));
  set('contrast', readRange(child(o, 'Contrast')));
  set('saturation', readRange(child(o, 'ColorSaturation')));
  set('sharpness', readRange(child(o, 'Sharpness')));
  set('exposureModes', modes(children(exposure, 'Mode')));
  const time = readRange(child(exposure, 'ExposureTime'));
  const lo = readRange(child(exposure, 'MinExposureTime'));
  const hi = readRange(child(exposure, 'MaxExposureTime'));
  set('exposureTime', time ?? (lo && hi ? { min: lo.min, max: hi.max } : undefined));
  set('focusModes', modes(children(child(o, 'Focus'), 'AutoFocusModes')));
  set('whiteBalanceModes', modes(children(child(o, 'WhiteBalance'), 'Mode')));
  return out;
}

/** Reads a GetImagingSettingsResponse into spec units. */
export function readImagingSettings(answer: XmlElement): ImagingValues {
  const s = child(answer, 'ImagingSettings');
  const out: ImagingValues = {};
  const set = <K extends keyof ImagingValues>(key: K, value: ImagingValues[K] | undefined): void => {
    if (value !== undefined) out[key] = value;
  };
  set('brightness', num(child(s, 'Brightness')));
  set('contrast', num(child(s, 'Contrast')));
  set('saturation', num(child(s, 'ColorSaturation')));
  set('sharpness', num(child(s, 'Sharpness')));
  set('exposureMode', toSpecMode(path(s, 'Exposure', 'Mode')?.text));
  const time = num(path(s, 'Exposure', 'ExposureTime'));
  set('exposureTime', time === undefined ? undefined : time / 100);
  set('focusMode', toSpecMode(path(s, 'Focus', 'AutoFocusMode')?.text));
  set('whiteBalanceMode', toSpecMode(path(s, 'WhiteBalance', 'Mode')?.text));
  return out;
}

function stepFor(range: Range): number {
  const whole = Number.isInteger(range.min) && Number.isInteger(range.max) && range.max - range.min >= 10;
  return whole ? 1 : (range.max - range.min) / 100;
}

/** Spec capabilities for what the camera offers. */
export function imagingCapabilities(o: ImagingOptions): Partial<
  Record<'brightness' | 'contrast' | 'saturation' | 'sharpness' | 'exposureTime', MediaSettingsRange>
> &
  Partial<Record<'exposureMode' | 'focusMode' | 'whiteBalanceMode', MeteringMode[]>> {
  const out: ReturnType<typeof imagingCapabilities> = {};
  for (const key of ['brightness', 'contrast', 'saturation', 'sharpness'] as const) {
    const r = o[key];
    if (r) out[key] = { min: r.min, max: r.max, step: stepFor(r) };
  }
  if (o.exposureTime) out.exposureTime = { min: o.exposureTime.min / 100, max: o.exposureTime.max / 100, step: 0.01 };
  if (o.exposureModes) out.exposureMode = o.exposureModes;
  if (o.focusModes) out.focusMode = o.focusModes;
  if (o.whiteBalanceModes) out.whiteBalanceMode = o.whiteBalanceModes;
  return out;
}

const n = (v: number): string => String(Number(v.toFixed(4)));

/** The ImagingSettings20 body for an update, in the schema's element order. */
export function imagingSettingsXml(update: ImagingValues, current: ImagingValues): string {
  const parts: string[] = [];
  if (update.brightness !== undefined) parts.push(`<Brightness>${n(update.brightness)}</Brightness>`);
  if (update.saturation !== undefined) parts.push(`<ColorSaturation>${n(update.saturation)}</ColorSaturation>`);
  if (update.contrast !== undefined) parts.push(`<Contrast>${n(update.contrast)}</Contrast>`);
  if (update.exposureMode !== undefined || update.exposureTime !== undefined) {
    const mode = update.exposureMode ?? current.exposureMode ?? 'continuous';
    const time = update.exposureTime !== undefined ? `<ExposureTime>${n(update.exposureTime * 100)}</ExposureTime>` : '';
    parts.push(`<Exposure><Mode>${toOnvifMode(mode)}</Mode>${time}</Exposure>`);
  }
  if (update.focusMode !== undefined) parts.push(`<Focus><AutoFocusMode>${toOnvifMode(update.focusMode)}</AutoFocusMode></Focus>`);
  if (update.sharpness !== undefined) parts.push(`<Sharpness>${n(update.sharpness)}</Sharpness>`);
  if (update.whiteBalanceMode !== undefined) {
    parts.push(`<WhiteBalance><Mode>${toOnvifMode(update.whiteBalanceMode)}</Mode></WhiteBalance>`);
  }
  return parts.join('');
}

export class ImagingService {
  readonly options: ImagingOptions;
  readonly #camera: OnvifCamera;
  readonly #url: URL;
  readonly #source: string;

  private constructor(camera: OnvifCamera, url: URL, source: string, options: ImagingOptions) {
    this.#camera = camera;
    this.#url = url;
    this.#source = source;
    this.options = options;
  }

  static async open(camera: OnvifCamera): Promise<ImagingService | undefined> {
    const url = camera.services.imaging;
    const source = camera.profile.videoSourceToken;
    if (!url || !source) return undefined;
    const answer = await camera.call(
      url,
      `${NS.timg}/GetOptions`,
      `<GetOptions xmlns="${NS.timg}"><VideoSourceToken>${escapeToken(source)}</VideoSourceToken></GetOptions>`,
    );
    return new ImagingService(camera, url, source, readImagingOptions(answer));
  }

  async settings(signal?: AbortSignal): Promise<ImagingValues> {
    const answer = await this.#camera.call(
      this.#url,
      `${NS.timg}/GetImagingSettings`,
      `<GetImagingSettings xmlns="${NS.timg}"><VideoSourceToken>${escapeToken(this.#source)}</VideoSourceToken></GetImagingSettings>`,
      signal,
    );
    return readImagingSettings(answer);
  }

  async set(update: ImagingValues, current: ImagingValues, signal?: AbortSignal): Promise<void> {
    const body = imagingSettingsXml(update, current);
    if (!body) return;
    await this.#camera.call(
      this.#url,
      `${NS.timg}/SetImagingSettings`,
      `<SetImagingSettings xmlns="${NS.timg}"><VideoSourceToken>${escapeToken(this.#source)}</VideoSourceToken><ImagingSettings xmlns:tt="${NS.tt}">${body.replace(/<(\/?)(?=[A-Z])/g, '<$1tt:')}</ImagingSettings><ForcePersistence>false</ForcePersistence></SetImagingSettings>`,
      signal,
    );
  }
}
