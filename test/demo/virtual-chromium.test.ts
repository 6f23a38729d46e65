/**
 * The demo page with `?camera=virtual`: the virtual camera inside the page, so every
 * image-capture control shows and acts on the preview, whatever the engine's own camera offers.
 */
import { launchChromium } from '../browser/engines.js';
import { defineDemoSuite } from './suite.js';

defineDemoSuite({
  engine: 'chromium-virtual',
  launch: launchChromium,
  query: '?camera=virtual',
  zoom: { min: 1, max: 10, from: 1, to: 2 },
  controls: [
    'whiteBalanceMode', 'exposureMode', 'focusMode', 'exposureCompensation', 'exposureTime', 'colorTemperature', 'iso',
    'brightness', 'contrast', 'saturation', 'sharpness', 'focusDistance', 'pan', 'tilt', 'zoom', 'torch', 'frameRate',
  ],
  refusesOutOfRange: true,
  native: false,
  defaultPhoto: { width: 4032, height: 3024 },
});
