/**
 * Which V4L2 controls stand for which image-capture properties, and how their values convert.
 * Current kernel names come first, the names older kernels (before 5.19) print second.
 *
 * | property | V4L2 control | spec value |
 * |---|---|---|
 * | zoom | zoom_absolute | raw ÷ min when min > 0 (a ratio: 100–500 → 1–5), else raw |
 * | pan, tilt | pan_absolute, tilt_absolute | arc-seconds (the same unit) |
 * | focusMode | focus_automatic_continuous (focus_auto) | 1 continuous, 0 manual; single-shot: 1, then 0 |
 * | focusDistance | focus_absolute | the driver's units (UVC leaves them undefined), not metres |
 * | exposureMode | auto_exposure (exposure_auto) | menu: 1 manual; 3 aperture priority (else 0 auto) continuous |
 * | exposureTime | exposure_time_absolute (exposure_absolute) | 100 µs (the same unit) |
 * | whiteBalanceMode | white_balance_automatic (white_balance_temperature_auto) | 1 continuous, 0 manual |
 * | colorTemperature | white_balance_temperature | kelvin |
 * | brightness, contrast, saturation, sharpness | the controls of the same names | raw |
 */
import type { MediaSettingsRange, MeteringMode } from '../../spec/types.js';
import type { SourceCapabilities, SourceSettings } from '../backend.js';
import type { V4l2Control } from './ctl-output.js';

export type RangeProperty =
  | 'zoom' | 'pan' | 'tilt' | 'focusDistance' | 'exposureTime' | 'colorTemperature'
  | 'brightness' | 'contrast' | 'saturation' | 'sharpness';
export type ModeProperty = 'focusMode' | 'exposureMode' | 'whiteBalanceMode';
export type HardwareProperty = RangeProperty | ModeProperty;

/** Control names per property, current name first. */
const CONTROL_NAMES: Readonly<Record<HardwareProperty, readonly string[]>> = {
  zoom: ['zoom_absolute'],
  pan: ['pan_absolute'],
  tilt: ['tilt_absolute'],
  focusMode: ['focus_automatic_continuous', 'focus_auto'],
  focusDistance: ['focus_absolute'],
  exposureMode: ['auto_exposure', 'exposure_auto'],
  exposureTime: ['exposure_time_absolute', 'exposure_absolute'],
  whiteBalanceMode: ['white_balance_automatic', 'white_balance_temperature_auto'],
  colorTemperature: ['white_balance_temperature'],
  brightness: ['brightness'],
  contrast: ['contrast'],
  saturation: ['saturation'],
  sharpness: ['sharpness'],
};

export const RANGE_PROPERTIES: readonly RangeProperty[] = [
  'zoom', 'pan', 'tilt', 'focusDistance', 'exposureTime', 'colorTemperature', 'brightness', 'contrast', 'saturation', 'sharpness',
];
export const MODE_PROPERTIES: readonly ModeProperty[] = ['focusMode', 'exposureMode', 'whiteBalanceMode'];

/** The automatic mode a manual value belongs to: the value only acts in manual mode. */
export const COMPANION: Readonly<Partial<Record<RangeProperty, ModeProperty>>> = {
  focusDistance: 'focusMode',
  exposureTime: 'exposureMode',
  colorTemperature: 'whiteBalanceMode',
};

/** Properties whose change moves a motor or restarts an automatic: a still waits after them. */
export const MOVING_PROPERTIES: ReadonlySet<HardwareProperty> = new Set(
  ['zoom', 'pan', 'tilt', 'focusDistance', 'focusMode', 'exposureMode', 'whiteBalanceMode'],
);

/** V4L2's auto_exposure menu (enum v4l2_exposure_auto_type). */
const EXPOSURE_AUTO = 0;
const EXPOSURE_MANUAL = 1;
const EXPOSURE_SHUTTER_PRIORITY = 2;
const EXPOSURE_APERTURE_PRIORITY = 3;

function offers(control: V4l2Control, raw: number): boolean {
  if (raw < control.min || raw > control.max) return false;
  return control.menu.size === 0 || control.menu.has(raw);
}

/** Raw values of an automatic control for "manual" and "continuous", where the control has them. */
function modeValues(property: ModeProperty, control: V4l2Control): Partial<Record<MeteringMode, number>> {
  if (property !== 'exposureMode') return { manual: 0, continuous: 1 };
  const out: Partial<Record<MeteringMode, number>> = {};
  if (offers(control, EXPOSURE_MANUAL)) out.manual = EXPOSURE_MANUAL;
  if (offers(control, EXPOSURE_APERTURE_PRIORITY)) out.continuous = EXPOSURE_APERTURE_PRIORITY;
  else if (offers(control, EXPOSURE_AUTO)) out.continuous = EXPOSURE_AUTO;
  return out;
}

