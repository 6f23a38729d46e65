/**
 * The globals `imagecapture/polyfill` provides, as TypeScript sees them, so that code written for
 * browsers type-checks as it is: the image-capture members of the constraint dictionaries
 * (https://w3c.github.io/mediacapture-image/#extensions), `ImageCapture` with `grabFrame()`, and, in
 * a project without the DOM library (Node), `navigator.mediaDevices` and the few media interfaces
 * that code reaches through it.
 *
 * Every member that the DOM library declares too is declared here with the very same type, so the
 * declarations merge in a DOM project and stand alone in a Node one; members the DOM library lacks
 * use the types below.
 */
import type { MediaSettingsRange, Point2D } from '../spec/types.js';

type ImageCaptureConstrainDouble = number | { min?: number; max?: number; exact?: number; ideal?: number };
type ImageCaptureConstrainString = string | string[] | { exact?: string | string[]; ideal?: string | string[] };
type ImageCaptureConstrainBoolean = boolean | { exact?: boolean; ideal?: boolean };
type ImageCaptureConstrainPoint2D = Point2D[] | { exact?: Point2D[]; ideal?: Point2D[] };

declare global {
  /** https://w3c.github.io/mediacapture-image/#mediatrackconstraintset-section */
  interface MediaTrackConstraintSet {
    whiteBalanceMode?: ImageCaptureConstrainString;
    exposureMode?: ImageCaptureConstrainString;
    focusMode?: ImageCaptureConstrainString;
    pointsOfInterest?: ImageCaptureConstrainPoint2D;
    exposureCompensation?: ImageCaptureConstrainDouble;
    exposureTime?: ImageCaptureConstrainDouble;
    colorTemperature?: ImageCaptureConstrainDouble;
    iso?: ImageCaptureConstrainDouble;
    brightness?: ImageCaptureConstrainDouble;
    contrast?: ImageCaptureConstrainDouble;
    saturation?: ImageCaptureConstrainDouble;
    sharpness?: ImageCaptureConstrainDouble;
    focusDistance?: ImageCaptureConstrainDouble;
    pan?: boolean | ImageCaptureConstrainDouble;
    tilt?: boolean | ImageCaptureConstrainDouble;
    zoom?: boolean | ImageCaptureConstrainDouble;
    torch?: ImageCaptureConstrainBoolean;
  }

  interface MediaTrackConstraints extends MediaTrackConstraintSet {
    advanced?: MediaTrackConstraintSet[];
  }

  /** https://w3c.github.io/mediacapture-image/#mediatrackcapabilities-section */
  interface MediaTrackCapabilities {
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
    /** The spec's `sequence<boolean>`; Chromium and WebKit report a single boolean. */
    torch?: boolean | boolean[];
  }

  /** https://w3c.github.io/mediacapture-image/#mediatracksettings-section */
  interface MediaTrackSettings {
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
  }

  /** https://w3c.github.io/mediacapture-image/#mediatracksupportedconstraints-section */
  interface MediaTrackSupportedConstraints {
    whiteBalanceMode?: boolean;
    exposureMode?: boolean;
    focusMode?: boolean;
    pointsOfInterest?: boolean;
    exposureCompensation?: boolean;
    exposureTime?: boolean;
    colorTemperature?: boolean;
    iso?: boolean;
    brightness?: boolean;
    contrast?: boolean;
    saturation?: boolean;
    sharpness?: boolean;
    focusDistance?: boolean;
    pan?: boolean;
    tilt?: boolean;
    zoom?: boolean;
    torch?: boolean;
  }

  // The media interfaces code reaches from navigator.mediaDevices (members as the DOM library has them).
  interface MediaStreamConstraints {
    audio?: boolean | MediaTrackConstraints;
    video?: boolean | MediaTrackConstraints;
  }
  interface MediaStreamTrack extends EventTarget {
    readonly id: string;
    readonly kind: string;
    readonly label: string;
    enabled: boolean;
    readonly muted: boolean;
    applyConstraints(constraints?: MediaTrackConstraints): Promise<void>;
    clone(): MediaStreamTrack;
    getCapabilities(): MediaTrackCapabilities;
    getConstraints(): MediaTrackConstraints;
    getSettings(): MediaTrackSettings;
    stop(): void;
  }
  interface MediaStream extends EventTarget {
    readonly active: boolean;
    readonly id: string;
    getAudioTracks(): MediaStreamTrack[];
    getTracks(): MediaStreamTrack[];
    getVideoTracks(): MediaStreamTrack[];
  }
  interface MediaDevices extends EventTarget {
    getSupportedConstraints(): MediaTrackSupportedConstraints;
    getUserMedia(constraints?: MediaStreamConstraints): Promise<MediaStream>;
  }
  interface Navigator {
    readonly mediaDevices: MediaDevices;
  }
  var navigator: Navigator;

  interface ImageBitmap {
    readonly height: number;
    readonly width: number;
    close(): void;
  }
  interface PhotoCapabilities {}
  interface PhotoSettings {}

  /** https://w3c.github.io/mediacapture-image/#imagecaptureapi */
  interface ImageCapture {
    readonly track: MediaStreamTrack;
    getPhotoCapabilities(): Promise<PhotoCapabilities>;
    getPhotoSettings(): Promise<PhotoSettings>;
    takePhoto(photoSettings?: PhotoSettings): Promise<Blob>;
    /** https://w3c.github.io/mediacapture-image/#dom-imagecapture-grabframe (the DOM library lacks it). */
    grabFrame(): Promise<ImageBitmap>;
  }
  var ImageCapture: {
    prototype: ImageCapture;
    new (videoTrack: MediaStreamTrack): ImageCapture;
  };
}

export {};
