/** The media surface around ImageCapture in WebKit. */
import { launchWebKit } from './engines.js';
import { defineSurfaceSuite } from './surface-suite.js';

defineSurfaceSuite({ engine: 'WebKit', launch: launchWebKit, completes: true });
