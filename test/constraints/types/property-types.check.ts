// Compile-time checks of the types derived from the property table (run by property-types.test.ts).
import type { SourceCapabilities, SourceSettings } from '../../../src/backends/backend.js';
import type {
  MediaSettingsRange,
  MediaTrackCapabilities,
  MediaTrackConstraints,
  MediaTrackSettings,
  MeteringMode,
  NumberRange,
  Point2D,
  VideoResizeMode,
} from '../../../src/spec/types.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expect<T extends true>(): T | undefined {
  return undefined;
}

// Settings: one optional member per row, typed by the row's `setting`.
expect<Equal<MediaTrackSettings['zoom'], number | undefined>>();
expect<Equal<MediaTrackSettings['width'], number | undefined>>();
expect<Equal<MediaTrackSettings['facingMode'], string | undefined>>();
expect<Equal<MediaTrackSettings['torch'], boolean | undefined>>();
expect<Equal<MediaTrackSettings['pointsOfInterest'], Point2D[] | undefined>>();
expect<Equal<MediaTrackSettings['echoCancellation'], boolean | undefined>>();
expect<Equal<keyof MediaTrackSettings extends string ? true : false, true>>();

// Capabilities: the row's capability shape; no member for pointsOfInterest.
expect<Equal<MediaTrackCapabilities['zoom'], MediaSettingsRange | undefined>>();
expect<Equal<MediaTrackCapabilities['frameRate'], NumberRange | undefined>>();
expect<Equal<MediaTrackCapabilities['exposureMode'], string[] | undefined>>();
expect<Equal<MediaTrackCapabilities['torch'], boolean[] | boolean | undefined>>();
expect<Equal<MediaTrackCapabilities['deviceId'], string | undefined>>();
expect<Equal<'pointsOfInterest' extends keyof MediaTrackCapabilities ? true : false, false>>();

// Constraints: the row's constraint type.
const constraints: MediaTrackConstraints = {
  zoom: true,
  width: { ideal: 640 },
  facingMode: ['user'],
  torch: { exact: true },
  advanced: [{ pan: 3 }],
};
// @ts-expect-error a zoom is a number, a range or a boolean
const bad: MediaTrackConstraints = { zoom: 'far' };

// The camera's view: enumerations where the row has values.
expect<Equal<SourceSettings['exposureMode'], MeteringMode | undefined>>();
expect<Equal<SourceSettings['resizeMode'], VideoResizeMode>>();
expect<Equal<SourceSettings['colorTemperature'], number | undefined>>();
expect<Equal<SourceCapabilities['focusMode'], readonly MeteringMode[] | undefined>>();
expect<Equal<SourceCapabilities['pointsOfInterest'], boolean | undefined>>();
expect<Equal<SourceCapabilities['torch'], readonly boolean[] | undefined>>();

export { bad, constraints };
