/**
 * The constrainable-property table: one row per property (https://w3c.github.io/mediacapture-image/#constrainable-properties,
 * https://w3c.github.io/mediacapture-main/#constrainable-properties).
 * Capabilities, settings, constraint conversion, fitness distance, validation, the CLI's flags
 * and its capability table are all driven from these rows. Adding a property is adding a row.
 */
import {
  FACING_MODE_VALUES,
  METERING_MODE_VALUES,
  type MediaSettingsRange,
  type NumberRange,
  type Point2D,
  RESIZE_MODE_VALUES,
} from '../spec/dictionaries.js';

/** How a constraint on the property is written (the WebIDL typedef). */
export type ConstraintType =
  | 'ConstrainULong'
  | 'ConstrainDouble'
  | 'ConstrainDOMString'
  | 'ConstrainBoolean'
  | 'ConstrainPoint2D'
  /** `(boolean or ConstrainDouble)`: pan, tilt and zoom (https://w3c.github.io/mediacapture-image/#pan). */
  | 'ConstrainBooleanOrDouble';

/** The shape of the property's entry in getCapabilities(). */
export type CapabilityShape =
  /** `{min, max, step?}` (ULongRange, DoubleRange or MediaSettingsRange) */
  | 'range'
  /** `sequence<DOMString>` */
  | 'list'
  /** `sequence<boolean>` (spec) — torch, echoCancellation… */
  | 'booleans'
  /** a single DOMString (deviceId, groupId) */
  | 'string'
  /** no capability member (pointsOfInterest) */
  | 'none';

export type SettingType = 'long' | 'double' | 'DOMString' | 'boolean' | 'Point2D[]';

export interface PropertyRow {
  readonly name: string;
  readonly kind: 'video' | 'audio';
  readonly constraint: ConstraintType;
  readonly capability: CapabilityShape;
  readonly setting: SettingType;
  /** Unit for people (CLI tables, messages); '' when the value has none. */
  readonly unit: string;
  /** One of the 17 properties that MediaStream Image Capture adds (https://w3c.github.io/mediacapture-image/#extensions). */
  readonly imageCapture: boolean;
  /** Pan, tilt, zoom: gated by the camera pan-tilt-zoom permission (https://w3c.github.io/mediacapture-image/#pan). */
  readonly ptz: boolean;
  /** On https://w3c.github.io/mediacapture-main/#dfn-allowed-required-constraints-for-device-selection. */
  readonly requiredAllowed: boolean;
  /** Allowed values of a string property. */
  readonly values?: readonly string[];
  /**
   * The mode property that must have a given value for this one to take effect
   * (https://w3c.github.io/mediacapture-image/#constrainable-properties).
   */
  readonly effectiveWhen?: { readonly property: string; readonly values: readonly string[] };
  /** A sentence for people. */
  readonly summary: string;
}

type RowInit = Omit<PropertyRow, 'kind' | 'imageCapture' | 'ptz' | 'requiredAllowed'> & Partial<PropertyRow>;
type Made<D, R> = Readonly<Omit<D, keyof R> & R>;

/** A row maker: the defaults of one group of rows, under what each row says; literal types kept. */
function rows<const D extends Partial<PropertyRow>>(defaults: D) {
  return <const R extends RowInit>(row: R): Made<D, R> => ({ ...defaults, ...row }) as Made<D, R>;
}

const video = rows({ kind: 'video', imageCapture: false, ptz: false, requiredAllowed: true });
const imageCapture = rows({ kind: 'video', imageCapture: true, ptz: false, requiredAllowed: false });
const audio = rows({ kind: 'audio', imageCapture: false, ptz: false, requiredAllowed: true });

