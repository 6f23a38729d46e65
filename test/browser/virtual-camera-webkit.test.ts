/** The virtual camera inside WebKit. */
import { launchWebKit } from './engines.js';
import { defineVirtualCameraSuite } from './virtual-camera-suite.js';

defineVirtualCameraSuite('WebKit', launchWebKit);
