/** The browser backend: ImageCapture over the browser's own MediaStreamTracks. */
export { BrowserCaptureTarget, browserCaptureTarget, isNativeTrack, registerBrowserCaptureTargets } from './target.js';
export { FrameSource, SIZE_CHANGE_WAIT_MS, type FrameSize, type FrameWish } from './frames.js';
export { AUTO_FLASH_LUMA, FRAME_DEADLINE_MS, photoCapabilitiesOf } from './photo.js';
