/**
 * The demo page in WebKitGTK's MiniBrowser: "Mock video device 2" reports zoom 1–4, torch and
 * whiteBalanceMode, so their controls appear; captures go through imagecapture.
 */
import { launchWebKit } from '../browser/engines.js';
import { defineDemoSuite } from './suite.js';

defineDemoSuite({
  engine: 'webkit',
  launch: launchWebKit,
  camera: 'Mock video device 2',
  zoom: { min: 1, max: 4, from: 1, to: 3 },
  controls: ['whiteBalanceMode', 'zoom', 'torch', 'frameRate'],
  refusesOutOfRange: true,
  native: false,
});
