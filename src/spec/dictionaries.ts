/**
 * The enumerations and small dictionaries of MediaStream Image Capture and Media Capture and
 * Streams that the property table and the other dictionaries are built from.
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

/** gUM ULongRange / DoubleRange as they appear in capabilities. */
export interface NumberRange {
  min?: number;
  max?: number;
  step?: number;
}
