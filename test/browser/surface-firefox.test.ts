/** The media surface around ImageCapture in Firefox. */
import { launchFirefox } from './engines.js';
import { defineSurfaceSuite } from './surface-suite.js';

defineSurfaceSuite({ engine: 'Firefox', launch: launchFirefox, completes: true });
