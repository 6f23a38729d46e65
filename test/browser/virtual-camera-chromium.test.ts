/** The virtual camera inside Chromium. */
import { launchChromium } from './engines.js';
import { defineVirtualCameraSuite } from './virtual-camera-suite.js';

defineVirtualCameraSuite('Chromium', launchChromium);
