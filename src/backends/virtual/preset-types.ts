/**
 * The shape of a virtual camera preset (what `definePreset` returns and the checks read).
 */
import type { CameraDeviceInfo, SourceCapabilities, SourcePhotoSettings, SourceSettings, Still, VideoMode } from '../backend.js';
import type { VideoFacingMode, VideoResizeMode } from '../../spec/types.js';

/** The capabilities a preset lists besides the video format and the photo capabilities. */
export type PresetCapabilities = Omit<SourceCapabilities, 'videoModes' | 'resizeModes' | 'minFrameRate' | 'photo'>;

export interface PresetOptics {
  /** Actual focal length at zoom 1, millimetres. */
  readonly focalLength: number;
  /** 35 mm-equivalent focal length at zoom 1 (sets the field of view). */
  readonly focalLength35mm: number;
  readonly fNumber: number;
  /** Where a lens without focus control is focused, metres. */
  readonly fixedFocusDistance: number;
}

export interface PresetDynamics {
  /** Time for zoom, pan or tilt to travel their whole range, ms (0: instant). */
  readonly travelMs: number;
  /** Time for the lens to travel from its nearest to its farthest focus, ms (0: instant). */
  readonly focusTravelMs: number;
  /** Time constant of continuous auto exposure, white balance and focus, ms (0: instant). */
  readonly convergeMs: number;
  /** Length of a single-shot sweep, ms (0: the result is there at once). */
  readonly sweepMs: number;
  /**
   * In automatic modes, settings() reports the values in effect (exposure time, ISO, colour
   * temperature, focus distance the automatics chose) when true; the values last set when false.
   */
  readonly reportDerived: boolean;
}

/** What a photo override is given. */
export interface PhotoOverrideContext {
  readonly info: CameraDeviceInfo;
  readonly settings: SourceSettings;
  /** Clock time of the shot, ms. */
  readonly time: number;
  readonly signal: AbortSignal;
}

/**
 * Replaces the rendered still: return a Still (e.g. `{ kind: 'encoded', blob }`), or undefined to
 * render as usual. A rejection fails the capture.
 */
export type PhotoOverride = (
  settings: SourcePhotoSettings,
  context: PhotoOverrideContext,
) => Still | undefined | Promise<Still | undefined>;

export interface Preset {
  /** Short name; the device id is `virtual:<id>`. */
  readonly id: string;
  readonly label: string;
  /** "phone", "webcam"… (CameraDeviceInfo.kindLabel). */
  readonly kindLabel: string;
  readonly facingMode?: VideoFacingMode;
  readonly groupId: string;
  /** Full sensor size in pixels: stills up to this size, and the field of view's aspect ratio. */
  readonly sensor: { readonly width: number; readonly height: number };
  readonly videoModes: readonly VideoMode[];
  readonly minFrameRate: number;
  readonly resizeModes: readonly VideoResizeMode[];
  readonly capabilities: PresetCapabilities;
  readonly photo: SourceCapabilities['photo'];
  /** Values at open (before `initial`), one for every capability the preset has. */
  readonly defaults: { readonly settings: Readonly<SourceSettings>; readonly photo: Readonly<SourcePhotoSettings> };
  readonly optics: PresetOptics;
  /** EXIF Make and Model of stills. */
  readonly exif: { readonly make: string; readonly model: string };
  readonly dynamics: PresetDynamics;
  /** Properties done in software (CameraDeviceInfo.emulated). */
  readonly emulated?: readonly string[];
  readonly takePhoto?: PhotoOverride;
}
