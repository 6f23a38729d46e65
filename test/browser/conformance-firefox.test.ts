/**
 * The conformance suite in Firefox ESR against the ponyfill (Firefox has no ImageCapture). Its
 * fake camera has no image-capture controls, and WebDriver BiDi cannot set permissions.
 */
import { defineConformanceSuite } from './conformance-suite.js';
import { launchFirefox } from './engines.js';

defineConformanceSuite({
  engine: 'firefox',
  label: 'Firefox',
  launch: launchFirefox,
  limitedCamera: 'default',
  runs: [
    {
      impl: 'ponyfill',
      behavior: 'spec',
      // Consecutive frames of the fake camera are often identical (a slowly shifting colour).
      features: { properties: [], audio: true, photoOverlap: 'queue', framesChange: false },
      pageFaults: true,
      generatorPhotoless: true,
      missing: {
        setPermission: 'WebDriver BiDi cannot set the camera permission without privileged access, and Firefox has no pan-tilt-zoom ' +
          'permission',
        answerPrompts: 'prompts are switched off by the media.navigator.permission.disabled preference',
        setHidden: 'the headless page cannot be hidden through WebDriver BiDi',
        stallFrames: 'the fake camera cannot be paused while its track stays live',
        sceneResponds: "the fake camera's picture does not respond to camera settings",
        projectPolicies: "the track is Firefox's own, so the project's track policies do not apply",
        photoSizes: 'the camera has no fixed list of photo sizes',
        photoMuteCycle: 'no restart around a still: the track is neither muted nor unmuted',
        'camera property': 'the fake camera has no image-capture controls',
        'insecure context': 'the engine treats a data: URL frame as a secure context, and the test server listens on 127.0.0.1 only',
      },
    },
  ],
});
