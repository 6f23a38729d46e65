/**
 * Consistency of presets: completing their defaults, and finding what does not hold together
 * (a default outside its range, a mode missing from its list, a video format no mode delivers).
 */
import type { SourcePhotoSettings, SourceSettings } from '../backend.js';
import {
  FILL_LIGHT_MODE_VALUES,
  METERING_MODE_VALUES,
  RED_EYE_REDUCTION_VALUES,
  RESIZE_MODE_VALUES,
  type MediaSettingsRange,
} from '../../spec/types.js';
import type { Preset, PresetCapabilities } from './preset-types.js';
import { snapToRange } from '../../constraints/snap.js';

import {
  IMAGE_CAPTURE_RANGE_NAMES as RANGE_PROPERTIES,
  type ImageCaptureRangeName as RangeProperty,
} from '../../constraints/properties.js';

export { RANGE_PROPERTIES, type RangeProperty };

export const MODE_PROPERTIES = ['whiteBalanceMode', 'exposureMode', 'focusMode'] as const;
export type ModeProperty = (typeof MODE_PROPERTIES)[number];

function middle(r: Readonly<MediaSettingsRange>): number {
  const min = r.min ?? 0;
  const max = r.max ?? min;
  return snapToRange((min + max) / 2, r);
}

/** The preset's defaults with absent capabilities dropped and missing values filled in. */
export function normalizeDefaults(p: Preset): Preset['defaults'] {
  const caps: PresetCapabilities = p.capabilities;
  const given = p.defaults.settings as Partial<SourceSettings>;
  const mode = p.videoModes[0];
  const s: SourceSettings = {
    width: given.width ?? mode?.width ?? 640,
    height: given.height ?? mode?.height ?? 480,
    frameRate: given.frameRate ?? Math.min(30, mode?.frameRate ?? 30),
    resizeMode: given.resizeMode ?? p.resizeModes[0] ?? 'none',
  };
  for (const name of MODE_PROPERTIES) {
    const list = caps[name];
    if (!list) continue;
    s[name] = given[name] ?? (list.includes('continuous') ? 'continuous' : list[0]);
  }
  if (caps.pointsOfInterest) s.pointsOfInterest = given.pointsOfInterest ? given.pointsOfInterest.map((pt) => ({ ...pt })) : [];
  for (const name of RANGE_PROPERTIES) {
    const r = caps[name];
    if (!r) continue;
    s[name] = given[name] ?? middle(r);
  }
  if (caps.torch) s.torch = given.torch ?? !caps.torch.includes(false);
  const ph = p.defaults.photo as Partial<SourcePhotoSettings>;
  const photo: SourcePhotoSettings = {
    imageWidth: ph.imageWidth ?? p.photo.imageWidth?.max ?? p.sensor.width,
    imageHeight: ph.imageHeight ?? p.photo.imageHeight?.max ?? p.sensor.height,
    fillLightMode: ph.fillLightMode ?? (p.photo.fillLightMode.includes('auto') ? 'auto' : p.photo.fillLightMode[0] ?? 'off'),
    redEyeReduction: ph.redEyeReduction ?? p.photo.redEyeReduction === 'always',
  };
  return { settings: s, photo };
}

function checkRange(name: string, r: Readonly<MediaSettingsRange> | undefined): string | undefined {
  if (!r) return undefined;
  if (!Number.isFinite(r.min) || !Number.isFinite(r.max) || r.min! > r.max!) return `${name} range needs finite min ≤ max`;
  if (r.step !== undefined && !(r.step >= 0)) return `${name} step must be ≥ 0`;
  return undefined;
}

function within(value: number | undefined, r: Readonly<MediaSettingsRange>): boolean {
  return value !== undefined && Number.isFinite(value) && value >= r.min! - 1e-9 && value <= r.max! + 1e-9;
}

