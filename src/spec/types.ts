/**
 * The dictionaries and enums of MediaStream Image Capture (https://w3c.github.io/mediacapture-image/#idl-index) and the parts of
 * Media Capture and Streams it extends. Plain data shapes; behaviour lives elsewhere.
 */

export * from './dictionaries.js';
import type { MediaSettingsRange, Point2D, RedEyeReduction, FillLightMode } from './dictionaries.js';
import type { TrackCapabilitiesShape, TrackConstraintSetShape, TrackSettingsShape } from '../constraints/properties.js';

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

/** MediaTrackCapabilities (gUM and https://w3c.github.io/mediacapture-image/#extensions): one member per row of the property table. */
export interface MediaTrackCapabilities extends TrackCapabilitiesShape {}

/** MediaTrackSettings (gUM and https://w3c.github.io/mediacapture-image/#extensions): one member per row of the property table. */
export interface MediaTrackSettings extends TrackSettingsShape {}

/** MediaTrackConstraintSet (https://w3c.github.io/mediacapture-main/#dom-mediatrackconstraintset): one member per row of the property table. */
export interface MediaTrackConstraintSet extends TrackConstraintSetShape {}

/** MediaTrackConstraints (https://w3c.github.io/mediacapture-main/#dom-mediatrackconstraints). */
export interface MediaTrackConstraints extends MediaTrackConstraintSet {
  advanced?: MediaTrackConstraintSet[];
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
