/**
 * The conformance suite in Chromium: against the ponyfill (spec behaviour) and against Chromium's
 * native ImageCapture (Chromium behaviour, differences in native-differences.ts). The fake camera
 * has exposure and focus controls, and pan/tilt/zoom once that permission is granted over CDP.
 */
import { defineConformanceSuite } from './conformance-suite.js';
import { launchChromium } from './engines.js';
import { NATIVE_CONFORMANCE_DIFFERENCES } from './native-differences.js';

const properties = ['exposureMode', 'exposureTime', 'focusDistance', 'focusMode', 'pan', 'tilt', 'zoom'];

/** What Chromium's driver and fake devices cannot give. */
const missing = {
  setHidden: 'headless Chromium keeps every page visible (focus emulation, a second tab in front and a minimised window were tried)',
  stallFrames: 'the fake camera cannot be paused while its track stays live',
  sceneResponds: "the fake camera's picture does not respond to exposure or white balance",
  projectPolicies: "the track is Chromium's own, so the project's track policies (step quantising, single-shot focus) do not apply",
  photoSizes: 'the camera has no fixed list of photo sizes',
  photoMuteCycle: 'no restart around a still: the track is neither muted nor unmuted',
  'camera property': 'the fake camera lacks it',
};

defineConformanceSuite({
  engine: 'chromium',
  label: 'Chromium',
  launch: launchChromium,
  limitedCamera: 'default',
  promptsGranted: true,
  runs: [
    {
      impl: 'ponyfill',
      behavior: 'spec',
      features: { properties, audio: true, photoOverlap: 'queue', framesChange: true },
      pageFaults: true,
      generatorPhotoless: true,
      missing,
    },
    {
      impl: 'native',
      behavior: 'chromium',
      features: { properties, audio: true, photoOverlap: 'queue', framesChange: true },
      canvasPhotoless: true,
      differences: NATIVE_CONFORMANCE_DIFFERENCES,
      missing: {
        ...missing,
        failNext: 'the fake device fails every still or none (a launch flag), never just the next one',
      },
    },
  ],
});
