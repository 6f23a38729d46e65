/**
 * The 2013 draft's PhotoSettings dictionary and PhotoSettingsOptions description
 * (https://www.w3.org/TR/2013/WD-image-capture-20130709/),
 * and how they map onto today's constraints and photo settings.
 *
 * Mapping (where the draft is silent or ambiguous, the choice is written here):
 * - autoWhiteBalanceMode true/false → whiteBalanceMode "continuous"/"manual".
 * - whiteBalanceMode: the draft types it `unsigned long` and describes it with a
 *   MediaSettingsRange, so it is read as a colour temperature in kelvin → colorTemperature
 *   (and whiteBalanceMode "manual", unless autoWhiteBalanceMode: true is given with it).
 * - autoExposureMode → exposureMode "continuous" metered at pointsOfInterest:
 *   "frame-average" → no point (the whole frame), "center-weighted" and "spot-metering" → the
 *   centre (today's API has no weighting; a point is the closest it has).
 * - exposureCompensation: the draft's type is unsigned, but compensation is signed; the value is
 *   the number of steps above the camera's minimum (0 = the minimum, e.g. −3 EV).
 * - iso, brightness, contrast (also spelled `constrast`, as in the draft), saturation, sharpness →
 *   the constraints of the same names, as exact values. A camera chooses ISO itself while it
 *   exposes automatically, so an iso without autoExposureMode also switches exposure to manual,
 *   keeping the exposure time in effect.
 * - imageWidth, imageHeight, redEyeReduction → the PhotoSettings used by later takePhoto() calls.
 */
import { typeError } from '../spec/errors.js';
import * as webidl from '../spec/webidl.js';

export type ExposureMode = 'frame-average' | 'center-weighted' | 'spot-metering';
export const EXPOSURE_MODES: readonly ExposureMode[] = ['frame-average', 'center-weighted', 'spot-metering'];

/** The 2013 PhotoSettings dictionary. */
export interface LegacyPhotoSettings {
  autoWhiteBalanceMode?: boolean;
  whiteBalanceMode?: number;
  autoExposureMode?: ExposureMode;
  exposureCompensation?: number;
  iso?: number;
  redEyeReduction?: boolean;
  brightness?: number;
  constrast?: number;
  contrast?: number;
  saturation?: number;
  sharpness?: number;
  imageHeight?: number;
  imageWidth?: number;
}

const NUMERIC = [
  'whiteBalanceMode',
  'exposureCompensation',
  'iso',
  'brightness',
  'constrast',
  'contrast',
  'saturation',
  'sharpness',
  'imageHeight',
  'imageWidth',
] as const;

/** Thrown for a value the camera cannot take: reported as SETTINGS_ERROR, never thrown to script. */
export class UnsupportedSetting extends Error {}

/** WebIDL conversion of `PhotoSettings?` (2013). Wrong types are TypeErrors. */
export function convertLegacySettings(value: unknown, ctx: string): LegacyPhotoSettings {
  const dict = webidl.dictionary(value, `${ctx}: parameter 1`);
  const out: LegacyPhotoSettings = {};
  const read = webidl.members(dict, ['autoWhiteBalanceMode', 'autoExposureMode', 'redEyeReduction', ...NUMERIC]);
  if (read.autoWhiteBalanceMode !== undefined) out.autoWhiteBalanceMode = webidl.boolean(read.autoWhiteBalanceMode);
  if (read.redEyeReduction !== undefined) out.redEyeReduction = webidl.boolean(read.redEyeReduction);
  if (read.autoExposureMode !== undefined) {
    // `any` in the draft: any value converts; one that is not an ExposureMode is unsupported.
    const mode = read.autoExposureMode;
    if (typeof mode !== 'string' || !(EXPOSURE_MODES as readonly string[]).includes(mode)) {
      throw new UnsupportedSetting(
        `autoExposureMode ${webidl.describeValue(mode)} is not one of ${EXPOSURE_MODES.map((m) => `"${m}"`).join(', ')}.`,
      );
    }
    out.autoExposureMode = mode as ExposureMode;
  }
  for (const key of NUMERIC) {
    const v = read[key];
    if (v === undefined) continue;
    if (typeof v === 'symbol') throw typeError(`${ctx}: member ${key} is a symbol.`);
    out[key] = webidl.unsignedLong(v, `${ctx}: member ${key}`);
  }
  if (out.contrast === undefined && out.constrast !== undefined) out.contrast = out.constrast;
  delete out.constrast;
  return out;
}

