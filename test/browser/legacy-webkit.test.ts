/** The 2013 legacy layer in WebKit (its page's ImageCapture is the polyfill's). */
import { launchWebKit } from './engines.js';
import { defineLegacySuite } from './legacy-suite.js';

defineLegacySuite({
  engine: 'WebKit',
  launch: launchWebKit,
  overNative: false,
});
