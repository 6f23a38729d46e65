/**
 * `imagecapture` in browsers (the package's "browser" export condition): the ponyfill. It exports
 * an ImageCapture that works over the browser's own MediaStreamTracks in every engine, and never
 * touches globals (README.md, "Entry points"). `imagecapture/polyfill` installs it.
 */
import { registerBrowserCaptureTargets } from '../backends/browser/target.js';

registerBrowserCaptureTargets();

export { ImageCapture, type ImageCaptureOptions } from '../image-capture/image-capture.js';
export type { FillLightMode, MediaSettingsRange, PhotoCapabilities, PhotoSettings, RedEyeReduction } from '../spec/types.js';
