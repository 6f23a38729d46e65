/**
 * Chromium: the native ImageCapture stays (the polyfill keeps it), so the cases run against the
 * ponyfill and against the native implementation side by side; where they differ the native
 * behaviour is expected as recorded in native-differences.ts.
 */
import assert from 'node:assert/strict';
import { launchChromium } from './engines.js';
import { defineBrowserSuite, rejected, resolved } from './suite.js';

defineBrowserSuite({
  engine: 'Chromium',
  launch: launchChromium,
  impls: ['ponyfill', 'native'],
  // The fake camera's zoom is 100–400 once pan/tilt/zoom is granted.
  zoomInput: { min: 100, max: 400, value: 200 },
  environment: { nativeImageCapture: true, installed: 'kept' },
  extra(test) {
    test('the polyfill fills methods a native ImageCapture lacks, over the native track', async (s) => {
      await s.open(['getPhotoSettings', 'grabFrame']);
      const r = await s.run<Record<string, any>>('filledMethods', 'polyfill');
      assert.deepEqual(r.installed, { global: 'kept', filled: ['getPhotoSettings', 'grabFrame'] });
      assert.equal(r.globalIsNative, true);
      const settings = resolved<Record<string, unknown>>(r.settings, 'the filled getPhotoSettings()');
      assert.deepEqual(settings, { fillLightMode: 'off', imageHeight: 480, imageWidth: 640, redEyeReduction: false });
      assert.deepEqual(resolved(r.frame, 'the filled grabFrame()'), { width: 640, height: 480 });
      assert.equal(resolved<{ type: string }>(r.nativePhoto, 'the native takePhoto()').type, 'image/png', 'native methods are kept');
      rejected(r.wrongThis, 'TypeError', 'the filled grabFrame() called on a non-ImageCapture');
      assert.deepEqual(await s.pageErrors(), []);
    });
  },
});
