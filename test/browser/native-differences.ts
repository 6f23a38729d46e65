/**
 * Where Chromium's native ImageCapture (Chromium 156, fake camera) behaves differently from the
 * ponyfill, each with its reason. The Chromium tests run every case against both and expect the
 * native behaviour listed here wherever the two differ; anything not listed must match.
 */
import type { Difference } from './engine-differences.js';

export interface NativeDifference {
  /** Key the tests look up. */
  readonly id: string;
  readonly native: string;
  readonly ponyfill: string;
  readonly reason: string;
}

export const NATIVE_DIFFERENCES: readonly NativeDifference[] = [
  {
    id: 'takePhoto.size',
    native: 'ignores imageWidth/imageHeight: the photo has the video size (640×480 asked 1920×1080)',
    ponyfill: 'the photo has exactly the requested size (the track is raised for the shot, then restored)',
    reason: "Chromium's fake device (and many real drivers) cannot change the still size; it returns the video frame.",
  },
  {
    id: 'takePhoto.type',
    native: 'image/png',
    ponyfill: 'image/jpeg at quality 0.92 (the constructor option mimeType chooses another)',
    reason: 'The fake device encodes stills as PNG; the ponyfill encodes with the canvas, JPEG by default like cameras.',
  },
  {
    id: 'photoCapabilities.ranges',
    native: 'imageWidth 96–1920, imageHeight 96–1080 (the device still-size range)',
    ponyfill: "the track's width/height ranges (1–3840 × 1–2160 here)",
    reason: 'The ponyfill makes photos from video frames, so any size the track can deliver or be scaled to is possible.',
  },
  {
    id: 'photoCapabilities.fillLightMode',
    native: 'left out when the device has no flash',
    ponyfill: '["off"] without a torch; ["auto", "off", "flash"] with one',
    reason: 'Chromium omits empty lists (docs/behaviour.md); the spec dictionary member is a list of the supported modes.',
  },
  {
    id: 'photoSettings.members',
    native: 'only imageWidth and imageHeight',
    ponyfill: 'also fillLightMode ("off") and redEyeReduction (false)',
    reason: 'Chromium never reports fill light or red-eye settings (crbug 732521, docs/behaviour.md).',
  },
  {
    id: 'takePhoto.validatesBeforeCapabilities',
    native: 'imageWidth 99999 resolves (a photo) when no capabilities were fetched yet; NotSupportedError afterwards',
    ponyfill: 'NotSupportedError always',
    reason: 'Chromium range-checks only against capabilities it has cached (docs/behaviour.md).',
  },
  {
    id: 'takePhoto.flashWithoutFlash',
    native: 'fillLightMode "flash" on a camera without flash resolves',
    ponyfill: 'NotSupportedError ("flash" is not among the supported modes)',
    reason: 'Chromium checks fillLightMode only against a non-empty capability list.',
  },
  {
    id: 'grabFrame.rejectionValue',
    native: 'a second concurrent grabFrame(), or one whose track stopped, rejects with undefined',
    ponyfill: 'UnknownError DOMException',
    reason: 'Chromium rejects without a value (docs/behaviour.md); the spec says UnknownError.',
  },
  {
    id: 'grabFrame.stopped',
    native: 'a grabFrame() pending when the track stops settles only at the 2 s frame timeout',
    ponyfill: 'rejects with UnknownError as soon as stop() is called',
    reason: 'Chromium waits for a frame that never comes; the ponyfill watches stop().',
  },
  {
    id: 'takePhoto.stopped',
    native: 'UnknownError ("setPhotoOptions failed") or OperationError, depending on timing',
    ponyfill: 'UnknownError',
    reason: 'Chromium reports the failing pipeline step (docs/behaviour.md); the spec says UnknownError.',
  },
  {
    id: 'grabFrame.latency',
    native: 'every grabFrame() waits for the next frame (one frame interval, ~50 ms at 20 fps)',
    ponyfill: 'returns a decoded frame not handed out before at once; waits only when there is none',
    reason: 'Measured in bench/browser.ts; not asserted in tests (no timing assertions).',
  },
];

const ids = new Set(NATIVE_DIFFERENCES.map((d) => d.id));

/**
 * Whether a test running `impl` should expect the native behaviour of difference `id`: only for
 * the native implementation, and only for differences recorded above (an unknown id throws).
 */
export function expectsNative(impl: string, id: string): boolean {
  if (!ids.has(id)) throw new Error(`native-differences.ts has no entry "${id}"`);
  return impl === 'native';
}

/**
 * Where Chromium's native ImageCapture fails a conformance case (test/conformance) that the
 * ponyfill passes, with what the case observes there (asserted by conformance-chromium.test.ts).
 */
export const NATIVE_CONFORMANCE_DIFFERENCES: readonly Omit<Difference, 'engine'>[] = [
  {
    id: 18,
    title: 'picks the closest size',
    reason: reasonOf('takePhoto.size'),
    observed: { status: 'fail', reason: /photo size for a request of [\d.]+x[\d.]+: .*\{width: 640, height: 480, format: "png"\}/s },
  },
  {
    id: 22,
    reason: reasonOf('takePhoto.flashWithoutFlash'),
    observed: {
      status: 'fail',
      reason: /takePhoto\(\{fillLightMode: "\w+"\}\) with modes undefined: expected a rejection with NotSupportedError, but it resolved/,
    },
  },
  {
    id: 27,
    reason: reasonOf('photoCapabilities.fillLightMode'),
    observed: { status: 'fail', reason: /fillLightMode is an array \(got undefined\)/ },
  },
];

function reasonOf(id: string): string {
  const d = NATIVE_DIFFERENCES.find((x) => x.id === id);
  if (!d) throw new Error(`native-differences.ts has no entry "${id}"`);
  return `${d.native} — ${d.reason}`;
}