function zoomScale(control: V4l2Control): number {
  return control.min > 0 ? control.min : 1;
}

/** A driver value in the spec's units. */
function toSpec(property: RangeProperty, control: V4l2Control, raw: number): number {
  return property === 'zoom' ? Number((raw / zoomScale(control)).toFixed(6)) : raw;
}

/** A spec value as the driver value nearest to it, within the control's range and on its step. */
function toRaw(property: RangeProperty, control: V4l2Control, value: number): number {
  const raw = property === 'zoom' ? value * zoomScale(control) : value;
  const step = control.step > 0 ? control.step : 1;
  const clamped = Math.min(control.max, Math.max(control.min, raw));
  return Math.min(control.max, control.min + Math.round((clamped - control.min) / step) * step);
}

export function rangeOf(property: RangeProperty, control: V4l2Control): Required<MediaSettingsRange> {
  const step = control.step > 0 ? control.step : 1;
  return {
    min: toSpec(property, control, control.min),
    max: toSpec(property, control, control.max),
    step: toSpec(property, control, step),
  };
}

/** The controls of a device that stand for image-capture properties (usable ones only). */
export class ControlMap {
  readonly #controls = new Map<HardwareProperty, V4l2Control>();

  constructor(controls: readonly V4l2Control[]) {
    const byName = new Map(controls.map((c) => [c.name, c]));
    for (const [property, names] of Object.entries(CONTROL_NAMES) as Array<[HardwareProperty, readonly string[]]>) {
      const control = names.map((n) => byName.get(n)).find((c) => c !== undefined);
      if (!control || control.flags.includes('read-only') || control.flags.includes('disabled')) continue;
      if (control.max < control.min) continue;
      if ((MODE_PROPERTIES as readonly string[]).includes(property)) {
        const modes = modeValues(property as ModeProperty, control);
        if (modes.manual === undefined || modes.continuous === undefined) continue;
      } else if (control.max === control.min) continue;
      this.#controls.set(property, control);
    }
  }

  get properties(): HardwareProperty[] {
    return [...this.#controls.keys()];
  }

  control(property: HardwareProperty): V4l2Control | undefined {
    return this.#controls.get(property);
  }

  has(property: string): property is HardwareProperty {
    return this.#controls.has(property as HardwareProperty);
  }

  /** The capability members the hardware gives. */
  capabilities(): Partial<SourceCapabilities> {
    const out: Record<string, unknown> = {};
    for (const property of RANGE_PROPERTIES) {
      const c = this.#controls.get(property);
      if (c) out[property] = rangeOf(property, c);
    }
    // single-shot: the automatic runs once, then is locked (device-source.ts).
    for (const property of MODE_PROPERTIES) if (this.#controls.has(property)) out[property] = ['manual', 'single-shot', 'continuous'];
    return out as Partial<SourceCapabilities>;
  }

  /** Settings from driver values by control name (missing values fall back to the listed ones). */
  settings(values: ReadonlyMap<string, number>): Partial<SourceSettings> {
    const out: Record<string, unknown> = {};
    for (const [property, c] of this.#controls) {
      const raw = values.get(c.name) ?? c.value ?? c.default;
      if ((MODE_PROPERTIES as readonly string[]).includes(property)) {
        const modes = modeValues(property as ModeProperty, c);
        // Shutter priority (a manual exposure time, automatic iris) counts as manual exposure.
        const manual = raw === modes.manual || (property === 'exposureMode' && raw === EXPOSURE_SHUTTER_PRIORITY);
        out[property] = manual ? 'manual' : 'continuous';
      } else {
        out[property] = toSpec(property as RangeProperty, c, raw);
      }
    }
    return out as Partial<SourceSettings>;
  }

  /** The raw value for a property's new setting, or undefined when it cannot be expressed. */
  rawFor(property: HardwareProperty, value: unknown): number | undefined {
    const c = this.#controls.get(property);
    if (!c) return undefined;
    if ((MODE_PROPERTIES as readonly string[]).includes(property)) {
      const modes = modeValues(property as ModeProperty, c);
      // A single-shot sweep starts as the automatic mode; the lock is set when it has run.
      return value === 'single-shot' ? modes.continuous : modes[value as MeteringMode];
    }
    return typeof value === 'number' ? toRaw(property as RangeProperty, c, value) : undefined;
  }
}
