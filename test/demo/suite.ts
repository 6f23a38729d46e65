/**
 * The demo page's behaviour in one engine: it opens the fake camera, generates a control for each
 * capability that camera reports (and none for the others), zoom moves the preview's pixels,
 * photos land in the gallery, frames in the filmstrip, errors show in the page, and nothing goes
 * to the console as an error. One page per engine; the tests run in order on it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import { VIDEO_PROPERTIES } from '../../src/constraints/properties.js';
import type { Launched } from '../browser/harness.js';
import type { AlertInfo, ControlInfo } from './page/probe.js';
import { DemoPage } from './support.js';

export interface DemoSuiteOptions {
  /** Engine name, also the screenshot's name: artifacts/demo-<engine>.png. */
  engine: string;
  launch: () => Promise<Launched>;
  /** Part of the label of the camera to use, when the first one lacks what the tests need. */
  camera?: string;
  /** Size of a photo taken with default photo settings (default: the video's size). */
  defaultPhoto?: { width: number; height: number };
  /** Query string of the page's address ("?camera=virtual": the virtual camera in the page). */
  query?: string;
  /** The camera's zoom range and two values on its grid, or undefined when the camera has no zoom. */
  zoom?: { min: number; max: number; from: number; to: number };
  /** Controls this engine's fake camera must get (a floor under the generic comparison). */
  controls: string[];
  /** The browser has its own ImageCapture (Chromium). */
  native: boolean;
  /** applyConstraints rejects an exact value outside the capability (Firefox's fake camera accepts it). */
  refusesOutOfRange: boolean;
}

/** Properties with pickers of their own on the page rather than controls. */
const ELSEWHERE = new Set(['deviceId', 'groupId', 'width', 'height', 'aspectRatio']);

type Caps = Record<string, unknown>;
type R = Record<string, any>;

/** The controls a capability dictionary calls for: a range with two ends, a non-empty mode list, a switchable torch. */
function expectedControls(caps: Caps): string[] {
  return VIDEO_PROPERTIES.filter((row) => !ELSEWHERE.has(row.name) && row.name in caps)
    .filter((row) => {
      const c = caps[row.name] as any;
      if (row.capability === 'range') return Number.isFinite(c?.min) && Number.isFinite(c?.max) && c.max > c.min;
      if (row.capability === 'list') return Array.isArray(c) && c.length > 0;
      if (row.capability === 'booleans') return c === true || (Array.isArray(c) && c.includes(true) && c.includes(false));
      return false;
    })
    .map((row) => row.name);
}

type PageTest = (name: string, fn: (page: DemoPage, t: TestContext) => Promise<void>) => void;

