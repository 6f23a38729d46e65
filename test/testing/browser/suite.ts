/**
 * The browser tests of dist/imagecapture.testing.js, one node:test file per engine: the script is
 * built in memory exactly as scripts/build-testing.mjs builds it, loaded by a classic script tag
 * into the browser harness's page (after the polyfill bundle), and driven by page.ts.
 */
import assert from 'node:assert/strict';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe } from 'node:test';
import { type BrowserSession, type Launched, root, sharedSession } from '../../browser/harness.js';

// Results come back as JSON: shapes are asserted, so they are typed loosely.
type R = Record<string, any>;

const PAGE = fileURLToPath(new URL('./page.ts', import.meta.url));

async function testingScriptOptions(): Promise<Record<string, unknown>> {
  const mod = (await import(pathToFileURL(`${root}scripts/build-testing.mjs`).href)) as { testingIifeOptions(): Record<string, unknown> };
  return mod.testingIifeOptions();
}

export interface TestingSuiteOptions {
  engine: string;
  launch: () => Promise<Launched>;
  /** Whether the engine has its own ImageCapture (Chromium), to test with and without it. */
  nativeImageCapture: boolean;
}

const EXPECTED_CAPS = {
  whiteBalanceMode: ['single-shot', 'continuous'],
  exposureMode: ['manual', 'single-shot', 'continuous'],
  focusMode: ['manual', 'single-shot'],
  exposureCompensation: { min: -200, max: 200, step: 33 },
  exposureTime: { min: 100, max: 100000, step: 100 },
  colorTemperature: { min: 2500, max: 6500, step: 1000 },
  iso: { min: 100, max: 12000, step: 1 },
  brightness: { min: 1, max: 10, step: 1 },
  contrast: { min: 2, max: 9, step: 1 },
  saturation: { min: 3, max: 8, step: 1 },
  sharpness: { min: 4, max: 7, step: 1 },
  focusDistance: { min: 1, max: 10, step: 1 },
  pan: { min: 0, max: 10, step: 2 },
  tilt: { min: 0, max: 10, step: 2 },
  zoom: { min: 0, max: 10, step: 5 },
  torch: true,
};

const EXPECTED_SETTINGS = {
  whiteBalanceMode: 'continuous',
  exposureMode: 'manual',
  focusMode: 'manual',
  pointsOfInterest: [{ x: 0.4, y: 0.6 }],
  exposureCompensation: 33,
  exposureTime: 1000,
  colorTemperature: 6000,
  iso: 400,
  brightness: 5,
  contrast: 5,
  saturation: 6,
  sharpness: 7,
  focusDistance: 3,
  pan: 5,
  tilt: 5,
  zoom: 5,
  torch: false,
};

const MODE_NUMBERS: R = { whiteBalanceMode: 2, exposureMode: 3, focusMode: 2 };
const RANGE_VALUES: R = {
  exposureCompensation: 133.77, exposureTime: 1234.5, colorTemperature: 3210, iso: 777, brightness: 2.5, contrast: 8.25,
  saturation: 4.5, sharpness: 6.5, focusDistance: 9.99, pan: 3.3, tilt: 7.7, zoom: 3.141592,
};

const flag = (name: string): string => `has${name[0]!.toUpperCase()}${name.slice(1)}`;
const flagsSet = (o: R): string[] => Object.keys(o).filter((k) => k.startsWith('has') && o[k] === true).sort();

