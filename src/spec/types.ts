/**
 * The dictionaries and enums of MediaStream Image Capture (https://w3c.github.io/mediacapture-image/#idl-index) and the parts of
 * Media Capture and Streams it extends. Plain data shapes; behaviour lives elsewhere.
 */

/** https://w3c.github.io/mediacapture-image/#enumdef-redeyereduction */
export type RedEyeReduction = 'never' | 'always' | 'controllable';
export const RED_EYE_REDUCTION_VALUES: readonly RedEyeReduction[] = ['never', 'always', 'controllable'];
/** https://w3c.github.io/mediacapture-image/#enumdef-filllightmode */
export type FillLightMode = 'auto' | 'off' | 'flash';
export const FILL_LIGHT_MODE_VALUES: readonly FillLightMode[] = ['auto', 'off', 'flash'];
/** https://w3c.github.io/mediacapture-image/#enumdef-meteringmode and https://w3c.github.io/mediacapture-image/#meteringmode-section */
export type MeteringMode = 'none' | 'manual' | 'single-shot' | 'continuous';
export const METERING_MODE_VALUES: readonly MeteringMode[] = ['none', 'manual', 'single-shot', 'continuous'];

export type VideoFacingMode = 'user' | 'environment' | 'left' | 'right';
export const FACING_MODE_VALUES: readonly VideoFacingMode[] = ['user', 'environment', 'left', 'right'];
export type VideoResizeMode = 'none' | 'crop-and-scale';
export const RESIZE_MODE_VALUES: readonly VideoResizeMode[] = ['none', 'crop-and-scale'];

/** https://w3c.github.io/mediacapture-image/#dictdef-mediasettingsrange */
export interface MediaSettingsRange {
  max?: number;
  min?: number;
  step?: number;
}

/** https://w3c.github.io/mediacapture-image/#dictdef-point2d */
export interface Point2D {
  x: number;
  y: number;
}

/** https://w3c.github.io/mediacapture-image/#dictdef-photocapabilities */
export interface PhotoCapabilities {
  redEyeReduction?: RedEyeReduction;
  imageHeight?: MediaSettingsRange;
  imageWidth?: MediaSettingsRange;
  fillLightMode?: FillLightMode[];
}

/** https://w3c.github.io/mediacapture-image/#dictdef-photosettings */
export interface PhotoSettings {
  fillLightMode?: FillLightMode;
  imageHeight?: number;
  imageWidth?: number;
  redEyeReduction?: boolean;
}

/** gUM ULongRange / DoubleRange as they appear in capabilities. */
export interface NumberRange {
  min?: number;
  max?: number;
  step?: number;
}

/** MediaTrackCapabilities for a video track (gUM and https://w3c.github.io/mediacapture-image/#extensions). */
export interface MediaTrackCapabilities {
  width?: NumberRange;
  height?: NumberRange;
  aspectRatio?: NumberRange;
  frameRate?: NumberRange;
  facingMode?: string[];
  resizeMode?: string[];
  deviceId?: string;
  groupId?: string;
  whiteBalanceMode?: string[];
  exposureMode?: string[];
  focusMode?: string[];
  exposureCompensation?: MediaSettingsRange;
  exposureTime?: MediaSettingsRange;
  colorTemperature?: MediaSettingsRange;
  iso?: MediaSettingsRange;
  brightness?: MediaSettingsRange;
  contrast?: MediaSettingsRange;
  saturation?: MediaSettingsRange;
  sharpness?: MediaSettingsRange;
  focusDistance?: MediaSettingsRange;
  pan?: MediaSettingsRange;
  tilt?: MediaSettingsRange;
  zoom?: MediaSettingsRange;
  /** Spec: sequence<boolean> (https://w3c.github.io/mediacapture-image/#dom-mediatrackcapabilities-torch). Chromium: a plain `true`. */
  torch?: boolean[] | boolean;
  // audio
  sampleRate?: NumberRange;
  sampleSize?: NumberRange;
  channelCount?: NumberRange;
  latency?: NumberRange;
  echoCancellation?: boolean[];
  autoGainControl?: boolean[];
  noiseSuppression?: boolean[];
}

/** MediaTrackSettings (gUM and https://w3c.github.io/mediacapture-image/#extensions). */
export interface MediaTrackSettings {
  width?: number;
  height?: number;
  aspectRatio?: number;
  frameRate?: number;
  facingMode?: string;
  resizeMode?: string;
  deviceId?: string;
  groupId?: string;
  whiteBalanceMode?: string;
  exposureMode?: string;
  focusMode?: string;
  pointsOfInterest?: Point2D[];
  exposureCompensation?: number;
  exposureTime?: number;
  colorTemperature?: number;
  iso?: number;
  brightness?: number;
  contrast?: number;
  saturation?: number;
  sharpness?: number;
  focusDistance?: number;
  pan?: number;
  tilt?: number;
  zoom?: number;
  torch?: boolean;
  // audio
  sampleRate?: number;
  sampleSize?: number;
  channelCount?: number;
  latency?: number;
  echoCancellation?: boolean;
  autoGainControl?: boolean;
  noiseSuppression?: boolean;
}

/** Constraint value shapes after conversion (https://w3c.github.io/mediacapture-main/#constraint-types). */
export interface DoubleRangeConstraint {
  min?: number;
  max?: number;
  exact?: number;
  ideal?: number;
}
export interface StringConstraint {
  exact?: string[];
  ideal?: string[];
}
export interface BooleanConstraint {
  exact?: boolean;
  ideal?: boolean;
}
export interface PointsConstraint {
  exact?: Point2D[];
  ideal?: Point2D[];
}

/**
 * One converted constraint. `bare` records that the author wrote a plain value (or plain
 * sequence): gUM treats it as ideal in the basic set and as exact in an advanced set.
 */
export type NormalizedConstraint =
  | { type: 'number'; bare: boolean; value: DoubleRangeConstraint }
  | { type: 'string'; bare: boolean; value: StringConstraint }
  | { type: 'boolean'; bare: boolean; value: BooleanConstraint }
  | { type: 'points'; bare: boolean; value: PointsConstraint };

export type NormalizedConstraintSet = Partial<Record<string, NormalizedConstraint>>;

export interface NormalizedConstraints {
  basic: NormalizedConstraintSet;
  advanced: NormalizedConstraintSet[];
}
