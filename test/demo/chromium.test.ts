/**
 * The demo page in Chromium: the fake camera with pan/tilt/zoom granted over CDP (zoom 100–400),
 * and the browser's own ImageCapture next to imagecapture's.
 */
import { launchChromium } from '../browser/engines.js';
import { defineDemoSuite } from './suite.js';

defineDemoSuite({
  engine: 'chromium',
  launch: launchChromium,
  zoom: { min: 100, max: 400, from: 100, to: 200 },
  controls: ['exposureMode', 'focusMode', 'exposureTime', 'focusDistance', 'pan', 'tilt', 'zoom', 'frameRate'],
  refusesOutOfRange: true,
  native: true,
});
