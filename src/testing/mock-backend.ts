/**
 * The `ImageCaptureTest` mock as a camera backend for the Node runtime: a virtual camera preset
 * (it renders the frames, keeps the video format and carries the fault hooks) seen through an
 * overlay that reports the mock's live state and records what is sent to it.
 */
import type { SourceSettings } from '../backends/backend.js';
import type { Clock } from '../backends/clock.js';
import { definePreset, PHONE_BACK, type Preset, VirtualCameraBackend } from '../backends/virtual/index.js';
import { type MockImageCapture, mockPhoto } from './mock-image-capture.js';
import { type DeviceOverlay, formatPart, OverlayBackend } from './overlay.js';

/** The virtual camera under the mock: a small set of video modes; stills are the mock's photo. */
const MOCK_PRESET: Preset = definePreset(
  {
    id: 'image-capture-test',
    label: 'ImageCaptureTest mock camera',
    kindLabel: 'mock',
    groupId: 'image-capture-test',
    facingMode: null,
    videoModes: [
      { width: 640, height: 480, frameRate: 30 },
      { width: 1280, height: 720, frameRate: 30 },
      { width: 1920, height: 1080, frameRate: 30 },
    ],
    dynamics: { travelMs: 0, focusTravelMs: 0, convergeMs: 0, sweepMs: 0, reportDerived: false },
    takePhoto: () => ({ kind: 'encoded', blob: mockPhoto() }),
  },
  PHONE_BACK,
);

/** The overlay that makes a device report the mock's state. */
function mockOverlay(mock: MockImageCapture): DeviceOverlay {
  return {
    capabilities: (inner) => mock.capabilities(inner),
    settings: (inner: SourceSettings) =>
      mock.settings({ width: inner.width, height: inner.height, frameRate: inner.frameRate, resizeMode: inner.resizeMode }),
    photoSettings: () => mock.photoSettings(),
    forward: formatPart,
    applied: (update) => mock.sendSettings(update),
    photo: (settings) => mock.sendPhotoSettings(settings),
  };
}

/** A backend offering the one mock camera. */
export function mockBackend(mock: MockImageCapture, clock?: Clock): OverlayBackend {
  const inner = new VirtualCameraBackend({ presets: [MOCK_PRESET], ...(clock ? { clock } : {}) });
  return new OverlayBackend('image-capture-test', inner, mockOverlay(mock));
}
