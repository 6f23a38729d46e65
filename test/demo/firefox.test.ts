/**
 * The demo page in Firefox ESR: its fake camera reports none of the Image Capture properties, so
 * only the video controls appear, and every capture goes through imagecapture.
 */
import { launchFirefox } from '../browser/engines.js';
import { defineDemoSuite } from './suite.js';

defineDemoSuite({
  engine: 'firefox',
  launch: launchFirefox,
  controls: ['frameRate'],
  refusesOutOfRange: false,
  native: false,
});
