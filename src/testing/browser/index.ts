/**
 * `dist/imagecapture.testing.js`: a self-contained script (load it after the polyfill bundle, or
 * alone) that defines the globals `ImageCaptureTest` and `ImageCaptureVirtualCamera` where the
 * page has none. Its ImageCapture also accepts the browser's own tracks outside a mock session,
 * as the ponyfill does.
 */
import { registerBrowserCaptureTargets } from '../../backends/browser/target.js';
import { ImageCapture } from '../../image-capture/image-capture.js';
import { MockImageCapture } from '../mock-image-capture.js';
import { ImageCaptureTest } from './image-capture-test.js';
import { ImageCaptureVirtualCamera } from './virtual-camera.js';

registerBrowserCaptureTargets();

const g = globalThis as Record<string, unknown>;
if (g.ImageCaptureTest === undefined) {
  Object.defineProperty(g, 'ImageCaptureTest', { value: ImageCaptureTest, writable: true, configurable: true, enumerable: false });
}
if (g.ImageCaptureVirtualCamera === undefined) {
  Object.defineProperty(
    g,
    'ImageCaptureVirtualCamera',
    { value: ImageCaptureVirtualCamera, writable: true, configurable: true, enumerable: false },
  );
}

export { ImageCaptureTest, ImageCapture, MockImageCapture, ImageCaptureVirtualCamera };
