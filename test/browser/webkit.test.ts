/** The polyfill in WebKitGTK's MiniBrowser (no native ImageCapture by default), under Xvfb. */
import { launchWebKit } from './engines.js';
import { defineBrowserSuite } from './suite.js';

defineBrowserSuite({
  engine: 'WebKit',
  launch: launchWebKit,
  impls: ['polyfill'],
  // The default mock camera has no zoom; the second one (zoom 1–4, torch) is used by the zoom and flash cases.
  zoomInput: { min: 1, max: 4, value: 2 },
  environment: { nativeImageCapture: false, installed: 'installed' },
});
