/**
 * `imagecapture/polyfill` in Node: installs ImageCapture, MediaStreamTrack, MediaStream,
 * MediaDevices, ImageBitmap, OverconstrainedError… and navigator.mediaDevices /
 * navigator.permissions where they are missing, so code written for browsers runs as it is.
 */
import './polyfill-globals.js';
import { defaultRuntime } from '../media/default-runtime.js';
import { installGlobals } from './install-globals.js';
import { fillNodeGlobals } from './node-globals.js';

// jest's jsdom environment takes structuredClone and setImmediate away; the runtime needs them.
fillNodeGlobals();
export const installed: string[] = installGlobals(defaultRuntime);