const PROPERTIES = [
  // gUM video properties
  video({
    name: 'deviceId',
    constraint: 'ConstrainDOMString',
    capability: 'string',
    setting: 'DOMString',
    unit: '',
    summary: 'Identifier of the camera.',
  }),
  video({
    name: 'groupId',
    constraint: 'ConstrainDOMString',
    capability: 'string',
    setting: 'DOMString',
    unit: '',
    summary: 'Identifier of the physical device the camera belongs to.',
  }),
  video({
    name: 'width',
    constraint: 'ConstrainULong',
    capability: 'range',
    setting: 'long',
    unit: 'px',
    summary: 'Width of the video frames.',
  }),
  video({
    name: 'height',
    constraint: 'ConstrainULong',
    capability: 'range',
    setting: 'long',
    unit: 'px',
    summary: 'Height of the video frames.',
  }),
  video({
    name: 'aspectRatio',
    constraint: 'ConstrainDouble',
    capability: 'range',
    setting: 'double',
    unit: '',
    summary: 'Width divided by height of the video frames.',
  }),
  video({
    name: 'frameRate',
    constraint: 'ConstrainDouble',
    capability: 'range',
    setting: 'double',
    unit: 'fps',
    summary: 'Frames per second.',
  }),
  video({
    name: 'facingMode',
    constraint: 'ConstrainDOMString',
    capability: 'list',
    setting: 'DOMString',
    unit: '',
    values: FACING_MODE_VALUES,
    summary: 'Which way the camera faces.',
  }),
  video({
    name: 'resizeMode',
    constraint: 'ConstrainDOMString',
    capability: 'list',
    setting: 'DOMString',
    unit: '',
    values: RESIZE_MODE_VALUES,
    summary: 'Whether frames may be cropped and scaled from a native mode.',
  }),
  // MediaStream Image Capture (https://w3c.github.io/mediacapture-image/#extensions), in the spec's order
  imageCapture({
    name: 'whiteBalanceMode',
    constraint: 'ConstrainDOMString',
    capability: 'list',
    setting: 'DOMString',
    unit: '',
    values: METERING_MODE_VALUES,
    summary: 'White-balance mode.',
  }),
  imageCapture({
    name: 'exposureMode',
    constraint: 'ConstrainDOMString',
    capability: 'list',
    setting: 'DOMString',
    unit: '',
    values: METERING_MODE_VALUES,
    summary: 'Exposure mode.',
  }),
  imageCapture({
    name: 'focusMode',
    constraint: 'ConstrainDOMString',
    capability: 'list',
    setting: 'DOMString',
    unit: '',
    values: METERING_MODE_VALUES,
    summary: 'Focus mode.',
  }),
  imageCapture({
    name: 'pointsOfInterest',
    constraint: 'ConstrainPoint2D',
    capability: 'none',
    setting: 'Point2D[]',
    unit: 'normalised x,y',
    summary: 'Points used as centres for metering, focus and white balance.',
  }),
  imageCapture({
    name: 'exposureCompensation',
    constraint: 'ConstrainDouble',
    capability: 'range',
    setting: 'double',
    unit: 'EV',
    effectiveWhen: { property: 'exposureMode', values: ['single-shot', 'continuous'] },
    summary: 'Exposure compensation for automatic exposure.',
  }),
  imageCapture({
    name: 'exposureTime',
    constraint: 'ConstrainDouble',
    capability: 'range',
    setting: 'double',
    unit: '×100 µs',
    effectiveWhen: { property: 'exposureMode', values: ['manual'] },
    summary: 'Exposure time in units of 100 µs (manual exposure).',
  }),
  imageCapture({
    name: 'colorTemperature',
    constraint: 'ConstrainDouble',
    capability: 'range',
    setting: 'double',
    unit: 'K',
    effectiveWhen: { property: 'whiteBalanceMode', values: ['manual'] },
    summary: 'Colour temperature of the scene light (manual white balance).',
  }),
  imageCapture({
    name: 'iso',
    constraint: 'ConstrainDouble',
    capability: 'range',
    setting: 'double',
    unit: 'ISO',
    summary: 'Sensor sensitivity.',
  }),
  imageCapture({
    name: 'brightness',
    constraint: 'ConstrainDouble',
    capability: 'range',
    setting: 'double',
    unit: '',
    summary: 'Brightness.',
  }),
  imageCapture({ name: 'contrast', constraint: 'ConstrainDouble', capability: 'range', setting: 'double', unit: '', summary: 'Contrast.' }),
  imageCapture({
    name: 'saturation',
    constraint: 'ConstrainDouble',
    capability: 'range',
    setting: 'double',
    unit: '',
    summary: 'Colour saturation.',
  }),
  imageCapture({
    name: 'sharpness',
    constraint: 'ConstrainDouble',
    capability: 'range',
    setting: 'double',
    unit: '',
    summary: 'Sharpening; the minimum means none.',
  }),
  imageCapture({
    name: 'focusDistance',
    constraint: 'ConstrainDouble',
    capability: 'range',
    setting: 'double',
    unit: 'm',
    effectiveWhen: { property: 'focusMode', values: ['manual'] },
    summary: 'Distance to the plane of best focus.',
  }),
  imageCapture({
    name: 'pan',
    constraint: 'ConstrainBooleanOrDouble',
    capability: 'range',
    setting: 'double',
    unit: 'arcsec',
    ptz: true,
    summary: 'Horizontal direction, positive clockwise seen from above.',
  }),
  imageCapture({
    name: 'tilt',
    constraint: 'ConstrainBooleanOrDouble',
    capability: 'range',
    setting: 'double',
    unit: 'arcsec',
    ptz: true,
    summary: 'Vertical direction, positive upwards.',
  }),
  imageCapture({
    name: 'zoom',
    constraint: 'ConstrainBooleanOrDouble',
    capability: 'range',
    setting: 'double',
    unit: '×',
    ptz: true,
    summary: 'Zoom ratio.',
  }),
  imageCapture({
    name: 'torch',
    constraint: 'ConstrainBoolean',
    capability: 'booleans',
    setting: 'boolean',
    unit: '',
    summary: 'Continuous fill light.',
  }),
  // gUM audio properties
  audio({
    name: 'sampleRate',
    constraint: 'ConstrainULong',
    capability: 'range',
    setting: 'long',
    unit: 'Hz',
    summary: 'Samples per second.',
  }),
  audio({
    name: 'sampleSize',
    constraint: 'ConstrainULong',
    capability: 'range',
    setting: 'long',
    unit: 'bits',
    summary: 'Bits per sample.',
  }),
  audio({
    name: 'channelCount',
    constraint: 'ConstrainULong',
    capability: 'range',
    setting: 'long',
    unit: '',
    summary: 'Number of channels.',
  }),
  audio({ name: 'latency', constraint: 'ConstrainDouble', capability: 'range', setting: 'double', unit: 's', summary: 'Latency.' }),
  audio({
    name: 'echoCancellation',
    constraint: 'ConstrainBoolean',
    capability: 'booleans',
    setting: 'boolean',
    unit: '',
    summary: 'Echo cancellation.',
  }),
  audio({
    name: 'autoGainControl',
    constraint: 'ConstrainBoolean',
    capability: 'booleans',
    setting: 'boolean',
    unit: '',
    summary: 'Automatic gain control.',
  }),
  audio({
    name: 'noiseSuppression',
    constraint: 'ConstrainBoolean',
    capability: 'booleans',
    setting: 'boolean',
    unit: '',
    summary: 'Noise suppression.',
  }),
  audio({
    name: 'deviceId',
    constraint: 'ConstrainDOMString',
    capability: 'string',
    setting: 'DOMString',
    unit: '',
    summary: 'Identifier of the microphone.',
  }),
  audio({
    name: 'groupId',
    constraint: 'ConstrainDOMString',
    capability: 'string',
    setting: 'DOMString',
    unit: '',
    summary: 'Identifier of the physical device the microphone belongs to.',
  }),
] as const satisfies readonly PropertyRow[];

