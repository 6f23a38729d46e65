/**
 * The browser suite every engine runs (one node:test file per engine, so engines run in parallel
 * processes): one browser, one page, each case in test/browser/page/cases.ts run against each
 * implementation the engine has, with the assertions here.
 */
import assert from 'node:assert/strict';
import { describe, type TestContext } from 'node:test';
import { type BrowserSession, type Launched, sharedSession } from './harness.js';
import { expectsNative } from './native-differences.js';
import type { Impl } from './page/cases.js';
import type { ErrorInfo, Settled } from './page/util.js';

type Size = { width: number; height: number };
type Photo = Size & { type: string; bytes: number };
// Results come back as JSON: shapes are asserted, so they are typed loosely.
type R = Record<string, any>;

export type SessionTest = (name: string, fn: (session: BrowserSession, t: TestContext) => Promise<void>) => void;

export interface SuiteOptions {
  engine: string;
  launch: () => Promise<Launched>;
  /** Implementations to run the cases against ("polyfill" where the global is the ponyfill). */
  impls: Impl[];
  /** The zoom input of the MDN flow (its value must lie within the camera's zoom range). */
  zoomInput: { min: number; max: number; value: number };
  /** What the polyfill bundle finds and does on this engine. */
  environment: { nativeImageCapture: boolean; installed: string };
  /** Engine-specific tests, run after the shared ones on pages of their own (checking their errors). */
  extra?: (test: SessionTest) => void;
}

export function rejected(result: Settled<unknown>, name: string, what: string): ErrorInfo {
  assert.equal(result.ok, false, `${what} should reject with ${name}, but it resolved`);
  const { error } = result as { ok: false; error: ErrorInfo };
  assert.equal(error.name, name, `${what}: ${error.message}`);
  if (name === 'TypeError') assert.equal(error.typeError, true, `${what} should be a TypeError`);
  else if (name !== 'undefined') assert.equal(error.domException, true, `${what} should be a DOMException`);
  return error;
}

export function resolved<T>(result: Settled<T>, what: string): T {
  if (!result.ok) assert.fail(`${what} rejected: ${result.error.name}: ${result.error.message}`);
  return result.value;
}

function assertRange(range: R | undefined, what: string): void {
  assert.ok(range, `${what} is present`);
  assert.equal(typeof range.min, 'number', `${what}.min is a number`);
  assert.equal(typeof range.max, 'number', `${what}.max is a number`);
  assert.ok(range.min > 0 && range.min <= range.max, `${what}: 0 < min ≤ max (${range.min}–${range.max})`);
}

