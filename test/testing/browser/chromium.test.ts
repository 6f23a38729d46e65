/** ImageCaptureTest in Chromium, alongside its native ImageCapture and with it removed. */
import { launchChromium } from '../../browser/engines.js';
import { defineTestingSuite } from './suite.js';

defineTestingSuite({ engine: 'Chromium', launch: launchChromium, nativeImageCapture: true });
