/**
 * What the polyfill adds around ImageCapture, one engine per test file: the completed media
 * surface (Firefox, WebKit: engines without an Image Capture of their own), track generators and
 * ImageCapture over generator tracks, the first frame of a canvas drawn once, and a document left
 * untouched. Chromium keeps its own surface, so there only the generator and frame cases run.
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type BrowserSession, type Launched, sharedSession } from './harness.js';

const PAGE = fileURLToPath(new URL('./page/surface.ts', import.meta.url));
// Results come back as JSON: shapes are asserted, so they are typed loosely.
type R = Record<string, any>;

export interface SurfaceOptions {
  engine: string;
  launch: () => Promise<Launched>;
  /** Whether the polyfill completes the media surface here (no Image Capture of the engine's own). */
  completes: boolean;
}

const RED = [255, 0, 0];
const BLUE = [0, 0, 255];

function near(rgb: number[], want: number[], what: string): void {
  assert.ok(Array.isArray(rgb), `${what}: a frame was grabbed (${JSON.stringify(rgb)})`);
  assert.ok(rgb.every((v, i) => Math.abs(v - want[i]!) <= 40), `${what}: colour ${rgb} is close to ${want}`);
}

/** ImageCapture over a generator track: settings resolve, takePhoto is UnknownError, grabs give the latest frame. */
function checkGenerator(r: R, what: string): void {
  assert.equal(r.kind, 'video', `${what}: a video track`);
  assert.equal(r.isTrack, true, `${what}: a MediaStreamTrack`);
  assert.equal(r.settings, 'ok', `${what}: getPhotoSettings() resolves`);
  assert.equal(r.photo, 'UnknownError', `${what}: takePhoto() rejects (no camera behind the track)`);
  assert.deepEqual([r.first.width, r.first.height], [80, 60], `${what}: the first grab has the written size (${JSON.stringify(r.first)})`);
  near(r.first.rgb, RED, `${what}: first grab`);
  near(r.second.rgb, BLUE, `${what}: the grab after the second write`);
}