export function defineBrowserSuite(options: SuiteOptions): void {
  const { engine, launch, impls } = options;
  describe(`ImageCapture in ${engine}`, { timeout: 240_000 }, () => {
    const sessionTest = sharedSession(launch, { skipped: (reason) => `${engine} skipped: ${reason}` });
    const test: SessionTest = (name, fn) => sessionTest(name, { timeout: 60_000 }, fn);

    test('the polyfill bundle installs ImageCapture only where the engine lacks it', async (s) => {
      const env = await s.run<R>('environment', 'polyfill');
      assert.equal(env.nativeImageCapture, options.environment.nativeImageCapture);
      assert.equal(env.installed.global, options.environment.installed);
      assert.deepEqual(env.installed.filled, []);
      assert.equal(env.globalIsPonyfill, !options.environment.nativeImageCapture);
    });

    test("the MDN overview's flow runs verbatim with the polyfill", async (s) => {
      const { min, max, value } = options.zoomInput;
      const flow = await s.run<R>('mdnFlow', 'polyfill', { min, max, value });
      // The flow returns early exactly when the camera has no zoom (MDN: "Check whether zoom is supported").
      assert.equal(flow.returnedEarly, flow.zoomCapability === null);
      if (!flow.returnedEarly) {
        resolved(flow.apply, 'applyConstraints({ advanced: [{ zoom: zoom.value }] })');
        assert.equal(flow.zoomSetting, Number(flow.inputValue), 'the string value of the input sets the zoom');
      }
      assert.equal(flow.captureTrackIsTrack, true);
      assert.ok(resolved<Photo>(flow.photo, 'takePhoto()').bytes > 0);
      assert.deepEqual(resolved(flow.frame, 'grabFrame()'), flow.trackSize);
    });

    test('install() adds only what a scope lacks, and nothing outside secure contexts', async (s) => {
      const r = await s.run<R>('installOnScopes', 'polyfill');
      assert.deepEqual(r.missing.result, { global: 'installed', filled: [] });
      assert.equal(r.missing.isPonyfill, true);
      assert.equal(r.missing.enumerable, false, 'installed like an interface object (not enumerable)');
      assert.deepEqual(r.missing.again, { global: 'kept', filled: [] }, 'installing twice changes nothing');
      assert.deepEqual(r.legacy.result, { global: 'replaced-legacy', filled: [] }, 'the 2013 event API is replaced');
      assert.equal(r.legacy.isPonyfill, true);
      assert.deepEqual(r.partial.result, { global: 'kept', filled: ['getPhotoSettings', 'grabFrame'] });
      assert.equal(r.partial.kept, true);
      assert.deepEqual(r.partial.again, { global: 'kept', filled: [] });
      assert.deepEqual(r.partialMethods, ['function', 'function', 'function', 'function']);
      assert.equal(r.partialOwnTakePhotoKept, true, "the native object's own methods are kept");
      for (const label of ['insecure', 'noTracks']) {
        assert.deepEqual(r[label].result, { global: 'unavailable', filled: [] }, label);
        assert.equal(r[label].kept, true, `${label}: nothing installed`);
      }
    });

    test('the ESM builds for the "browser" export condition share one ImageCapture and capture frames', async (s) => {
      const r = await s.run<R>('esmBuilds', 'polyfill');
      assert.equal(r.shared, true, 'index.js and polyfill.js export the same class');
      assert.equal(r.notTheBundle, true);
      // The <script> bundle already ran on this page, so the ESM polyfill finds ImageCapture present.
      assert.deepEqual(r.installed, { global: 'kept', filled: [] });
      assert.deepEqual(resolved(r.frame, 'grabFrame() with the ESM ImageCapture'), r.track);
    });

    for (const impl of impls) defineCases(test, impl);

    test('the page saw no errors, unhandled rejections or console errors', async (s) => {
      assert.deepEqual(await s.pageErrors(), []);
    });

    // Engine-specific tests load pages of their own and check those pages' errors themselves.
    options.extra?.(test);
  });
}

