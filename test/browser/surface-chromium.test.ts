/** The media surface around ImageCapture in Chromium. */
import { launchChromium } from './engines.js';
import { defineSurfaceSuite } from './surface-suite.js';

defineSurfaceSuite({ engine: 'Chromium', launch: launchChromium, completes: false });
