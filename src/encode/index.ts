/**
 * Image encoding: RGBA pixels to JPEG/PNG/WebP Blobs with a minimal EXIF block
 * (https://w3c.github.io/mediacapture-image/#securityandprivacy), and back. sharp is loaded only when
 * something is first encoded or decoded.
 */
export {
  DEFAULT_IMAGE_TYPE,
  DEFAULT_QUALITY,
  SUPPORTED_IMAGE_TYPES,
  encoderQuality,
  isSupportedImageType,
  resolveImageType,
  type SupportedImageType,
} from './options.js';
export { EXIF_SOFTWARE, buildExif, formatExifDate, toRational, type ExifImageInfo } from './exif.js';
export { exifParts, insertExif, sniffContainer, type ContainerFormat } from './exif-insert.js';
export { findExif, readExif, readExifEntries, type ExifEntry } from './exif-read.js';
export {
  decodeToRaw,
  encodeRaw,
  loadSharp,
  type DecodeOptions,
  type EncodeOptions,
  type RgbaImage,
} from './node.js';
