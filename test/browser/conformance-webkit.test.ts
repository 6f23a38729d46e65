/**
 * The conformance suite in WebKitGTK's MiniBrowser against the ponyfill (WebKit's own
 * ImageCapture is off by default). The default camera is the second mock camera (zoom, torch,
 * white balance); the first, without them, is the limited camera.
 */
import { defineConformanceSuite } from './conformance-suite.js';
import { launchWebKit } from './engines.js';

defineConformanceSuite({
  engine: 'webkit',
  label: 'WebKit',
  launch: launchWebKit,
  defaultCamera: 'Mock video device 2',
  limitedCamera: 'Mock video device 1',
  runs: [
    {
      impl: 'ponyfill',
      behavior: 'spec',
      features: {
        properties: ['focusDistance', 'torch', 'whiteBalanceMode', 'zoom'],
        audio: true,
        photoOverlap: 'queue',
        framesChange: true,
      },
      pageFaults: true,
      generatorPhotoless: true,
      missing: {
        setPermission: 'the WebDriver session cannot set permissions, and WebKit has no pan-tilt-zoom permission',
        answerPrompts: 'the WebDriver session answers every camera prompt itself',
        setHidden: 'the page cannot be hidden through WebDriver',
        stallFrames: 'the mock camera cannot be paused while its track stays live',
        sceneResponds: "the mock camera's picture does not respond to camera settings",
        projectPolicies: "the track is WebKit's own, so the project's track policies do not apply",
        photoSizes: 'the camera has no fixed list of photo sizes',
        photoMuteCycle: 'no restart around a still: the track is neither muted nor unmuted',
        'camera property': 'the mock camera lacks it',
      },
    },
  ],
});