export function defineTestingSuite(options: TestingSuiteOptions): void {
  const { engine, launch } = options;
  describe(`ImageCaptureTest in ${engine}`, { timeout: 240_000 }, () => {
    let scriptUrl = '';
    const page = async (s: BrowserSession, removeNative = false): Promise<R> => {
      await s.open();
      return s.runModule<R>(PAGE, { url: scriptUrl, removeNative }, 'load');
    };
    const sessionTest = sharedSession(launch, {
      skipped: (reason) => `${engine} skipped: ${reason}`,
      setUp: async (session) => {
        scriptUrl = session.server.addBundle('/imagecapture.testing.js', await testingScriptOptions());
        await session.server.ready();
        await page(session);
      },
    });
    const test = (name: string, fn: (s: BrowserSession) => Promise<void>): void => sessionTest(name, { timeout: 60_000 }, fn);
    const run = (s: BrowserSession, name: string, arg: R = {}): Promise<R> => s.runModule<R>(PAGE, { name, arg });

    test('the script defines ImageCaptureTest', async (s) => {
      const loaded = await s.runModule<R>(PAGE, { url: scriptUrl }, 'load');
      assert.equal(loaded.defined, 'function');
    });

    test('a canvas.captureStream() track shows every default value, and takePhoto gives the 2-byte image/cat Blob', async (s) => {
      const r = await run(s, 'defaults');
      assert.equal(r.optionsBefore, null);
      assert.deepEqual(r.state.zoom, { min: 0, max: 10, current: 5, step: 5 });
      assert.deepEqual(r.state.fillLightMode, [1, 2]);
      assert.deepEqual(r.caps, EXPECTED_CAPS);
      assert.deepEqual(r.settings, EXPECTED_SETTINGS);
      assert.equal(r.ownWidth, 320, "the video size stays the canvas's");
      assert.deepEqual(r.photoCaps, {
        redEyeReduction: 'controllable',
        imageHeight: { max: 2448, min: 240, step: 2 },
        imageWidth: { max: 3264, min: 320, step: 3 },
        fillLightMode: ['auto', 'flash'],
      });
      assert.deepEqual(r.photoSettings, { imageHeight: 240, imageWidth: 320 });
      assert.deepEqual(r.photo, { type: 'image/cat', size: 2 });
      assert.deepEqual(r.frame, { width: 320, height: 240 }, 'grabFrame gives the canvas frames');
      assert.deepEqual(await s.pageErrors(), []);
    });

    test('options() after each kind of setting, values unsnapped, state current values updated', async (s) => {
      const r = await run(s, 'options');
      for (const [name, n] of Object.entries(MODE_NUMBERS)) {
        assert.deepEqual(flagsSet(r[name].options), [flag(name)], name);
        assert.equal(r[name].options[name], n, name);
      }
      assert.deepEqual(r.pointsOfInterest.options.pointsOfInterest, [{ x: 0.1, y: 0.2 }]);
      assert.deepEqual(r.pointsOfInterest.state.pointsOfInterest, [{ x: 0.1, y: 0.2 }]);
      for (const [name, value] of Object.entries(RANGE_VALUES)) {
        assert.deepEqual(flagsSet(r[name].options), [flag(name)], name);
        assert.equal(r[name].options[name], value, name);
        assert.equal(r[name].setting, value, `${name} reported as given`);
        assert.equal(r[name].state[name].current, value, `${name} current`);
      }
      assert.equal(r.torch.options.torch, true);
      assert.equal(r.torch.state.torch, true);
      assert.deepEqual(flagsSet(r.photo.options), ['hasFillLightMode', 'hasHeight', 'hasRedEyeReduction', 'hasWidth']);
      assert.deepEqual(
        [r.photo.options.width, r.photo.options.height, r.photo.options.redEyeReduction, r.photo.options.fillLightMode],
        [1001, 300, true, 2],
      );
      assert.deepEqual([r.photo.width, r.photo.height], [1001, 300]);
      assert.deepEqual(r.constraints, { advanced: [{ torch: true }] });
    });

    test('pan/tilt/zoom follow navigator.permissions: shown when granted; absent and overconstrained when denied', async (s) => {
      const r = await run(s, 'permissions');
      assert.deepEqual(r.granted, { state: 'granted', caps: true, settings: true });
      assert.equal(r.denied.state, 'denied');
      assert.deepEqual(r.denied.caps, []);
      assert.deepEqual(r.denied.settings, []);
      assert.equal(r.denied.changes, 1, 'the status fired change');
      for (const k of ['pan', 'tilt', 'zoom']) {
        assert.equal(r.denied[k].ok, false, k);
        assert.equal(r.denied[k].error.name, 'OverconstrainedError', k);
        assert.equal(r.denied[k].error.constraint, k);
      }
      assert.equal(r.denied.options, null);
    });

    test('changes to state() show at the next call', async (s) => {
      const r = await run(s, 'state');
      assert.deepEqual([r.torch.caps, r.torch.settings], [false, false]);
      assert.equal(r.torch.apply.error.name, 'OverconstrainedError');
      assert.equal(r.torch.apply.error.constraint, 'torch');
      assert.equal(r.redEye, 'never');
      assert.equal(r.redEyeRefused.error.name, 'NotSupportedError');
      assert.deepEqual(r.zoom, { caps: { min: 1, max: 4, step: 0.5 }, setting: 2 });
    });

    test("Chromium's behaviours, clones, and the realm's own errors", async (s) => {
      const r = await run(s, 'compat');
      assert.deepEqual(r.beforeFetch.value, { type: 'image/cat', size: 2 }, 'no range check before the capabilities were fetched');
      assert.equal(r.afterFetch.error.name, 'NotSupportedError');
      assert.equal(r.advanced.error.name, 'OverconstrainedError');
      assert.equal(r.advanced.error.constraint, 'zoom');
      assert.deepEqual(r.same, { constraints: true, settings: true, capabilities: true, zoom: 3.5 });
      assert.equal(r.ended.error.name, 'InvalidStateError');
      assert.equal(r.ended.error.realmConstructor, true);
      assert.equal(r.ended.error.domException, true);
      assert.equal(r.advanced.error.realmConstructor, true);
      assert.equal(r.typeError.error.name, 'TypeError');
      assert.equal(r.typeError.error.realmConstructor, true);
    });

    test('reset() puts back the track methods, ImageCapture and navigator.permissions', async (s) => {
      const r = await run(s, 'reset');
      assert.deepEqual(r.during.patched, ['getCapabilities', 'getSettings', 'getConstraints', 'applyConstraints', 'clone']);
      assert.equal(r.during.imageCaptureReplaced, true);
      assert.equal(r.during.queryReplaced, true);
      assert.deepEqual(r.photoDuring, { type: 'image/cat', size: 2 });
      assert.deepEqual(r.after.restored, ['getCapabilities', 'getSettings', 'getConstraints', 'applyConstraints', 'clone']);
      assert.equal(r.after.imageCaptureRestored, true);
      assert.equal(r.after.queryRestored, true);
      assert.equal(r.after.setRemoved, true);
      assert.equal(r.after.ownSettings, false, 'a canvas track shows no image-capture settings of its own');
      assert.deepEqual(r.fresh, { options: null, torch: true });
    });

    test('getUserMedia tracks are backed by the mock too', async (s) => {
      const r = await run(s, 'gum');
      assert.deepEqual(r.caps, EXPECTED_CAPS);
      assert.deepEqual(r.settings, EXPECTED_SETTINGS);
      assert.deepEqual(r.photo, { type: 'image/cat', size: 2 });
    });

    if (options.nativeImageCapture) {
      test('with the native ImageCapture removed, the mock works and reset() leaves no ImageCapture', async (s) => {
        const loaded = await page(s, true);
        assert.equal(loaded.imageCapture, 'undefined');
        const d = await run(s, 'defaults');
        assert.deepEqual(d.photo, { type: 'image/cat', size: 2 });
        const r = await run(s, 'reset', { restoreNative: true });
        assert.equal(r.during.imageCaptureReplaced, true);
        assert.equal(r.after.imageCaptureAbsent, true);
        await page(s);
      });
    }
  });
}
