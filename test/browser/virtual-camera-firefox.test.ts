/** The virtual camera inside Firefox. */
import { launchFirefox } from './engines.js';
import { defineVirtualCameraSuite } from './virtual-camera-suite.js';

defineVirtualCameraSuite('Firefox', launchFirefox);
