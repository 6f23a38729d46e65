/** The polyfill in Firefox ESR (no native ImageCapture), driven over WebDriver BiDi. */
import { launchFirefox } from './engines.js';
import { defineBrowserSuite } from './suite.js';

defineBrowserSuite({
  engine: 'Firefox',
  launch: launchFirefox,
  impls: ['polyfill'],
  // Firefox's fake camera has no zoom: the flow returns early.
  zoomInput: { min: 0, max: 100, value: 50 },
  environment: { nativeImageCapture: false, installed: 'installed' },
});