function defineCases(test: SessionTest, impl: Impl): void {
  const label = `[${impl}]`;

  test(`${label} the constructor throws TypeError for non-tracks and NotSupportedError for an audio track`, async (s) => {
    const r = await s.run<R>('construct', impl);
    rejected(r.noArgument, 'TypeError', 'new ImageCapture()');
    for (const [what, result] of Object.entries(r.notTracks)) {
      rejected(result as Settled<unknown>, 'TypeError', `new ImageCapture(${what})`);
    }
    rejected(r.withoutNew, 'TypeError', 'ImageCapture(track) without new');
    if (!r.audio.skipped) rejected(r.audio, 'NotSupportedError', 'new ImageCapture(audioTrack)');
    resolved(r.video, 'new ImageCapture(videoTrack)');
    assert.equal(r.trackIsSame, true, 'capture.track is the very track');
    resolved(r.ended, 'new ImageCapture(endedTrack)');
    resolved(r.disabled, 'new ImageCapture(disabledTrack)');
    assert.equal(r.length, 1);
  });

  test(`${label} takePhoto returns a photo of the requested imageWidth×imageHeight and restores the track's constraints`, async (s, t) => {
    const r = await s.run<R>('takePhotoSize', impl, { width: 1920, height: 1080 });
    const photo = resolved<Photo>(r.photo, 'takePhoto({imageWidth: 1920, imageHeight: 1080})');
    t.diagnostic(
      `takePhoto 1920×1080 on ${r.sizeBefore.width}×${r.sizeBefore.height}: ${r.ms.toFixed(
        1,
      )} ms, ${photo.type} ${photo.width}×${photo.height}`,
    );
    if (expectsNative(impl, 'takePhoto.size')) {
      assert.deepEqual({ width: photo.width, height: photo.height }, r.first);
    } else {
      assert.deepEqual({ width: photo.width, height: photo.height }, { width: 1920, height: 1080 });
    }
    assert.equal(photo.type, expectsNative(impl, 'takePhoto.type') ? 'image/png' : 'image/jpeg');
    assert.deepEqual(r.constraintsAfter, r.constraintsBefore, 'getConstraints() is as before');
    assert.deepEqual(r.sizeAfter, r.sizeBefore, 'the video size is as before');
    assert.deepEqual(resolved(r.frameAfter, 'grabFrame() after the photo'), r.sizeBefore);
    const plain = resolved<Photo>(r.plain, 'takePhoto() after it');
    // Photo settings persist (like Chromium's device photo options): the next takePhoto() has the same size.
    assert.deepEqual({ width: plain.width, height: plain.height }, { width: photo.width, height: photo.height });
  });

  test(`${label} getPhotoCapabilities reports real ranges`, async (s) => {
    const r = await s.run<R>('photoCapabilities', impl);
    const caps = r.capabilities;
    assert.ok(['never', 'always', 'controllable'].includes(caps.redEyeReduction));
    assertRange(caps.imageWidth, 'imageWidth');
    assertRange(caps.imageHeight, 'imageHeight');
    assert.equal(r.fresh, true, 'each call returns a new object');
    if (expectsNative(impl, 'photoCapabilities.ranges')) {
      assert.ok(caps.imageWidth.max <= r.trackWidth.max && caps.imageHeight.max <= r.trackHeight.max);
    } else {
      assert.deepEqual([caps.imageWidth.min, caps.imageWidth.max], [r.trackWidth.min, r.trackWidth.max]);
      assert.deepEqual([caps.imageHeight.min, caps.imageHeight.max], [r.trackHeight.min, r.trackHeight.max]);
    }
    if (expectsNative(impl, 'photoCapabilities.fillLightMode') && caps.fillLightMode === undefined) return;
    assert.ok(Array.isArray(caps.fillLightMode) && caps.fillLightMode.includes('off'));
    for (const mode of caps.fillLightMode) assert.ok(['auto', 'off', 'flash'].includes(mode), mode);
  });

  test(`${label} getPhotoSettings reports the current photo size`, async (s) => {
    const r = await s.run<R>('photoSettings', impl);
    assert.deepEqual({ width: r.settings.imageWidth, height: r.settings.imageHeight }, r.track);
    assert.ok(r.settings.imageWidth >= r.capabilities.imageWidth.min && r.settings.imageWidth <= r.capabilities.imageWidth.max);
    if (expectsNative(impl, 'photoSettings.members')) {
      assert.deepEqual(Object.keys(r.settings).sort(), ['imageHeight', 'imageWidth']);
    } else {
      assert.equal(r.settings.fillLightMode, 'off');
      assert.equal(r.settings.redEyeReduction, false);
    }
  });

  test(`${label} grabFrame returns ImageBitmaps of the track's size, call after call, and follows size changes`, async (s, t) => {
    const r = await s.run<R>('grabFrame', impl);
    assert.equal(r.grabs.length, 3);
    for (const grab of r.grabs) {
      assert.equal(grab.isBitmap, true);
      assert.deepEqual({ width: grab.width, height: grab.height }, r.track);
    }
    t.diagnostic(`grabFrame ms: ${r.grabs.map((g: R) => g.ms.toFixed(1)).join(', ')}`);
    assert.deepEqual(resolved(r.resized, 'grabFrame() after applyConstraints({width: 1280, height: 720})'), r.resizedTrack);
  });

  test(`${label} every method rejects with InvalidStateError once the track has ended`, async (s) => {
    const r = await s.run<R>('endedTrack', impl);
    for (const method of ['takePhoto', 'getPhotoCapabilities', 'getPhotoSettings', 'grabFrame']) {
      rejected(r[method], 'InvalidStateError', `${method}() on an ended track`);
    }
  });

  test(`${label} stop() while a call is pending rejects it with the spec's error`, async (s) => {
    const r = await s.run<R>('stopDuring', impl);
    for (const what of ['takePhoto', 'takePhotoLarge']) {
      if (expectsNative(impl, 'takePhoto.stopped')) {
        assert.ok(['UnknownError', 'OperationError'].includes(r[what].error?.name), `${what}: ${JSON.stringify(r[what])}`);
      } else {
        rejected(r[what], 'UnknownError', `${what} then stop()`);
      }
    }
    for (const what of ['grabFrame', 'grabFrameWarm']) {
      const stopped = expectsNative(impl, 'grabFrame.stopped') && expectsNative(impl, 'grabFrame.rejectionValue');
      rejected(r[what], stopped ? 'undefined' : 'UnknownError', `${what} then stop()`);
    }
    rejected(r.getPhotoCapabilities, 'OperationError', 'getPhotoCapabilities() then stop()');
    rejected(r.getPhotoSettings, 'OperationError', 'getPhotoSettings() then stop()');
  });

  test(`${label} takePhoto rejects out-of-range sizes with NotSupportedError and bad members with TypeError`, async (s) => {
    const r = await s.run<R>('outOfRange', impl);
    rejected(r.tooWide, 'NotSupportedError', 'imageWidth max + 1');
    rejected(r.huge, 'NotSupportedError', 'imageWidth 99999');
    rejected(r.tooShort, 'NotSupportedError', 'imageHeight min - 1');
    if (expectsNative(impl, 'takePhoto.validatesBeforeCapabilities')) resolved(
      r.beforeCapabilities,
      'imageWidth 99999 before capabilities',
    );
    else rejected(r.beforeCapabilities, 'NotSupportedError', 'imageWidth 99999 before capabilities were fetched');
    if (r.flashWithoutFlash !== null) {
      if (expectsNative(impl, 'takePhoto.flashWithoutFlash')) resolved(r.flashWithoutFlash, 'fillLightMode "flash" without a flash');
      else rejected(r.flashWithoutFlash, 'NotSupportedError', 'fillLightMode "flash" without a flash');
    }
    rejected(r.bogusEnum, 'TypeError', 'fillLightMode "bogus"');
    rejected(r.notFinite, 'TypeError', 'imageWidth NaN');
  });

  test(`${label} a second grabFrame while one is pending is rejected with UnknownError`, async (s) => {
    const r = await s.run<R>('concurrentGrab', impl);
    assert.equal(resolved(r.first, 'the first grabFrame()'), 'bitmap');
    rejected(r.second, expectsNative(impl, 'grabFrame.rejectionValue') ? 'undefined' : 'UnknownError', 'the second grabFrame()');
    assert.ok(resolved<Size>(r.afterwards, 'a grabFrame() afterwards').width > 0);
  });

  test(`${label} a disabled track: grabFrame and takePhoto reject with InvalidStateError`, async (s) => {
    const r = await s.run<R>('disabledTrack', impl);
    rejected(r.grabFrame, 'InvalidStateError', 'grabFrame() on a disabled track');
    rejected(r.takePhoto, 'InvalidStateError', 'takePhoto() on a disabled track');
  });

  if (impl === 'native') return;

  test(`${label} the track's end releases the video element frames were read from; the user's track is left untouched`, async (s) => {
    const r = await s.run<R>('releasesOnStop', impl);
    assert.equal(r.videosMade, 1, 'one video element per track, made on the first grab');
    assert.deepEqual(r.whileLive, { hasSource: true, paused: false });
    assert.deepEqual(r.ownProperties, [], 'ImageCapture adds no own property to the track');
    assert.equal(r.stopIsPrototypes, true, "the track's stop() is MediaStreamTrack.prototype.stop");
    rejected(r.grabAfterStop, 'InvalidStateError', 'grabFrame() after stop()');
    assert.deepEqual(r.afterStop, { hasSource: false, paused: true }, 'the element is let go once the ended track is noticed');
  });

  test(`${label} fillLightMode "flash" lights the torch for the shot and puts it out after`, async (s, t) => {
    const r = await s.run<R>('flash', impl);
    if (r.skipped) return void t.skip(r.skipped);
    assert.deepEqual(r.capabilities.fillLightMode, ['auto', 'off', 'flash']);
    assert.ok(resolved<Photo>(r.photo, 'takePhoto({fillLightMode: "flash"})').bytes > 0);
    assert.equal(r.calls[0].torch, true, 'the torch was on for the shot');
    assert.equal(r.after.torch, false, 'and off afterwards');
    assert.deepEqual(r.after.constraints, r.before.constraints);
    assert.deepEqual(r.calls.at(-1).constraints, r.before.constraints, 'the last request re-applies the exact previous constraints');
  });

  test(`${label} the MDN flow's zoom reaches photos taken on a camera with zoom`, async (s, t) => {
    const r = await s.run<R>('zoomFlow', impl);
    if (r.skipped) return void t.skip(r.skipped);
    assert.equal(r.zoom, Number(r.requested));
    assert.ok(resolved<Photo>(r.photo, 'takePhoto()').bytes > 0);
    assert.deepEqual(resolved(r.frame, 'grabFrame()'), r.track);
  });
}
