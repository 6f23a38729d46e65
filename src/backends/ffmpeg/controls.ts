/**
 * The software controls an ffmpeg source offers (all listed in `info.emulated`): their ranges,
 * defaults and how requested values are quantised to the steps reported.
 */
import { snapToRange } from '../../constraints/snap.js';
import type { MediaSettingsRange } from '../../spec/types.js';
import type { SourceCapabilities, SourceSettings } from '../backend.js';
import type { CaptureMode } from './devices.js';
import { MAX_ZOOM, MIN_ZOOM, panTiltLimits } from './geometry.js';
import { REFERENCE_TEMPERATURE, type ToneSettings } from './tone.js';

/** Names of the properties done in software, for `CameraDeviceInfo.emulated`. */
export const EMULATED_PROPERTIES: readonly string[] = [
  'whiteBalanceMode',
  'colorTemperature',
  'brightness',
  'contrast',
  'saturation',
  'sharpness',
  'pan',
  'tilt',
  'zoom',
];

export const RANGES = {
  zoom: { min: MIN_ZOOM, max: MAX_ZOOM, step: 0.01 },
  brightness: { min: -128, max: 128, step: 1 },
  contrast: { min: 0, max: 200, step: 1 },
  saturation: { min: 0, max: 200, step: 1 },
  sharpness: { min: 0, max: 10, step: 1 },
  colorTemperature: { min: 2500, max: 10000, step: 100 },
} as const satisfies Record<string, Required<MediaSettingsRange>>;

/** Pan and tilt are whole arc-seconds. */
const PAN_TILT_STEP = 1;

export interface ControlState extends ToneSettings {
  readonly zoom: number;
  /** Requested pan/tilt; what is shown is held within the margin the zoom leaves. */
  readonly pan: number;
  readonly tilt: number;
}

export const DEFAULT_CONTROLS: ControlState = {
  zoom: 1,
  pan: 0,
  tilt: 0,
  brightness: 0,
  contrast: 100,
  saturation: 100,
  sharpness: 0,
  whiteBalanceMode: 'continuous',
  colorTemperature: REFERENCE_TEMPERATURE,
};

/** The control state after an update, quantised to the reported steps. */
export function updateControls(
  current: ControlState,
  update: Partial<SourceSettings>,
  limits: { pan: number; tilt: number },
): ControlState {
  const next: { -readonly [K in keyof ControlState]: ControlState[K] } = { ...current };
  if (update.zoom !== undefined) next.zoom = snapToRange(update.zoom, RANGES.zoom);
  if (update.pan !== undefined) next.pan = Math.round(Math.min(limits.pan, Math.max(-limits.pan, update.pan)));
  if (update.tilt !== undefined) next.tilt = Math.round(Math.min(limits.tilt, Math.max(-limits.tilt, update.tilt)));
  if (update.brightness !== undefined) next.brightness = snapToRange(update.brightness, RANGES.brightness);
  if (update.contrast !== undefined) next.contrast = snapToRange(update.contrast, RANGES.contrast);
  if (update.saturation !== undefined) next.saturation = snapToRange(update.saturation, RANGES.saturation);
  if (update.sharpness !== undefined) next.sharpness = snapToRange(update.sharpness, RANGES.sharpness);
  if (update.colorTemperature !== undefined) next.colorTemperature = snapToRange(update.colorTemperature, RANGES.colorTemperature);
  if (update.whiteBalanceMode === 'manual' || update.whiteBalanceMode === 'continuous') next.whiteBalanceMode = update.whiteBalanceMode;
  return next;
}

/** The capability members for the software controls of a source of `width`×`height`. */
function controlCapabilities(
  width: number,
  height: number,
  fieldOfView: number,
): Pick<
  SourceCapabilities,
  'whiteBalanceMode' | 'colorTemperature' | 'brightness' | 'contrast' | 'saturation' | 'sharpness' | 'pan' | 'tilt' | 'zoom'
> {
  const limits = panTiltLimits(width, height, MAX_ZOOM, fieldOfView);
  return {
    whiteBalanceMode: ['manual', 'continuous'],
    colorTemperature: { ...RANGES.colorTemperature },
    brightness: { ...RANGES.brightness },
    contrast: { ...RANGES.contrast },
    saturation: { ...RANGES.saturation },
    sharpness: { ...RANGES.sharpness },
    pan: { min: -limits.pan, max: limits.pan, step: PAN_TILT_STEP },
    tilt: { min: -limits.tilt, max: limits.tilt, step: PAN_TILT_STEP },
    zoom: { ...RANGES.zoom },
  };
}

export const MIN_FRAME_RATE = 1;

/**
 * Capabilities of a source capturing in `mode`: its native modes with crop-and-scale below
 * them, the software controls, and photos up to the mode's full size.
 */
export function capabilitiesFor(
  modes: readonly CaptureMode[],
  mode: CaptureMode,
  softwareControls: boolean,
  fieldOfView: number,
): SourceCapabilities {
  return {
    videoModes: modes.map(({ width, height, frameRate }) => ({ width, height, frameRate })),
    resizeModes: ['none', 'crop-and-scale'],
    minFrameRate: MIN_FRAME_RATE,
    ...(softwareControls ? controlCapabilities(mode.width, mode.height, fieldOfView) : {}),
    photo: {
      redEyeReduction: 'never',
      fillLightMode: ['off'],
      imageWidth: { min: 1, max: mode.width, step: 1 },
      imageHeight: { min: 1, max: mode.height, step: 1 },
    },
  };
}
