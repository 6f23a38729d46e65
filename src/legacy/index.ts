/** The 2013 draft API: everything the First Public Working Draft defines, platform-neutral. */
export { ImageCapture, setLegacyPlatform, type LegacyPlatform } from './image-capture.js';
export { ImageCaptureError, FRAME_GRAB_ERROR, SETTINGS_ERROR, PHOTO_ERROR, ERROR_UNKNOWN, INVALID_TRACK } from './error.js';
export {
  BlobEvent,
  FrameGrabEvent,
  ImageCaptureErrorEvent,
  PhotoSettingsEvent,
  SettingsChangeEvent,
  type ImageDataLike,
} from './events.js';
export {
  MediaSettingsRange,
  MediaSettingsItem,
  EXPOSURE_MODES,
  type ExposureMode,
  type LegacyPhotoSettings as PhotoSettings,
  type PhotoSettingsOptions,
} from './settings.js';
