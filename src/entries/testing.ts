/**
 * `imagecapture/testing`: the testing surface (docs/testing.md). Importing it touches no global.
 *
 * - `ImageCaptureTest`: the mock camera suites written for Chromium's testing surface drive
 *   (initialize / reset / mockImageCapture with a live `state()` and the `options()` record).
 * - `TestCamera`: a camera for application tests: presets or partial capabilities, reported
 *   settings, injected failures, the requests the application made, a clock moved by hand.
 */
import { defaultRuntime } from '../media/default-runtime.js';
import type { PermissionState } from '../media/permissions.js';
import type { Runtime } from '../media/runtime.js';

export { ImageCaptureTest, type ImageCaptureTestOptions } from '../testing/image-capture-test.js';
export { MockImageCapture } from '../testing/mock-image-capture.js';
export {
  defaultMockState,
  type MockOptions,
  type MockRange,
  type MockState,
  METERING_MODES,
  FILL_LIGHT_MODES,
  RED_EYE_REDUCTIONS,
  BACKGROUND_BLUR_MODES,
} from '../testing/mock-state.js';
export {
  TestCamera,
  type TestCameraOperation,
  type TestCameraOptions,
  type CameraRequest,
  type OpenRequest,
  type SettingsRequest,
  type PhotoRequest,
} from '../testing/test-camera.js';
export { ManualClock, RealClock, type Clock } from '../backends/clock.js';
// The in-page virtual camera: exported here for its types (bundlers take the `browser` build of
// this module); in Node, install() rejects with NotSupportedError.
export { ImageCaptureVirtualCamera, type VirtualCameraOptions, type VirtualPresetName } from '../testing/browser/virtual-camera.js';
export type { CardImageInput, RgbaPixels } from '../backends/virtual/card-image.js';
export { definePreset, builtInPreset, PHONE_BACK, PHONE_FRONT, WEBCAM, type Preset, type PresetInit } from '../backends/virtual/index.js';

/**
 * Sets the camera pan-tilt-zoom permission, i.e. what
 * `navigator.permissions.query({ name: 'camera', panTiltZoom: true })` reports. "granted" also
 * grants the camera permission; the plain camera permission is left alone otherwise.
 */
export function setPanTiltZoomPermission(state: PermissionState, runtime: Runtime = defaultRuntime): void {
  runtime.permissions.set({ name: 'camera', panTiltZoom: true }, state);
}
