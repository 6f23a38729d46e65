/**
 * What a video track reports: getCapabilities() and getSettings() (https://w3c.github.io/mediacapture-main/#constrainable-interface,
 * https://w3c.github.io/mediacapture-image/#extensions), driven by the property table. Every call builds fresh objects.
 */
import type { CameraDeviceInfo, SourceCapabilities, SourceSettings } from '../backends/backend.js';
import type { BehaviorRecord } from '../spec/behavior.js';
import type { MediaSettingsRange, MediaTrackCapabilities, MediaTrackSettings, Point2D } from '../spec/types.js';
import { formatRanges } from './formats.js';
import { VIDEO_PROPERTIES } from './properties.js';

export type DeviceIdentity = Pick<CameraDeviceInfo, 'deviceId' | 'groupId' | 'facingMode'>;

export interface CapabilitiesOptions {
  /** Whether the track has the pan-tilt-zoom permission (https://w3c.github.io/mediacapture-image/#pan). */
  readonly ptzAllowed: boolean;
  /** Which shapes to use: torch as `true`, ranges with min === max left out (docs/behaviour.md). */
  readonly behavior: BehaviorRecord;
  /**
   * Without the permission, report `{}` for pan/tilt/zoom the hardware has
   * (https://w3c.github.io/mediacapture-image/#dom-mediatrackcapabilities-pan).
   */
  readonly emptyPtzHint?: boolean;
}

export interface SettingsOptions {
  readonly ptzAllowed: boolean;
  /** Whether an empty pointsOfInterest is left out (docs/behaviour.md). */
  readonly behavior: BehaviorRecord;
}

function copyRange(r: Readonly<MediaSettingsRange>): MediaSettingsRange {
  const out: MediaSettingsRange = {};
  if (r.min !== undefined) out.min = r.min;
  if (r.max !== undefined) out.max = r.max;
  if (r.step !== undefined) out.step = r.step;
  return out;
}

/** MediaTrackCapabilities of a video track on this device. */
export function trackCapabilities(info: DeviceIdentity, caps: SourceCapabilities, options: CapabilitiesOptions): MediaTrackCapabilities {
  const out: Record<string, unknown> = {};
  const device = caps as unknown as Record<string, unknown>;
  const format = caps.videoModes.length > 0 ? formatRanges(caps) : undefined;
  for (const row of VIDEO_PROPERTIES) {
    const name = row.name;
    switch (name) {
      case 'deviceId':
        out.deviceId = info.deviceId;
        continue;
      case 'groupId':
        out.groupId = info.groupId;
        continue;
      case 'width':
      case 'height':
      case 'aspectRatio':
      case 'frameRate':
        if (format !== undefined) out[name] = { ...format[name] };
        continue;
      case 'facingMode':
        out.facingMode = info.facingMode === undefined ? [] : [info.facingMode];
        continue;
      case 'resizeMode':
        out.resizeMode = [...caps.resizeModes];
        continue;
    }
    const cap = device[name];
    if (cap === undefined || cap === false) continue;
    if (row.ptz && !options.ptzAllowed) {
      // No range without the permission; optionally the empty hint
      // (https://w3c.github.io/mediacapture-image/#dom-mediatrackcapabilities-pan).
      if (options.emptyPtzHint) out[name] = {};
      continue;
    }
    switch (row.capability) {
      case 'range': {
        const range = cap as MediaSettingsRange;
        if (options.behavior.omitFixedRanges && range.min === range.max) continue;
        out[name] = copyRange(range);
        break;
      }
      case 'list':
        out[name] = [...(cap as readonly string[])];
        break;
      case 'booleans': {
        const values = cap as readonly boolean[];
        if (options.behavior.torchCapabilityAsTrue) {
          if (values.includes(true)) out[name] = true;
        } else {
          out[name] = [...values];
        }
        break;
      }
      case 'none':
      case 'string':
        break;
    }
  }
  return out as MediaTrackCapabilities;
}

/** MediaTrackSettings of a video track whose device has `settings`. */
export function trackSettings(info: DeviceIdentity, settings: SourceSettings, options: SettingsOptions): MediaTrackSettings {
  const out: Record<string, unknown> = {};
  const values = settings as unknown as Record<string, unknown>;
  for (const row of VIDEO_PROPERTIES) {
    const name = row.name;
    switch (name) {
      case 'deviceId':
        out.deviceId = info.deviceId;
        continue;
      case 'groupId':
        out.groupId = info.groupId;
        continue;
      case 'aspectRatio':
        out.aspectRatio = settings.width / settings.height;
        continue;
      case 'facingMode':
        if (info.facingMode !== undefined) out.facingMode = info.facingMode;
        continue;
    }
    const value = values[name];
    if (value === undefined) continue;
    // https://w3c.github.io/mediacapture-image/#dom-mediatracksettings-pan: no pan/tilt/zoom settings without the permission.
    if (row.ptz && !options.ptzAllowed) continue;
    if (name === 'pointsOfInterest') {
      const points = value as readonly Point2D[];
      if (options.behavior.omitEmptyPointsOfInterest && points.length === 0) continue;
      out[name] = points.map((p) => ({ x: p.x, y: p.y }));
      continue;
    }
    out[name] = value;
  }
  return out as MediaTrackSettings;
}
