/** The demo page with the virtual camera inside the page (`?camera=virtual`), in Chromium. */
import { launchChromium } from '../browser/engines.js';
import { defineVirtualDemoSuite } from './suite.js';

defineVirtualDemoSuite('chromium', launchChromium);
