/**
 * The virtual camera inside each engine (dist/imagecapture.testing.js, built in memory exactly as
 * scripts/build-testing.mjs builds it): install, capabilities, zoom and the picture in the pixels,
 * setImage, ImageCapture, uninstall giving the engine's own camera back. Also counts the frames a
 * page receives at 640x480 and prints them (a measurement, not asserted).
 */
import assert from 'node:assert/strict';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe } from 'node:test';
import { type BrowserSession, type Launched, root, sharedSession } from './harness.js';

type R = Record<string, any>;
const PAGE = fileURLToPath(new URL('./virtual-camera-page.ts', import.meta.url));

async function testingScriptOptions(): Promise<Record<string, unknown>> {
  const mod = (await import(pathToFileURL(`${root}scripts/build-testing.mjs`).href)) as { testingIifeOptions(): Record<string, unknown> };
  return mod.testingIifeOptions();
}

const dominant = ([r, g, b]: number[]): string =>
  r! > g! + 40 && r! > b! + 40 ? 'red' : g! > r! + 40 && g! > b! + 40 ? 'green' : b! > r! + 40 && b! > g! + 40 ? 'blue' : '';

export function defineVirtualCameraSuite(engine: string, launch: () => Promise<Launched>): void {
  describe(`ImageCaptureVirtualCamera in ${engine}`, { timeout: 300_000 }, () => {
    const sessionTest = sharedSession(launch, {
      skipped: (reason) => `${engine} skipped: ${reason}`,
      setUpTimeout: 120_000,
      setUp: async (session) => {
        const scriptUrl = session.server.addBundle('/imagecapture.testing.js', await testingScriptOptions());
        await session.server.ready();
        await session.open();
        await session.runModule<R>(PAGE, { url: scriptUrl }, 'load');
      },
    });
    const test = (name: string, fn: (s: BrowserSession) => Promise<void>): void => sessionTest(name, { timeout: 120_000 }, fn);

    test('install, capabilities, zoom 2 and the picture in the pixels, setImage, ImageCapture, uninstall', async (s) => {
      const r = await s.runModule<R>(PAGE, { name: 'lifecycle' });
      assert.equal(r.during.isEngineTrack, true, "the track is the engine's own MediaStreamTrack");
      assert.deepEqual(r.renderers, ['worker'], 'frames are rendered in a worker');
      assert.equal(r.during.gumReplaced, true);
      assert.equal(r.during.supportsZoom, true, 'getSupportedConstraints() names the image-capture properties');
      assert.deepEqual(
        r.during.devices.slice(0, 3),
        ['Virtual Phone Camera (back)', 'Virtual Phone Camera (front)', 'Virtual Webcam'],
        'the virtual cameras come first',
      );
      assert.ok(r.during.devices.length > 3, "the engine's own cameras are still listed");
      assert.equal(r.during.label, r.during.devices[0], 'getUserMedia({ video }) opens the first virtual camera');
      for (const k of ['zoom', 'torch', 'focusDistance', 'exposureTime', 'colorTemperature']) {
        assert.ok(r.during.capKeys.includes(k), `capabilities include ${k}`);
      }
      assert.deepEqual(r.during.size, [640, 480]);
      assert.equal(dominant(r.greenAtCentre), 'green', `centre of a frame: ${r.greenAtCentre}`);
      assert.equal(r.zoomSetting, 2);
      assert.ok(r.run1 > 50, `card ${r.run1} px wide at zoom 1`);
      assert.ok(Math.abs(r.run2 / r.run1 - 2) < 0.15, `zoom 1: ${r.run1} px, zoom 2: ${r.run2} px (after ${r.zoomWaits} frames)`);
      assert.equal(dominant(r.blueAtCentre), 'blue', `centre after setImage: ${r.blueAtCentre}`);
      assert.equal(r.photo.type, 'image/jpeg');
      assert.ok(r.photo.size > 1000);
      assert.ok(r.photo.imageWidth.max > 640);
      assert.deepEqual(r.grabbed, { width: 640, height: 480 });
      assert.equal(r.after.readyState, 'ended');
      assert.equal(r.after.ended, true, "uninstall fires 'ended' on the virtual tracks");
      assert.equal(r.after.gumRestored, true);
      assert.equal(r.after.enumerateRestored, true);
      assert.equal(r.after.imageCaptureRestored, true);
      assert.equal(r.after.supportedRestored, true);
      assert.ok(!/^Virtual /.test(r.after.engineLabel), `after uninstall getUserMedia gives the engine's camera (${r.after.engineLabel})`);
      assert.ok(r.after.engineDevices.every((l: string) => !/^Virtual /.test(l)));
      assert.deepEqual(await s.pageErrors(), []);
    });

    for (const renderer of ['worker', 'main'] as const) {
      test(`frames delivered in the page at 640x480, rendered ${renderer === 'worker' ? 'in a worker' : 'on the main thread'} (printed, ` +
        'not asserted)', async (s) => {
        const r = await s.runModule<R>(PAGE, { name: 'rate', arg: { ms: 3000, renderer } });
        assert.deepEqual(r.size, [640, 480]);
        assert.equal(r.renderer, renderer);
        assert.ok(r.delivered > 0);
        const fps = (n: number): string => ((n * 1000) / r.elapsed).toFixed(1);
        console.log(
          `# ${engine} (${renderer}): ${r.delivered} frames delivered (${fps(r.delivered)}/s)` +
            (r.presented === null ? '' : `, ${r.presented} presented (${fps(r.presented)}/s)`) +
            ` in ${Math.round(r.elapsed)} ms of page time`,
        );
      });
    }
  });
}
