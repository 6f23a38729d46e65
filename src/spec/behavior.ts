/**
 * Every way the Chromium behaviour (`behavior: 'chromium'`) differs from the spec behaviour, one
 * named field each. Code asks for the difference it is about (`behavior.photoSettingsSizesOnly`),
 * never for "Chromium or not"; each field is a row of the table in docs/behaviour.md, section 2.
 */

/** The behaviour a runtime follows: the specs (default) or Chromium's. */
export type BehaviorName = 'spec' | 'chromium';

export interface BehaviorRecord {
  readonly name: BehaviorName;
  /**
   * applyConstraints(): the first `advanced` set must be satisfied, else OverconstrainedError
   * naming its first failing property (getUserMedia is not affected).
   * https://w3c.github.io/mediacapture-main/#dfn-selectsettings
   */
  readonly strictFirstAdvancedSet: boolean;
  /**
   * getCapabilities(): `torch` is `true` when the camera has one and absent otherwise, rather than
   * the list of reachable states. https://w3c.github.io/mediacapture-image/#dom-mediatrackcapabilities-torch
   */
  readonly torchCapabilityAsTrue: boolean;
  /**
   * getCapabilities(): a range whose `min` equals its `max` is left out.
   * https://w3c.github.io/mediacapture-image/#dictdef-mediasettingsrange
   */
  readonly omitFixedRanges: boolean;
  /**
   * getSettings(): an empty `pointsOfInterest` is left out.
   * https://w3c.github.io/mediacapture-image/#dom-mediatracksettings-pointsofinterest
   */
  readonly omitEmptyPointsOfInterest: boolean;
  /**
   * getPhotoSettings(): only `imageHeight` and `imageWidth` are reported.
   * https://w3c.github.io/mediacapture-image/#dom-imagecapture-getphotosettings
   */
  readonly photoSettingsSizesOnly: boolean;
  /**
   * getPhotoCapabilities(): size ranges the camera reports as 0–0 and an empty `fillLightMode`
   * are left out. https://w3c.github.io/mediacapture-image/#dom-imagecapture-getphotocapabilities
   */
  readonly omitEmptyPhotoCapabilities: boolean;
  /**
   * takePhoto(): photo settings are range-checked only once getPhotoCapabilities() or
   * getPhotoSettings() has resolved on that ImageCapture.
   * https://w3c.github.io/mediacapture-image/#dom-imagecapture-takephoto
   */
  readonly rangeCheckAfterPhotoState: boolean;
  /**
   * takePhoto(): the requested sizes go to the camera as given, rather than the missing dimension
   * following the aspect ratio and both snapping to the camera's grid.
   * https://w3c.github.io/mediacapture-image/#dom-photosettings-imagewidth
   */
  readonly photoSizeAsGiven: boolean;
  /**
   * takePhoto(): a track that ends during the capture rejects with OperationError rather than
   * UnknownError. https://w3c.github.io/mediacapture-image/#dom-imagecapture-takephoto
   */
  readonly endedPhotoIsOperationError: boolean;
  /**
   * getPhotoCapabilities() / getPhotoSettings(): a camera failure rejects with UnknownError
   * ("platform error") rather than OperationError.
   * https://w3c.github.io/mediacapture-image/#dom-imagecapture-getphotocapabilities
   */
  readonly photoStateFailureIsUnknownError: boolean;
  /**
   * getPhotoCapabilities() and getPhotoSettings() on a disabled track reject with
   * InvalidStateError (grabFrame() and takePhoto() do in both behaviours).
   * https://w3c.github.io/mediacapture-image/#dom-imagecapture-getphotocapabilities
   */
  readonly disabledTrackRejects: boolean;
  /**
   * Pan, tilt and zoom are exposed while the permission is granted now, whatever it was when the
   * track was made. https://w3c.github.io/mediacapture-image/#pan
   */
  readonly ptzFollowsCurrentPermission: boolean;
}

type Differences = Omit<BehaviorRecord, 'name'>;

function every(value: boolean): Differences {
  return {
    strictFirstAdvancedSet: value,
    torchCapabilityAsTrue: value,
    omitFixedRanges: value,
    omitEmptyPointsOfInterest: value,
    photoSettingsSizesOnly: value,
    omitEmptyPhotoCapabilities: value,
    rangeCheckAfterPhotoState: value,
    photoSizeAsGiven: value,
    endedPhotoIsOperationError: value,
    photoStateFailureIsUnknownError: value,
    disabledTrackRejects: value,
    ptzFollowsCurrentPermission: value,
  };
}

/** The specs' behaviour: no difference applies. */
export const SPEC_BEHAVIOR: BehaviorRecord = Object.freeze({ name: 'spec', ...every(false) });

/** Chromium's behaviour: every difference applies. */
export const CHROMIUM_BEHAVIOR: BehaviorRecord = Object.freeze({ name: 'chromium', ...every(true) });

export function behaviorRecord(name: BehaviorName): BehaviorRecord {
  return name === 'chromium' ? CHROMIUM_BEHAVIOR : SPEC_BEHAVIOR;
}