export const VIDEO_PROPERTIES: readonly PropertyRow[] = (PROPERTIES as readonly PropertyRow[]).filter((p) => p.kind === 'video');
export const AUDIO_PROPERTIES: readonly PropertyRow[] = (PROPERTIES as readonly PropertyRow[]).filter((p) => p.kind === 'audio');
/** The 17 properties of https://w3c.github.io/mediacapture-image/#extensions, in the spec's order. */
export const IMAGE_CAPTURE_PROPERTIES: readonly PropertyRow[] = (PROPERTIES as readonly PropertyRow[]).filter((p) => p.imageCapture);
export const PTZ_PROPERTIES: readonly PropertyRow[] = (PROPERTIES as readonly PropertyRow[]).filter((p) => p.ptz);
/** The image-capture properties whose capability is a MediaSettingsRange, in the table's order (checked at load). */
export const IMAGE_CAPTURE_RANGE_NAMES = [
  'exposureCompensation',
  'exposureTime',
  'colorTemperature',
  'iso',
  'brightness',
  'contrast',
  'saturation',
  'sharpness',
  'focusDistance',
  'pan',
  'tilt',
  'zoom',
] as const;
export type ImageCaptureRangeName = (typeof IMAGE_CAPTURE_RANGE_NAMES)[number];
if (IMAGE_CAPTURE_PROPERTIES.filter((p) => p.capability === 'range').map((p) => p.name).join() !== IMAGE_CAPTURE_RANGE_NAMES.join()) {
  throw new Error('IMAGE_CAPTURE_RANGE_NAMES does not match the property table.');
}