/** The first inconsistency of a preset, described for people, or undefined when it is sound. */
export function checkPreset(p: Preset): string | undefined {
  if (!/^[A-Za-z0-9._-]+$/.test(p.id)) return 'id must be letters, digits, ".", "_" or "-"';
  if (!(Number.isInteger(p.sensor.width) && p.sensor.width > 0 && Number.isInteger(p.sensor.height) && p.sensor.height > 0)) {
    return 'sensor width and height must be positive integers';
  }
  if (p.videoModes.length === 0) return 'at least one video mode is needed';
  for (const m of p.videoModes) {
    if (!(Number.isInteger(m.width) && m.width > 0 && Number.isInteger(m.height) && m.height > 0 && m.frameRate > 0)) {
      return `video mode ${m.width}x${m.height}@${m.frameRate} is not a positive size and rate`;
    }
    if (m.frameRate < p.minFrameRate) return `video mode ${m.width}x${m.height} runs below minFrameRate`;
  }
  if (!(p.minFrameRate > 0)) return 'minFrameRate must be positive';
  if (p.resizeModes.length === 0 || p.resizeModes.some((r) => !RESIZE_MODE_VALUES.includes(r))) {
    return `resizeModes must be some of ${RESIZE_MODE_VALUES.join(', ')}`;
  }
  const caps = p.capabilities;
  for (const name of MODE_PROPERTIES) {
    const list = caps[name];
    if (list && (list.length === 0 || list.some((m) => !METERING_MODE_VALUES.includes(m)))) return `${name} must list MeteringMode values`;
  }
  for (const name of RANGE_PROPERTIES) {
    const problem = checkRange(name, caps[name]);
    if (problem) return problem;
  }
  if (caps.torch && (caps.torch.length === 0 || caps.torch.length > 2 || new Set(caps.torch).size !== caps.torch.length)) {
    return 'torch must be [false], [true] or [true, false]';
  }
  const s = p.defaults.settings;
  for (const name of MODE_PROPERTIES) {
    const list = caps[name];
    if (list && !list.includes(s[name]!)) return `default ${name} "${s[name]}" is not in [${list.join(', ')}]`;
  }
  for (const name of RANGE_PROPERTIES) {
    const r = caps[name];
    if (r && !within(s[name], r)) return `default ${name} ${s[name]} is outside ${r.min}–${r.max}`;
  }
  if (caps.torch && !caps.torch.includes(s.torch!)) return `default torch ${s.torch} is not in [${caps.torch.join(', ')}]`;
  if (!p.resizeModes.includes(s.resizeMode)) return `default resizeMode "${s.resizeMode}" is not offered`;
  const fits = p.videoModes.some((m) =>
    s.resizeMode === 'none'
      ? m.width === s.width && m.height === s.height && s.frameRate <= m.frameRate
      : m.width >= s.width && m.height >= s.height && s.frameRate <= m.frameRate,
  );
  if (!fits || s.frameRate < p.minFrameRate) {
    return `default format ${s.width}x${s.height}@${s.frameRate} (${s.resizeMode}) is not delivered by any video mode`;
  }
  const ph = p.photo;
  if (!RED_EYE_REDUCTION_VALUES.includes(ph.redEyeReduction)) {
    return `photo redEyeReduction must be one of ${RED_EYE_REDUCTION_VALUES.join(', ')}`;
  }
  if (ph.fillLightMode.length === 0 || ph.fillLightMode.some((m) => !FILL_LIGHT_MODE_VALUES.includes(m))) {
    return 'photo fillLightMode must list FillLightMode values';
  }
  for (const name of ['imageWidth', 'imageHeight'] as const) {
    const problem = checkRange(`photo ${name}`, ph[name]);
    if (problem) return problem;
  }
  const d = p.defaults.photo;
  if (!ph.fillLightMode.includes(d.fillLightMode)) {
    return `default fillLightMode "${d.fillLightMode}" is not in [${ph.fillLightMode.join(', ')}]`;
  }
  if (ph.imageWidth && !within(d.imageWidth, ph.imageWidth)) return `default imageWidth ${d.imageWidth} is outside the photo range`;
  if (ph.imageHeight && !within(d.imageHeight, ph.imageHeight)) return `default imageHeight ${d.imageHeight} is outside the photo range`;
  if (!(Number.isInteger(d.imageWidth) && d.imageWidth > 0 && Number.isInteger(d.imageHeight) && d.imageHeight > 0)) {
    return 'default photo size must be positive integers';
  }
  if (ph.redEyeReduction === 'never' && d.redEyeReduction) return 'default redEyeReduction is true on a camera without red-eye reduction';
  if (ph.redEyeReduction === 'always' && !d.redEyeReduction) return 'default redEyeReduction is false on a camera where it is always on';
  const o = p.optics;
  if (!(o.focalLength > 0 && o.focalLength35mm > 0 && o.fNumber > 0 && o.fixedFocusDistance > 0)) return 'optics must be positive';
  const dyn = p.dynamics;
  if (!(dyn.travelMs >= 0 && dyn.focusTravelMs >= 0 && dyn.convergeMs >= 0 && dyn.sweepMs >= 0)) return 'dynamics times must be ≥ 0';
  return undefined;
}