/** MediaSettingsRange of 2013: max, min and `initial` (the current value). */
export class MediaSettingsRange {
  readonly #max: number;
  readonly #min: number;
  readonly #initial: number;

  constructor(...args: unknown[]) {
    if (!internal) throw typeError('MediaSettingsRange has no constructor.');
    const [min, max, initial] = args as number[];
    this.#min = min!;
    this.#max = max!;
    this.#initial = initial!;
  }

  get max(): number {
    return this.#max;
  }
  get min(): number {
    return this.#min;
  }
  get initial(): number {
    return this.#initial;
  }

  toJSON(): { max: number; min: number; initial: number } {
    return { max: this.#max, min: this.#min, initial: this.#initial };
  }

  get [Symbol.toStringTag](): string {
    return 'MediaSettingsRange';
  }
}

/** MediaSettingsItem of 2013: the current `value`. */
export class MediaSettingsItem {
  readonly #value: unknown;

  constructor(...args: unknown[]) {
    if (!internal) throw typeError('MediaSettingsItem has no constructor.');
    this.#value = args[0];
  }

  get value(): unknown {
    return this.#value;
  }

  toJSON(): { value: unknown } {
    return { value: this.#value };
  }

  get [Symbol.toStringTag](): string {
    return 'MediaSettingsItem';
  }
}

let internal = false;
function make<T>(f: () => T): T {
  internal = true;
  try {
    return f();
  } finally {
    internal = false;
  }
}

const u = (n: number): number => Math.max(0, Math.round(n));

function settingsRange(min: number, max: number, initial: number): MediaSettingsRange {
  return make(() => new MediaSettingsRange(u(min), u(max), u(initial)));
}

function settingsItem(value: unknown): MediaSettingsItem {
  return make(() => new MediaSettingsItem(value));
}

/** PhotoSettingsOptions: the camera's current photo settings and their ranges; null where it has none. */
export interface PhotoSettingsOptions {
  autoWhiteBalanceMode: MediaSettingsItem | null;
  whiteBalanceMode: MediaSettingsRange | null;
  autoExposureMode: ExposureMode | null;
  exposureCompensation: MediaSettingsRange | null;
  iso: MediaSettingsRange | null;
  redEyeReduction: MediaSettingsItem | null;
  brightness: MediaSettingsRange | null;
  constrast: MediaSettingsRange | null;
  contrast: MediaSettingsRange | null;
  saturation: MediaSettingsRange | null;
  sharpness: MediaSettingsRange | null;
  imageHeight: MediaSettingsRange | null;
  imageWidth: MediaSettingsRange | null;
}

interface RangeCap {
  min?: number;
  max?: number;
  step?: number;
}

/** Builds PhotoSettingsOptions from today's capabilities and settings. */
export function buildOptions(
  caps: Record<string, unknown>,
  settings: Record<string, unknown>,
  photoCaps: { imageWidth?: RangeCap; imageHeight?: RangeCap; redEyeReduction?: string } | undefined,
  photo: { imageWidth?: number; imageHeight?: number; redEyeReduction?: boolean },
  exposure: ExposureMode,
): PhotoSettingsOptions {
  const range = (name: string): MediaSettingsRange | null => {
    const c = caps[name] as RangeCap | undefined;
    const v = settings[name];
    if (!c || c.min === undefined || c.max === undefined || typeof v !== 'number') return null;
    return settingsRange(c.min, c.max, v);
  };
  const wb = caps.whiteBalanceMode as string[] | undefined;
  const ev = caps.exposureCompensation as RangeCap | undefined;
  const evSettings = settings.exposureCompensation;
  let exposureCompensation: MediaSettingsRange | null = null;
  if (ev && ev.min !== undefined && ev.max !== undefined && typeof evSettings === 'number') {
    const step = ev.step && ev.step > 0 ? ev.step : 1;
    exposureCompensation = settingsRange(0, (ev.max - ev.min) / step, (evSettings - ev.min) / step);
  }
  const contrast = range('contrast');
  const photoRange = (name: 'imageWidth' | 'imageHeight'): MediaSettingsRange | null => {
    const c = photoCaps?.[name];
    const v = photo[name];
    if (!c || c.min === undefined || c.max === undefined) return null;
    return settingsRange(c.min, c.max, v ?? c.max);
  };
  return {
    autoWhiteBalanceMode: wb && wb.length ? settingsItem(settings.whiteBalanceMode !== 'manual') : null,
    whiteBalanceMode: range('colorTemperature'),
    autoExposureMode: (caps.exposureMode as string[] | undefined)?.length ? exposure : null,
    exposureCompensation,
    iso: range('iso'),
    redEyeReduction: photoCaps?.redEyeReduction ? settingsItem(photo.redEyeReduction ?? photoCaps.redEyeReduction === 'always') : null,
    brightness: range('brightness'),
    constrast: contrast,
    contrast,
    saturation: range('saturation'),
    sharpness: range('sharpness'),
    imageHeight: photoRange('imageHeight'),
    imageWidth: photoRange('imageWidth'),
  };
}

/** Today's constraints for the track-side members of a 2013 PhotoSettings. */
export function toConstraintSet(
  s: LegacyPhotoSettings,
  caps: Record<string, unknown>,
  settings: Record<string, unknown>,
): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  // A member whose property the camera lacks cannot be honoured (some browsers would silently
  // ignore the constraint, so it is refused here, before anything changes).
  const need = (property: string, member: string): void => {
    if (!(property in caps)) throw new UnsupportedSetting(`this camera has no ${property}, so ${member} cannot be set.`);
  };
  if (s.autoWhiteBalanceMode !== undefined) need('whiteBalanceMode', 'autoWhiteBalanceMode');
  if (s.whiteBalanceMode !== undefined) need('colorTemperature', 'whiteBalanceMode');
  if (s.autoExposureMode !== undefined) need('exposureMode', 'autoExposureMode');
  for (const key of ['iso', 'brightness', 'contrast', 'saturation', 'sharpness'] as const) if (s[key] !== undefined) need(key, key);
  if (s.autoWhiteBalanceMode !== undefined) set.whiteBalanceMode = { exact: s.autoWhiteBalanceMode ? 'continuous' : 'manual' };
  if (s.whiteBalanceMode !== undefined) {
    set.colorTemperature = { exact: s.whiteBalanceMode };
    if (s.autoWhiteBalanceMode !== true) set.whiteBalanceMode = { exact: 'manual' };
  }
  if (s.autoExposureMode !== undefined) {
    set.exposureMode = { exact: 'continuous' };
    set.pointsOfInterest = s.autoExposureMode === 'frame-average' ? [] : [{ x: 0.5, y: 0.5 }];
  }
  if (s.exposureCompensation !== undefined) {
    const ev = caps.exposureCompensation as RangeCap | undefined;
    if (!ev || ev.min === undefined) throw new UnsupportedSetting('this camera has no exposure compensation.');
    const step = ev.step && ev.step > 0 ? ev.step : 1;
    set.exposureCompensation = { exact: ev.min + s.exposureCompensation * step };
  }
  if (s.iso !== undefined && s.autoExposureMode === undefined && (caps.exposureMode as string[] | undefined)?.includes('manual')) {
    set.exposureMode = { exact: 'manual' };
    if (typeof settings.exposureTime === 'number') set.exposureTime = { exact: settings.exposureTime };
  }
  for (const key of ['iso', 'brightness', 'contrast', 'saturation', 'sharpness'] as const) {
    if (s[key] !== undefined) set[key] = { exact: s[key] };
  }
  return set;
}
