/** The demo page with the virtual camera inside the page (`?camera=virtual`), in WebKit. */
import { launchWebKit } from '../browser/engines.js';
import { defineVirtualDemoSuite } from './suite.js';

defineVirtualDemoSuite('webkit', launchWebKit);