export function defineDemoSuite(options: DemoSuiteOptions): void {
  describe(`the demo page in ${options.engine}${options.query ?? ''}`, { timeout: 120_000 }, () => {
    let page: DemoPage | undefined;
    let skip: string | undefined;
    before(
      async () => {
        const started = await DemoPage.start(options.launch);
        if ('skip' in started) {
          skip = started.skip;
          return;
        }
        page = started;
        const { state } = await page.open(options.query);
        assert.equal(state, 'ready', `the page opened the camera: ${JSON.stringify(await page.call('alerts'))}`);
        if (options.camera) await page.call('selectCamera', options.camera);
      },
      { timeout: 60_000 },
    );
    after(async () => {
      await page?.close();
    });
    const test: PageTest = (name, fn) =>
      it(name, { timeout: 45_000 }, async (t) => {
        if (skip !== undefined) return void t.skip(`${options.engine} skipped: ${skip}`);
        await fn(page!, t);
      });

    test('the page opens the fake camera and shows its live frames with an fps meter', async (p) => {
      const s = await p.call('snapshot');
      assert.ok(s.frame.width > 0 && s.frame.height > 0, 'the preview has frames');
      if (options.camera) assert.match(s.label, new RegExp(options.camera));
      assert.ok(s.cameras.length >= 1, 'the camera picker lists the cameras');
      assert.ok(
        s.resolutions.includes(`${s.settings.width}x${s.settings.height}`),
        `the resolution picker offers the current size (${s.resolutions})`,
      );
      const rate = Number((await p.call<string>('fps')).split(' ')[0]);
      assert.ok(rate > 0 && rate <= 120, `the fps meter shows a rate (${rate})`);
      assert.equal(s.nativeSwitch, options.native, 'the native switch is enabled exactly where the browser has ImageCapture');
    });

    test('choosing a resolution changes the size of the frames, and the photo sizes follow', async (p) => {
      // 640×480 from here on also keeps three software-rendered browsers light enough on two cores.
      const r = await p.call('selectResolution', '640x480');
      assert.deepEqual(r.frame, { width: 640, height: 480 });
      assert.equal(r.badge, '640×480');
      assert.equal(r.selected, '640x480');
      assert.equal(r.videoChip, 'Video 640×480');
    });

    test("a control appears for each property the camera's getCapabilities() reports, and for no other", async (p) => {
      const s = await p.call('snapshot');
      const caps = s.capabilities as Caps;
      const controls = s.trackControls as ControlInfo[];
      const names = controls.map((c) => c.name);
      assert.deepEqual([...names].sort(), expectedControls(caps).sort());
      for (const name of options.controls) assert.ok(names.includes(name), `${name} has a control (${names})`);
      for (const c of controls) {
        const row = VIDEO_PROPERTIES.find((r) => r.name === c.name)!;
        const cap = caps[c.name] as any;
        if (c.kind === 'range') {
          assert.deepEqual([c.min, c.max], [cap.min, cap.max], `${c.name}: the slider spans the capability`);
          assert.equal(c.unit, row.unit, `${c.name}: the unit of the property table`);
        } else if (c.kind === 'list') {
          assert.deepEqual(c.options, cap, `${c.name}: one option per mode`);
        } else {
          assert.equal(c.kind, 'boolean');
          assert.equal(c.name, 'torch');
        }
        const setting = s.settings[c.name];
        if (setting !== undefined) assert.equal(c.setting, String(setting), `${c.name} shows getSettings()`);
      }
      const imageCapture = controls.filter((c) => VIDEO_PROPERTIES.find((r) => r.name === c.name)?.imageCapture);
      assert.equal(s.emptyNote !== null, imageCapture.length === 0, 'a camera without Image Capture properties says so');
      // pointsOfInterest has no capability (https://w3c.github.io/mediacapture-image/#points-of-interest):
      // offered where the browser supports it and the camera meters.
      const meters = ['exposureMode', 'focusMode', 'whiteBalanceMode'].some((k) => names.includes(k));
      assert.equal(s.poiHint, s.supported.pointsOfInterest === true && meters);
    });

    test('a click on the preview sets pointsOfInterest where the camera meters, and marks the point read back', async (p) => {
      const s = await p.call('snapshot');
      const r = await p.call('clickPreview', 0.25, 0.75);
      assert.equal(r.applied, s.poiHint, 'a click applies pointsOfInterest exactly where the page offers it');
      if (!r.applied) {
        assert.equal(r.requested.length + r.reported, 0, 'and marks nothing otherwise');
        return;
      }
      assert.deepEqual(r.alerts, []);
      const points = (r.setting ?? []) as { x: number; y: number }[];
      assert.equal(r.shown, points.map((q) => `${q.x},${q.y}`).join(' '), 'the marks are the points getSettings() reports');
      assert.equal(r.reported, points.length);
      if (points.length > 0) {
        assert.ok(Math.abs(points[0]!.x - 0.25) < 0.01 && Math.abs(points[0]!.y - 0.75) < 0.01, JSON.stringify(points));
        assert.match(r.hint, /^pointsOfInterest: \(0\.25, 0\.75\)/);
      } else {
        // Chromium's fake camera accepts points and reports none: the page says so and marks the point asked for.
        assert.equal(r.requested.length, 1, 'the point asked for is marked');
        const [left, top] = (r.requested[0] as string[]).map((v) => parseFloat(v));
        assert.ok(Math.abs(left! - 25) < 1 && Math.abs(top! - 75) < 1, `the mark is where the click was (${r.requested[0]})`);
        assert.equal(r.hint, 'pointsOfInterest (0.25, 0.75) was accepted; the camera reports none back.');
      }
    });

    test('the photo settings are generated from getPhotoCapabilities()', async (p) => {
      const s = await p.call('snapshot');
      const caps = s.photoCapabilities as R;
      const controls = new Map((s.photoControls as ControlInfo[]).map((c) => [c.name, c]));
      for (const key of ['imageWidth', 'imageHeight']) {
        if (!caps[key] || caps[key].max === caps[key].min) continue;
        assert.deepEqual([controls.get(key)?.min, controls.get(key)?.max], [caps[key].min, caps[key].max], `${key} slider`);
        assert.equal(controls.get(key)?.unit, 'px');
      }
      assert.deepEqual(controls.get('fillLightMode')?.options, caps.fillLightMode?.length ? caps.fillLightMode : undefined);
      assert.equal(controls.has('redEyeReduction'), caps.redEyeReduction === 'controllable');
    });

    if (options.zoom) {
      const zoom = options.zoom;
      test("moving the zoom slider changes the preview's pixels, and the value shown is read back from getSettings()", async (p, t) => {
        const r = await p.call('pixelChange', 'zoom', zoom.from, zoom.to);
        t.diagnostic(
          `mean luma change (0–255, over 10-frame averages): ${r.changed.toFixed(1)} across the zoom, ${r.baseline.toFixed(1)} without it`,
        );
        assert.equal(r.applied.setting, zoom.to, 'getSettings().zoom');
        assert.equal(Number(r.applied.shown), zoom.to, 'the control shows it');
        assert.ok(r.changed > 4, `the preview changed (mean luma difference ${r.changed})`);
        assert.ok(r.changed > 3 * r.baseline, `more than the camera's own motion (${r.changed} vs ${r.baseline})`);
        await p.call('slide', 'zoom', zoom.from);
      });
    } else {
      test('a camera without zoom gets no zoom control', async (p) => {
        const s = await p.call('snapshot');
        assert.equal('zoom' in s.capabilities, false);
        assert.equal(s.trackControls.some((c: ControlInfo) => c.name === 'zoom'), false);
      });
    }

    test('Take photo puts the photo in the gallery with its size, bytes, type and time, as a download', async (p) => {
      const s = await p.call('snapshot');
      const photo = await p.call('takePhoto');
      assert.ok(photo.bytes > 0);
      assert.equal(photo.type, 'image/jpeg', "imagecapture's photos are JPEG");
      assert.equal(photo.impl, 'ours');
      assert.deepEqual(
        { width: photo.width, height: photo.height },
        options.defaultPhoto ?? s.frame,
        'by default a photo has the size of the video (of the sensor, for the virtual camera)',
      );
      assert.ok(photo.ms >= 0);
      // The time is shown in whatever unit suits it ("48 ms", "1.76 s"): only its presence is checked.
      assert.match(photo.caption, new RegExp(`${photo.width}×${photo.height}.*(kB|MB|B).*image/jpeg.*\\d\\s*m?s`));
      assert.match(photo.download, /^imagecapture-photo-\d+\.jpg$/);
      assert.equal(photo.href, 'blob:');
      assert.equal(photo.imgLoaded, true, 'the thumbnail shows the photo');
    });

    test('a photo size chosen in the photo settings is the size of the photo taken', async (p) => {
      const { frame } = await p.call('snapshot');
      assert.notDeepEqual(frame, { width: 1280, height: 720 }, 'the video has another size than the one chosen');
      const large = await p.call('takePhoto', '1280x720');
      assert.deepEqual({ width: large.width, height: large.height }, { width: 1280, height: 720 });
      const video = await p.call('takePhoto', `${frame.width}x${frame.height}`);
      assert.deepEqual({ width: video.width, height: video.height }, frame, 'the "Video" size again');
      assert.deepEqual(video.alerts, []);
    });

    test('Grab frames fills the filmstrip with one frame per grabFrame() call and its latency', async (p) => {
      const s = await p.call('snapshot');
      const r = await p.call('grabFrames', 4);
      assert.equal(r.frames.length, 4);
      for (const f of r.frames) {
        assert.ok(f.ms >= 0);
        assert.deepEqual({ width: f.width, height: f.height }, s.frame);
        assert.match(f.caption, /#\d+\s*[\d.]+ m?s/);
      }
      assert.match(r.summary, /^4 frames of \d+×\d+ in .* median .* per frame/);
      assert.ok(r.timing !== '' && Number.isFinite(Number(r.timing)), 'the timings table has the grabFrame() median');
    });

    if (options.native) {
      test('the native ImageCapture takes photos too, and Compare times both implementations side by side', async (p, t) => {
        assert.equal(await p.call('useImplementation', 'native'), 'native');
        const photo = await p.call('takePhoto');
        assert.equal(photo.impl, 'native');
        assert.equal(photo.type, 'image/png', "Chromium's own takePhoto() returns PNG");
        const r = await p.call('compare');
        t.diagnostic(`medians (ms): ${JSON.stringify(r.medians)}`);
        for (const key of ['takePhoto/native', 'takePhoto/ours', 'grabFrame/native', 'grabFrame/ours']) {
          assert.ok(Number(r.medians[key]) > 0, `${key} has a median`);
        }
        assert.ok(r.photos.includes('native') && r.photos.includes('ours'), 'both implementations added photos');
        assert.equal(await p.call('useImplementation', 'ours'), 'ours');
      });
    }

    test(`a screenshot of the page is saved to artifacts/demo-${options.engine}.png`, async (p, t) => {
      const file = await p.screenshot(`demo-${options.engine}`);
      if (!file) return void t.skip("this engine's driver offers no screenshot (Engine.screenshot)");
      t.diagnostic(file);
    });

    test('an out-of-range value typed into a control is shown in the page with what the camera did', async (p) => {
      const s = await p.call('snapshot');
      const controls = s.trackControls as ControlInfo[];
      const control = controls.find((c) => c.name === 'zoom') ?? controls.find((c) => c.kind === 'range');
      assert.ok(control, 'the camera has a range control');
      const value = control.max! * 10 + 1;
      const r = await p.call('type', control.name, value);
      assert.equal(r.setting, control.setting, 'the shown value is still what getSettings() reports');
      const alert = (r.alerts as AlertInfo[]).find((a) => a.kind === 'control');
      assert.ok(alert, `an error is shown (${JSON.stringify(r.alerts)})`);
      assert.match(alert.detail, /outside the camera's range/);
      if (options.refusesOutOfRange) {
        assert.match(alert.title, new RegExp(`^${control.name} ${value}.* was refused$`));
        assert.match(alert.detail, /OverconstrainedError/);
      } else {
        assert.match(alert.title, new RegExp(`^${control.name} ${value}.* is out of range$`));
        assert.match(alert.detail, /The browser accepted it; getSettings\(\) reports/);
      }
      assert.equal(await p.call('dismissAlerts'), 1);
    });

    test('a denied permission and a missing camera are explained in the page, and Retry recovers', async (p) => {
      const denied = await p.call('failCamera', 'NotAllowedError');
      assert.equal(denied.message, 'Camera permission denied');
      assert.deepEqual(denied.alerts.map((a: AlertInfo) => [a.kind, a.title]), [['camera', 'Camera permission denied']]);
      assert.equal(denied.takePhotoDisabled, true);
      const missing = await p.call('failCamera', 'NotFoundError');
      assert.equal(missing.message, 'No camera found');
      assert.ok(missing.alerts.some((a: AlertInfo) => a.title === 'No camera found'));
      const back = await p.call('restoreCamera');
      assert.deepEqual(back, { state: 'ready', messageHidden: true, alerts: [] });
      if (options.camera) await p.call('selectCamera', options.camera);
    });

    test('the page saw no uncaught errors, unhandled rejections or console errors', async (p) => {
      assert.deepEqual(await p.call('alerts'), []);
    });
  });
}

/**
 * The demo page with `?camera=virtual`: the virtual camera inside the page, so every image-capture
 * control shows and acts on the preview whatever the engine's own camera offers. The same in every
 * engine.
 */
export function defineVirtualDemoSuite(engine: string, launch: () => Promise<Launched>): void {
  defineDemoSuite({
    engine: `${engine}-virtual`,
    launch,
    query: '?camera=virtual',
    zoom: { min: 1, max: 10, from: 1, to: 2 },
    controls: [
      'whiteBalanceMode', 'exposureMode', 'focusMode', 'exposureCompensation', 'exposureTime', 'colorTemperature', 'iso',
      'brightness', 'contrast', 'saturation', 'sharpness', 'focusDistance', 'pan', 'tilt', 'zoom', 'torch', 'frameRate',
    ],
    refusesOutOfRange: true,
    native: false,
    defaultPhoto: { width: 4032, height: 3024 },
  });
}
