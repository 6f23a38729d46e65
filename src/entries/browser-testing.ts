/**
 * `imagecapture/testing` in bundled browser tests (the "browser" condition): the testing surface
 * of a page, as imports. Importing it defines no global; `ImageCaptureVirtualCamera.install()`
 * and `new ImageCaptureTest().initialize()` change the page only until they are undone.
 */
import { registerBrowserCaptureTargets } from '../backends/browser/target.js';

registerBrowserCaptureTargets();

export { ImageCapture } from '../image-capture/image-capture.js';
export { ImageCaptureTest } from '../testing/browser/image-capture-test.js';
export { MockImageCapture } from '../testing/mock-image-capture.js';
export { ImageCaptureVirtualCamera, type VirtualCameraOptions, type VirtualPresetName } from '../testing/browser/virtual-camera.js';
export type { CardImageInput, RgbaPixels } from '../backends/virtual/card-image.js';
