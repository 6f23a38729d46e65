/** The 2013 legacy layer in Chromium (its page's ImageCapture is Chromium's own). */
import { launchChromium } from './engines.js';
import { defineLegacySuite } from './legacy-suite.js';

defineLegacySuite({
  engine: 'Chromium',
  launch: launchChromium,
  overNative: true,
});
