/** Small device models for the selection and view tests. */
import type { SourceCapabilities, SourceSettings } from '../../src/backends/backend.js';
import type { DeviceModel } from '../../src/constraints/select-settings.js';

/** A camera with every image-capture property, 720p and VGA native modes and crop-and-scale. */
export function fullCapabilities(overrides: Partial<SourceCapabilities> = {}): SourceCapabilities {
  return {
    videoModes: [
      { width: 1280, height: 720, frameRate: 30 },
      { width: 640, height: 480, frameRate: 60 },
    ],
    resizeModes: ['none', 'crop-and-scale'],
    minFrameRate: 1,
    whiteBalanceMode: ['manual', 'continuous'],
    exposureMode: ['manual', 'continuous'],
    focusMode: ['manual', 'single-shot', 'continuous'],
    pointsOfInterest: true,
    exposureCompensation: { min: -2, max: 2, step: 0.5 },
    exposureTime: { min: 1, max: 10000, step: 1 },
    colorTemperature: { min: 2500, max: 8000, step: 100 },
    iso: { min: 100, max: 3200, step: 100 },
    brightness: { min: 0, max: 255, step: 1 },
    contrast: { min: 0, max: 255, step: 1 },
    saturation: { min: 0, max: 255, step: 1 },
    sharpness: { min: 0, max: 7, step: 1 },
    focusDistance: { min: 0.1, max: 10, step: 0.1 },
    pan: { min: -648000, max: 648000, step: 3600 },
    tilt: { min: -648000, max: 648000, step: 3600 },
    zoom: { min: 1, max: 10, step: 0.1 },
    torch: [true, false],
    photo: { redEyeReduction: 'never', fillLightMode: ['off', 'flash'] },
    ...overrides,
  };
}

export function fullSettings(overrides: Partial<SourceSettings> = {}): SourceSettings {
  return {
    width: 1280,
    height: 720,
    frameRate: 30,
    resizeMode: 'none',
    whiteBalanceMode: 'continuous',
    exposureMode: 'continuous',
    focusMode: 'continuous',
    pointsOfInterest: [],
    exposureCompensation: 0,
    exposureTime: 100,
    colorTemperature: 5000,
    iso: 400,
    brightness: 128,
    contrast: 128,
    saturation: 128,
    sharpness: 3,
    focusDistance: 1,
    pan: 0,
    tilt: 0,
    zoom: 1,
    torch: false,
    ...overrides,
  };
}

/** A live track's device: full capabilities, PTZ granted unless said otherwise. */
export function liveDevice(overrides: Partial<DeviceModel> = {}): DeviceModel {
  return {
    deviceId: 'cam-1',
    groupId: 'group-1',
    facingMode: 'user',
    capabilities: fullCapabilities(),
    ptzAllowed: true,
    current: fullSettings(),
    ...overrides,
  };
}

/** A plain webcam: no image-capture properties, only native modes. */
export function plainCapabilities(overrides: Partial<SourceCapabilities> = {}): SourceCapabilities {
  return {
    videoModes: [{ width: 640, height: 480, frameRate: 30 }],
    resizeModes: ['none'],
    minFrameRate: 30,
    photo: { redEyeReduction: 'never', fillLightMode: ['off'] },
    ...overrides,
  };
}
