/** The 2013 legacy layer in Firefox (its page's ImageCapture is the polyfill's). */
import { launchFirefox } from './engines.js';
import { defineLegacySuite } from './legacy-suite.js';

defineLegacySuite({
  engine: 'Firefox',
  launch: launchFirefox,
  overNative: false,
});
