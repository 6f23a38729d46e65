/** ImageCaptureTest in WebKitGTK (no native ImageCapture; the polyfill's is put back on reset). */
import { launchWebKit } from '../../browser/engines.js';
import { defineTestingSuite } from './suite.js';

defineTestingSuite({ engine: 'WebKit', launch: launchWebKit, nativeImageCapture: false });