const byVideoName = new Map(VIDEO_PROPERTIES.map((p) => [p.name, p]));
const byAudioName = new Map(AUDIO_PROPERTIES.map((p) => [p.name, p]));

export function propertyRow(name: string, kind: 'video' | 'audio' = 'video'): PropertyRow | undefined {
  return (kind === 'video' ? byVideoName : byAudioName).get(name);
}

/** Names of every property of a kind (for getSupportedConstraints and dictionary conversion). */
export function propertyNames(kind: 'video' | 'audio'): string[] {
  return (kind === 'video' ? VIDEO_PROPERTIES : AUDIO_PROPERTIES).map((p) => p.name);
}

/** gUM getSupportedConstraints(): every property either kind knows. */
export function supportedConstraints(): Record<string, true> {
  const out: Record<string, true> = {};
  for (const p of PROPERTIES) out[p.name] = true;
  return out;
}

// The types of the dictionaries, derived from the rows: a new row is a new member of each.

type Row = (typeof PROPERTIES)[number];
type ImageCaptureRow = Extract<Row, { readonly imageCapture: true }>;

/** A number, string, boolean or list of points, as the row's `setting` says. */
type SettingValue<R extends PropertyRow> = R['setting'] extends 'long' | 'double'
  ? number
  : R['setting'] extends 'boolean'
    ? boolean
    : R['setting'] extends 'Point2D[]'
      ? Point2D[]
      : string;

/** MediaTrackSettings' members. */
export type TrackSettingsShape = { [R in Row as R['name']]?: SettingValue<R> };

/** MediaTrackCapabilities' members: torch also takes Chromium's plain `true` (docs/behaviour.md). */
export type TrackCapabilitiesShape = {
  [R in Row as R['capability'] extends 'none' ? never : R['name']]?: R['capability'] extends 'range'
    ? R['imageCapture'] extends true
      ? MediaSettingsRange
      : NumberRange
    : R['capability'] extends 'list'
      ? string[]
      : R['capability'] extends 'booleans'
        ? R['imageCapture'] extends true
          ? boolean[] | boolean
          : boolean[]
        : string;
};

/** https://w3c.github.io/mediacapture-main/#dom-constraindoublerange (ULongRange alike). */
export interface ConstrainNumberRange {
  min?: number;
  max?: number;
  exact?: number;
  ideal?: number;
}

interface ConstraintValues {
  ConstrainULong: number | ConstrainNumberRange;
  ConstrainDouble: number | ConstrainNumberRange;
  ConstrainDOMString: string | string[] | { exact?: string | string[]; ideal?: string | string[] };
  ConstrainBoolean: boolean | { exact?: boolean; ideal?: boolean };
  ConstrainPoint2D: Point2D[] | { exact?: Point2D[]; ideal?: Point2D[] };
  ConstrainBooleanOrDouble: boolean | number | ConstrainNumberRange;
}

/** MediaTrackConstraintSet's members. */
export type TrackConstraintSetShape = { [R in Row as R['name']]?: ConstraintValues[R['constraint']] };

/** A camera's value for an image-capture property: the row's enumeration where it has one. */
type DeviceValue<R extends PropertyRow> = R extends { readonly values: readonly (infer V)[] } ? V : SettingValue<R>;

/** What a camera reports for each image-capture property it has (pointsOfInterest: whether it meters at points). */
export type DeviceCapabilitiesShape = {
  readonly [R in ImageCaptureRow as R['name']]?: R['capability'] extends 'range'
    ? Readonly<MediaSettingsRange>
    : R['capability'] extends 'list'
      ? readonly DeviceValue<R>[]
      : R['capability'] extends 'booleans'
        ? readonly boolean[]
        : boolean;
};

/** A camera's current value of each image-capture property it has. */
export type DeviceSettingsShape = { [R in ImageCaptureRow as R['name']]?: DeviceValue<R> };
