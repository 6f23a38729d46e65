/** ImageCaptureTest in Firefox ESR (no native ImageCapture; the polyfill's is put back on reset). */
import { launchFirefox } from '../../browser/engines.js';
import { defineTestingSuite } from './suite.js';

defineTestingSuite({ engine: 'Firefox', launch: launchFirefox, nativeImageCapture: false });