export function defineSurfaceSuite(options: SurfaceOptions): void {
  const { engine, completes } = options;
  describe(`the media surface around ImageCapture in ${engine}`, { timeout: 240_000 }, () => {
    const sessionTest = sharedSession(options.launch);
    const test = (name: string, fn: (s: BrowserSession) => Promise<void>): void =>
      sessionTest(name, { timeout: 90_000 }, async (session) => {
        await fn(session);
        assert.deepEqual(await session.pageErrors(), [], 'errors the page saw');
      });
    const run = (s: BrowserSession, name: string, arg: R = {}): Promise<R> => s.runModule<R>(PAGE, arg, name);

    if (completes) {
      test('getSupportedConstraints() lists every image-capture member', async (s) => {
        const r = await run(s, 'supported');
        assert.deepEqual(r, { missing: [], width: true });
      });

      test('getUserMedia() rejects TypeError for pan, tilt and zoom given as min, max or exact, and accepts bare, true, ideal and ' +
        'advanced', async (s) => {
        const r = await run(s, 'userMedia');
        for (const name of ['pan', 'tilt', 'zoom']) {
          for (const form of ['min', 'max', 'exact']) assert.equal(r[`${name}.${form}`], 'TypeError', `${name}: {${form}: 1}`);
          for (const form of ['bare', 'true', 'ideal', 'advanced']) assert.equal(r[`${name}.${form}`], 'ok', `${name} as ${form}`);
        }
        assert.equal(r['torch.exact'], 'TypeError', 'any required image-capture member');
      });

      test('applyConstraints() on a canvas-capture track: empty sets resolve, required or first-advanced torch rejects naming ' +
        'it', async (s) => {
        const r = await run(s, 'applyOnCanvas');
        assert.equal(r.empty, 'ok');
        assert.equal(r.emptyObject, 'ok');
        assert.equal(r.emptyAdvanced, 'ok');
        assert.equal(r.torchExact, 'OverconstrainedError(torch)');
        assert.equal(r.torchFirstAdvanced, 'OverconstrainedError(torch)');
        assert.equal(r.zoomMin, 'OverconstrainedError(zoom)');
        assert.equal(r.pointNaN, 'TypeError', 'pointsOfInterest [{x: "a"}] (a double that is NaN)');
        assert.equal(r.zoomNaN, 'TypeError', 'zoom "far" (a double that is NaN)');
        assert.equal(r.torchIdeal, 'ok', 'an ideal value the track cannot meet is ignored');
        assert.equal(r.constraintsAfterIdeal.torch, true, 'getConstraints() shows it');
        assert.equal(r.torchSecondAdvanced, 'ok', 'a later advanced set is skipped');
        assert.deepEqual(r.constraintsAfterAdvanced.advanced?.[1], { torch: true }, 'getConstraints() shows the advanced sets');
      });

      test('applyConstraints() on a camera track: an image-capture member the camera lacks is refused when required, other constraints ' +
        'still apply', async (s) => {
        const r = await run(s, 'applyOnCamera');
        assert.equal(r.required, `OverconstrainedError(${r.name})`);
        assert.equal(r.firstAdvanced, `OverconstrainedError(${r.name})`);
        assert.equal(r.size, 'ok');
        assert.equal(r.ideal, 'ok');
        assert.equal(r.constraints[r.name], 1, 'getConstraints() keeps the ideal member');
        assert.equal(r.constraints.width, 320, 'width went to the engine');
      });
    }

    test('MediaStreamTrackGenerator (both forms) and VideoTrackGenerator feed ImageCapture: settings resolve, takePhoto is UnknownError, ' +
      'grabFrame gives the latest frame', async (s) => {
      const r = await run(s, 'generators');
      assert.equal(r.globals.MediaStreamTrackGenerator, 'function');
      checkGenerator(r.init, 'new MediaStreamTrackGenerator({kind: "video"})');
      assert.equal(r.init.tag, '[object MediaStreamTrackGenerator]');
      checkGenerator(r.string, 'new MediaStreamTrackGenerator("video")');
      assert.deepEqual(r.names[0], ['MediaStreamTrackGenerator', '[object MediaStreamTrackGenerator]'], 'the interface keeps its name');
      if (completes) {
        assert.deepEqual(r.names[1], ['VideoTrackGenerator', '[object VideoTrackGenerator]'], 'the interface keeps its name');
        assert.equal(r.globals.VideoTrackGenerator, 'function');
        checkGenerator(r.video, 'new VideoTrackGenerator()');
      }
    });

    test('a MediaStreamTrackGenerator track played in a <video> shows each colour written to it', async (s) => {
      const r = await run(s, 'generatorPlayed');
      assert.notEqual(r.red, null, 'the video showed the red frames');
      assert.notEqual(r.blue, null, 'the video showed the blue frames written after them');
    });

    test('ImageCapture over a generator track made in a same-origin iframe', async (s) => {
      checkGenerator(await run(s, 'iframeGenerator'), 'a generator from an iframe');
    });

    test('the first grabFrame of a canvas track drawn once, before its capture started, resolves with that frame', async (s) => {
      const r = await run(s, 'canvasDrawnOnce');
      assert.deepEqual([r.width, r.height], [64, 48], JSON.stringify(r));
      near(r.rgb, [0, 255, 0], 'the canvas picture');
    });

    test('a document grabbing from a generator track of a child iframe, which gets no frame, still fires its load event', async (s) => {
      const r = await run(s, 'loadEventWithGeneratorGrab');
      assert.equal(r.loaded, 'load');
      assert.equal(r.grabbed, 'UnknownError', 'the grab times out: no frame was written');
    });

    test('grabbing frames puts nothing in the document', async (s) => {
      assert.deepEqual(await run(s, 'documentUntouched'), { same: true });
    });
  });
}
