/**
 * Checks the values given on the command line against what the opened camera reports, before
 * anything is captured: a value outside a capability range, a mode the camera does not list, or
 * a property the camera lacks is a usage error that says what is allowed.
 */
import { propertyRow } from '../constraints/properties.js';
import { fmt, fmtRange } from '../spec/errors.js';
import type {
  MediaSettingsRange,
  MediaTrackCapabilities,
  MediaTrackSettings,
  PhotoCapabilities,
  PhotoSettings,
  Point2D,
} from '../spec/types.js';
import { usageError } from './errors.js';
import { flagFor } from './flags.js';

/** "1–10 ×", "0–255", "320–4032 px". */
export function rangeText(range: { min?: number; max?: number }, unit: string): string {
  return unit ? `${fmtRange(range)} ${unit}` : fmtRange(range);
}

function isRange(value: unknown): value is MediaSettingsRange {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function outside(range: MediaSettingsRange, v: number): boolean {
  return (range.min !== undefined && v < range.min) || (range.max !== undefined && v > range.max);
}

function list(values: readonly string[]): string {
  return values.length ? values.join(', ') : 'none';
}

/** The values a `booleans` capability allows ([false], [true], [true, false]; `true` in Chromium mode). */
function booleanChoices(cap: unknown): boolean[] {
  if (Array.isArray(cap)) return cap.filter((v): v is boolean => typeof v === 'boolean');
  if (cap === true) return [true, false];
  return [];
}

/**
 * Throws a usage error for the first requested value the camera cannot take. `requested` is keyed
 * by property name (as constraintsFromOptions returns it); `label` names the camera in messages.
 */
export function checkConstraints(
  requested: Readonly<Record<string, unknown>>,
  caps: MediaTrackCapabilities,
  settings: MediaTrackSettings,
  label: string,
): void {
  const capabilities = caps as Record<string, unknown>;
  for (const [name, value] of Object.entries(requested)) {
    const row = propertyRow(name);
    if (!row) continue;
    const flag = flagFor(name);
    const cap = capabilities[name];
    switch (row.capability) {
      case 'range': {
        if (!isRange(cap)) throw usageError(`${flag} is not supported by ${label}`);
        const v = value as number;
        if (outside(cap, v)) throw usageError(`${flag} ${fmt(v)} is outside the supported range ${rangeText(cap, row.unit)}`);
        break;
      }
      case 'list': {
        const modes = Array.isArray(cap) ? (cap as string[]) : [];
        if (modes.length === 0) throw usageError(`${flag} is not supported by ${label}`);
        if (!modes.includes(value as string)) {
          throw usageError(`${flag} ${String(value)} is not supported by ${label}; supported: ${list(modes)}`);
        }
        break;
      }
      case 'booleans': {
        const choices = booleanChoices(cap);
        const given = value ? flag : flag.replace(/^--/, '--no-');
        if (choices.length === 0) throw usageError(`${given} is not supported by ${label}`);
        if (!choices.includes(value as boolean)) {
          throw usageError(`${given} is not possible on ${label}: it only allows ${flag.slice(2)} ${choices[0] ? 'on' : 'off'}`);
        }
        break;
      }
      case 'none':
        // pointsOfInterest has no capability member: a camera that meters at points reports the setting.
        if (settings[name as keyof MediaTrackSettings] === undefined) throw usageError(`${flag} is not supported by ${label}`);
        break;
      case 'string':
        break;
    }
  }
}

/** Preference among a property's effective modes when one has to be chosen for the person. */
const MODE_PREFERENCE = ['manual', 'continuous', 'single-shot'];

/**
 * Modes that must change for a requested value to take effect
 * (https://w3c.github.io/mediacapture-image/#dom-mediatracksettings-exposuretime: exposureTime needs manual
 * exposure, colorTemperature manual white balance, focusDistance manual focus, exposureCompensation automatic
 * exposure), unless the person set the mode themselves. Returns `{ exposureMode: 'manual' }`.
 */
export function impliedModes(
  requested: Readonly<Record<string, unknown>>,
  caps: MediaTrackCapabilities,
  settings: MediaTrackSettings,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(requested)) {
    const when = propertyRow(name)?.effectiveWhen;
    if (!when || requested[when.property] !== undefined || out[when.property] !== undefined) continue;
    const current = (settings as Record<string, unknown>)[when.property];
    if (typeof current === 'string' && when.values.includes(current)) continue;
    const offered = (caps as Record<string, unknown>)[when.property];
    const modes = Array.isArray(offered) ? (offered as string[]) : [];
    const pick = MODE_PREFERENCE.find((m) => when.values.includes(m) && modes.includes(m));
    if (pick) out[when.property] = pick;
  }
  return out;
}

/** The photo settings given on the command line (`--width`, `--height`, `--fill-light`, `--red-eye-reduction`). */
export type PhotoRequest = PhotoSettings;

/** Names of the photo flags, for messages. */
const PHOTO_FLAGS: Readonly<Record<keyof PhotoSettings, string>> = {
  imageWidth: '--width',
  imageHeight: '--height',
  fillLightMode: '--fill-light',
  redEyeReduction: '--red-eye-reduction',
};

/**
 * Throws a usage error when a photo setting is outside the camera's photo capabilities
 * (https://w3c.github.io/mediacapture-image/#dictdef-photocapabilities).
 */
export function checkPhotoSettings(request: PhotoRequest, caps: PhotoCapabilities, label: string): void {
  for (const key of ['imageWidth', 'imageHeight'] as const) {
    const v = request[key];
    if (v === undefined) continue;
    const range = caps[key];
    if (!range) throw usageError(`${PHOTO_FLAGS[key]} cannot be chosen on ${label}`);
    if (outside(range, v)) throw usageError(`${PHOTO_FLAGS[key]} ${fmt(v)} is outside the supported range ${rangeText(range, 'px')}`);
  }
  if (request.fillLightMode !== undefined) {
    const modes = caps.fillLightMode ?? [];
    if (!modes.includes(request.fillLightMode)) {
      throw usageError(`--fill-light ${request.fillLightMode} is not supported by ${label}; supported: ${list(modes)}`);
    }
  }
  if (request.redEyeReduction !== undefined && caps.redEyeReduction !== 'controllable') {
    throw usageError(
      `${request.redEyeReduction
        ? '--red-eye-reduction'
        : '--no-red-eye-reduction'} cannot be chosen on ${label} (its red-eye reduction is "${caps.redEyeReduction ?? 'never'}")`,
    );
  }
}

/** The constraint dictionary for applyConstraints(): plain values (the basic set, so values are fitted, not exact). */
export function constraintDictionary(requested: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(requested)) {
    out[name] = name === 'pointsOfInterest' ? (value as Point2D[]).map((p) => ({ x: p.x, y: p.y })) : value;
  }
  return out;
}
