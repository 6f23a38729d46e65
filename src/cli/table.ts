/**
 * Text tables for people: capabilities (ranges with units, modes), settings and devices, all
 * driven from the property table so each property is shown with its unit and flag.
 */
import { type PropertyRow, VIDEO_PROPERTIES } from '../constraints/properties.js';
import { fmt } from '../spec/errors.js';
import type { MediaTrackCapabilities, MediaTrackSettings, PhotoCapabilities, PhotoSettings, Point2D } from '../spec/types.js';
import { flagFor } from './flags.js';
import { rangeText } from './check.js';

/** Left-aligned columns separated by two spaces; no trailing spaces. */
export function renderTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i]! - [...cell].length)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const NONE = '—';

function withUnit(n: number, unit: string): string {
  return unit ? `${fmt(n)} ${unit}` : fmt(n);
}

function pointsText(points: readonly Point2D[]): string {
  return points.map((p) => `${fmt(p.x)},${fmt(p.y)}`).join(';');
}

/** A setting value as people read it: "2 ×", "on", "0.5,0.5", "continuous". */
export function valueText(value: unknown, unit = ''): string {
  if (value === undefined || value === null) return NONE;
  if (typeof value === 'number') return withUnit(value, unit);
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (Array.isArray(value)) return value.length === 0 ? NONE : pointsText(value as Point2D[]);
  return String(value);
}

/** "1–10 × (step 0.1)". */
function rangeWithStep(range: { min?: number; max?: number; step?: number }, unit: string): string {
  const text = rangeText(range, unit);
  return range.step ? `${text} (step ${fmt(range.step)})` : text;
}

/** What a capability allows, in words. */
export function capabilityText(row: PropertyRow, cap: unknown, setting: unknown): string {
  switch (row.capability) {
    case 'range':
      return cap && typeof cap === 'object' && !Array.isArray(cap)
        ? rangeWithStep(cap as { min?: number; max?: number; step?: number }, row.unit)
        : 'not supported';
    case 'list':
      return Array.isArray(cap) && cap.length > 0 ? cap.join(', ') : 'not supported';
    case 'booleans': {
      const choices = Array.isArray(cap) ? cap : cap === true ? [true, false] : [];
      return choices.length > 0 ? choices.map((b) => (b ? 'on' : 'off')).join(', ') : 'not supported';
    }
    case 'string':
      return typeof cap === 'string' && cap !== '' ? cap : NONE;
    case 'none':
      return setting === undefined ? 'not supported' : 'x,y from 0 to 1';
  }
}

function flagText(row: PropertyRow): string {
  if (row.name === 'deviceId') return '--device';
  if (row.name === 'groupId') return '';
  return row.setting === 'boolean' ? `${flagFor(row.name)}, --no-${flagFor(row.name).slice(2)}` : flagFor(row.name);
}

/** The capabilities table: every video property (supported or not), then the photo capabilities. */
export function capabilitiesTable(
  caps: MediaTrackCapabilities,
  settings: MediaTrackSettings,
  photoCaps: PhotoCapabilities,
  photoSettings: PhotoSettings,
): string {
  const capRecord = caps as Record<string, unknown>;
  const setRecord = settings as Record<string, unknown>;
  const rows: string[][] = [['property', 'flag', 'supported', 'current']];
  for (const row of VIDEO_PROPERTIES) {
    const setting = setRecord[row.name];
    rows.push([row.name, flagText(row), capabilityText(row, capRecord[row.name], setting), valueText(setting, row.unit)]);
  }
  rows.push(['', '', '', '']);
  rows.push(...photoRows(photoCaps, photoSettings));
  return renderTable(rows);
}

function photoRows(photoCaps: PhotoCapabilities, photoSettings: PhotoSettings): string[][] {
  const range = (r: PhotoCapabilities['imageWidth']): string => (r ? rangeWithStep(r, 'px') : 'not supported');
  return [
    ['imageWidth', '--width', range(photoCaps.imageWidth), valueText(photoSettings.imageWidth, 'px')],
    ['imageHeight', '--height', range(photoCaps.imageHeight), valueText(photoSettings.imageHeight, 'px')],
    [
      'fillLightMode',
      '--fill-light',
      photoCaps.fillLightMode && photoCaps.fillLightMode.length > 0 ? photoCaps.fillLightMode.join(', ') : 'not supported',
      valueText(photoSettings.fillLightMode),
    ],
    ['redEyeReduction', '--red-eye-reduction', photoCaps.redEyeReduction ?? NONE, valueText(photoSettings.redEyeReduction)],
  ];
}

/** The settings table: every property the track reports, then the photo settings. */
export function settingsTable(settings: MediaTrackSettings, photoSettings: PhotoSettings): string {
  const setRecord = settings as Record<string, unknown>;
  const rows: string[][] = [['property', 'value']];
  for (const row of VIDEO_PROPERTIES) {
    if (setRecord[row.name] === undefined) continue;
    rows.push([row.name, valueText(setRecord[row.name], row.unit)]);
  }
  const photo = photoSettings as Record<string, unknown>;
  for (const key of ['imageWidth', 'imageHeight', 'fillLightMode', 'redEyeReduction']) {
    if (photo[key] !== undefined) rows.push([key, valueText(photo[key], key.startsWith('image') ? 'px' : '')]);
  }
  return renderTable(rows);
}
