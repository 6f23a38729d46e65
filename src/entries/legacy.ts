/**
 * `imagecapture/legacy` in Node: the 2013 event-based ImageCapture over this package's runtime.
 * getFrame() delivers an ImageData (the runtime's, with width, height and RGBA data).
 */
import { ImageCapture as ModernImageCapture } from '../image-capture/image-capture.js';
import { getImageBitmapPixels, ImageData } from '../media/image-bitmap.js';
import { isTrack } from '../media/track.js';
import { setLegacyPlatform } from '../legacy/image-capture.js';

setLegacyPlatform({
  ImageCapture: ModernImageCapture as never,
  isTrack: (v) => isTrack(v),
  async toImageData(bitmap) {
    const px = getImageBitmapPixels(bitmap as never);
    bitmap.close();
    return new ImageData(px.data, px.width, px.height);
  },
});

export * from '../legacy/index.js';
