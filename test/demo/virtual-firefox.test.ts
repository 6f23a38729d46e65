/** The demo page with the virtual camera inside the page (`?camera=virtual`), in Firefox. */
import { launchFirefox } from '../browser/engines.js';
import { defineVirtualDemoSuite } from './suite.js';

defineVirtualDemoSuite('firefox', launchFirefox);
