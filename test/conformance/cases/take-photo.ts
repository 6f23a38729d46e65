/** takePhoto (https://w3c.github.io/mediacapture-image/#dom-imagecapture-takephoto), cases 11–26. */
import { CaseSkipped } from '../assert.js';
import type { Assert } from '../assert.js';
import type { CaseEnv, ConformanceCase, Dict, ImageCaptureLike, TrackLike } from '../harness.js';
import { FILL_LIGHT_MODES, openCapture, photoSize, settlesWithinMicrotasks } from '../support.js';

function isBlob(value: unknown): value is Blob {
  return Object.prototype.toString.call(value) === '[object Blob]' || (typeof Blob !== 'undefined' && value instanceof Blob);
}

/** A capture over a camera whose photo capabilities satisfy `wanted`, from the default or the limited camera. */
async function captureWhere(
  env: CaseEnv,
  wanted: (caps: Dict) => boolean,
  what: string,
): Promise<{ track: TrackLike; capture: ImageCaptureLike; caps: Dict }> {
  const first = await openCapture(env);
  const caps = await env.settle(first.capture.getPhotoCapabilities());
  if (wanted(caps)) return { ...first, caps };
  if (!env.limitedCameraTrack) throw new CaseSkipped(`the default camera is not ${what} and ${env.name} has no limited camera`);
  const track = env.own(await env.limitedCameraTrack());
  const capture = new env.ImageCapture(track);
  const limitedCaps = await env.settle(capture.getPhotoCapabilities());
  if (!wanted(limitedCaps)) {
    throw new Error(`the limited camera should be ${what}; its photo capabilities are ${JSON.stringify(limitedCaps)}`);
  }
  return { track, capture, caps: limitedCaps };
}

const typeErrorInput = (id: number, label: string, settings: unknown): ConformanceCase => ({
  id,
  title: `takePhoto(${label}) returns a promise rejected with TypeError (it does not throw)`,
  tags: ['S'],
  async run(env, assert) {
    const { capture } = await openCapture(env);
    await assert.rejects(() => capture.takePhoto(settings), 'TypeError', `takePhoto(${label})`);
  },
});

/**
 * Cases 19 and 20 (Chromium and the web-platform tests; docs/behaviour.md): a size outside the photo
 * capability range is NotSupportedError.
 */
const outOfRange = (id: number, member: 'imageHeight' | 'imageWidth', side: 'max' | 'min'): ConformanceCase => ({
  id,
  title: `takePhoto({${member}: ${side === 'max' ? 'max + 1' : 'min - 1'}}) rejects with NotSupportedError`,
  tags: ['C', 'W'],
  behavior: 'chromium',
  async run(env, assert) {
    const { capture } = await openCapture(env);
    const caps = await env.settle(capture.getPhotoCapabilities());
    const range = caps[member] as Dict | undefined;
    assert.ok(range && typeof range.min === 'number' && typeof range.max === 'number', `getPhotoCapabilities().${member} is a range`);
    const value = side === 'max' ? range!.max + 1 : range!.min - 1;
    await assert.rejects(env.settle(capture.takePhoto({ [member]: value })), 'NotSupportedError', `takePhoto({${member}: ${value}})`);
  },
});

async function expectSameShape(assert: Assert, a: Blob, b: Blob, label: string): Promise<void> {
  assert.equal(b.type, a.type, `${label}: MIME type compared with takePhoto()`);
  const [sa, sb] = [await photoSize(a), await photoSize(b)];
  assert.deepEqual(sb, sa, `${label}: dimensions compared with takePhoto()`);
}

export const takePhotoCases: ConformanceCase[] = [
  {
    id: 11,
    title: 'takePhoto() on a live track resolves with a non-empty Blob of an image type',
    tags: ['S'],
    async run(env, assert) {
      const { capture } = await openCapture(env);
      const blob = await assert.resolves(env.settle(capture.takePhoto()), 'takePhoto()');
      assert.ok(isBlob(blob), 'takePhoto() resolves with a Blob');
      assert.ok(blob.size > 0, 'the Blob is not empty');
      assert.ok(/^image\/[a-z0-9.+-]+$/.test(blob.type), `the Blob's type is an image MIME type (got ${JSON.stringify(blob.type)})`);
    },
  },
  {
    id: 12,
    title: 'takePhoto(), takePhoto(undefined), takePhoto(null) and takePhoto({}) are equivalent',
    tags: ['S'],
    async run(env, assert) {
      const { capture } = await openCapture(env);
      const base = await assert.resolves(env.settle(capture.takePhoto()), 'takePhoto()');
      for (const [label, arg] of [['undefined', undefined], ['null', null], ['{}', {}]] as const) {
        const blob = await assert.resolves(env.settle(capture.takePhoto(arg)), `takePhoto(${label})`);
        assert.ok(isBlob(blob) && blob.size > 0, `takePhoto(${label}) gives a non-empty Blob`);
        await expectSameShape(assert, base, blob, `takePhoto(${label})`);
      }
    },
  },
  {
    id: 13,
    title: 'takePhoto() on an ended track rejects with InvalidStateError before any device work',
    tags: ['S'],
    async run(env, assert) {
      const { track, capture } = await openCapture(env);
      track.stop();
      const p = capture.takePhoto();
      assert.ok(await settlesWithinMicrotasks(p), 'the promise is already settled (the check is synchronous)');
      await assert.rejects(p, 'InvalidStateError', 'takePhoto() on an ended track');
    },
  },
  typeErrorInput(14, '{fillLightMode: "bogus"}', { fillLightMode: 'bogus' }),
  typeErrorInput(15, '{imageWidth: NaN}', { imageWidth: NaN }),
  typeErrorInput(15, '{imageHeight: Infinity}', { imageHeight: Infinity }),
  typeErrorInput(16, '5', 5),
  {
    id: 17,
    title: 'a device failure during capture rejects takePhoto with UnknownError',
    tags: ['S'],
    needs: ['failNext'],
    async run(env, assert) {
      const { capture } = await openCapture(env);
      env.failNext!('takePhoto');
      await assert.rejects(env.settle(capture.takePhoto()), 'UnknownError', 'takePhoto() when the device fails');
      const blob = await assert.resolves(env.settle(capture.takePhoto()), 'the next takePhoto() once the failure has passed');
      assert.ok(blob.size > 0, 'the next photo is not empty');
    },
  },
  {
    id: 18,
    title: 'takePhoto picks the closest size the device supports (the output dimensions match)',
    tags: ['S'],
    async run(env, assert) {
      const { capture } = await openCapture(env);
      const caps = await env.settle(capture.getPhotoCapabilities());
      const w = caps.imageWidth as Dict | undefined;
      const h = caps.imageHeight as Dict | undefined;
      assert.ok(
        w && h && typeof w.min === 'number' && typeof h.min === 'number',
        'photo capabilities have imageWidth and imageHeight ranges',
      );
      // Ask for a size 40% of a step past a grid point (or just past min for continuous ranges).
      const pick = (r: Dict): { ask: number; expect: number } => {
        const step = typeof r.step === 'number' && r.step > 1 ? r.step : 1;
        const k = Math.max(1, Math.floor((r.max - r.min) / step / 3));
        const grid = r.min + k * step;
        return { ask: grid + 0.4 * step, expect: grid };
      };
      const pw = pick(w!);
      const ph = pick(h!);
      const blob = await assert.resolves(
        env.settle(capture.takePhoto({ imageWidth: pw.ask, imageHeight: ph.ask })),
        'takePhoto with an off-grid size',
      );
      const size = await photoSize(blob);
      assert.deepEqual(
        size,
        { width: pw.expect, height: ph.expect, format: size.format },
        `photo size for a request of ${pw.ask}x${ph.ask}`,
      );
    },
  },
  {
    id: 18,
    title: 'with a fixed list of photo sizes, takePhoto shoots the one closest to the request',
    tags: ['S'],
    needs: ['photoSizes'],
    async run(env, assert) {
      const sizes = env.features.photoSizes!;
      assert.ok(sizes.length >= 2, 'features.photoSizes lists at least two sizes');
      const [a, b] = [sizes[0]!, sizes[1]!];
      // 30% of the way from a to b: a is closest.
      const ask = { imageWidth: Math.round(a[0] + 0.3 * (b[0] - a[0])), imageHeight: Math.round(a[1] + 0.3 * (b[1] - a[1])) };
      const { capture } = await openCapture(env);
      const size = await photoSize(await assert.resolves(env.settle(capture.takePhoto(ask)), 'takePhoto between two sizes'));
      assert.deepEqual([size.width, size.height], [a[0], a[1]], `photo size for ${ask.imageWidth}x${ask.imageHeight}`);
    },
  },
  outOfRange(19, 'imageHeight', 'max'),
  outOfRange(19, 'imageHeight', 'min'),
  outOfRange(20, 'imageWidth', 'max'),
  outOfRange(20, 'imageWidth', 'min'),
  {
    id: 21,
    title: 'takePhoto({redEyeReduction}) rejects with NotSupportedError when red-eye reduction is not controllable',
    tags: ['C', 'W'],
    behavior: 'chromium',
    async run(env, assert) {
      const { capture, caps } = await captureWhere(
        env,
        (c) => c.redEyeReduction !== 'controllable',
        'without controllable red-eye reduction',
      );
      for (const value of [true, false]) {
        await assert.rejects(
          env.settle(capture.takePhoto({ redEyeReduction: value })),
          'NotSupportedError',
          `takePhoto({redEyeReduction: ${value}}) with redEyeReduction "${caps.redEyeReduction}"`,
        );
      }
    },
  },
  {
    id: 22,
    title: 'takePhoto({fillLightMode}) rejects with NotSupportedError for a mode not in the capability list',
    tags: ['C', 'W'],
    behavior: 'chromium',
    async run(env, assert) {
      const lacks = (c: Dict): string | undefined => FILL_LIGHT_MODES.find(
        (m) => !((c.fillLightMode as string[] | undefined) ?? []).includes(m),
      );
      const { capture, caps } = await captureWhere(env, (c) => lacks(c) !== undefined, 'missing a fill-light mode');
      const mode = lacks(caps)!;
      await assert.rejects(
        env.settle(capture.takePhoto({ fillLightMode: mode })),
        'NotSupportedError',
        `takePhoto({fillLightMode: "${mode}"}) with modes ${JSON.stringify(caps.fillLightMode)}`,
      );
    },
  },
  {
    id: 23,
    title: 'a device that restarts for the shot fires mute then unmute on the track',
    tags: ['S'],
    needs: ['photoMuteCycle'],
    async run(env, assert) {
      const { track, capture } = await openCapture(env);
      const seen: string[] = [];
      track.addEventListener('mute', () => seen.push(`mute(muted=${track.muted})`));
      track.addEventListener('unmute', () => seen.push(`unmute(muted=${track.muted})`));
      await assert.resolves(env.settle(capture.takePhoto()), 'takePhoto()');
      assert.deepEqual(seen, ['mute(muted=true)', 'unmute(muted=false)'], 'events on the track during takePhoto');
      assert.equal(track.muted, false, 'track.muted after the photo');
    },
  },
  {
    id: 24,
    title: 'overlapping takePhoto() calls follow the documented policy',
    tags: ['P'],
    needs: ['photoOverlap'],
    async run(env, assert) {
      const { capture } = await openCapture(env);
      const order: number[] = [];
      const calls = [0, 1, 2].map((i) =>
        capture.takePhoto().then(
          (blob) => {
            order.push(i);
            return blob;
          },
          (err: unknown) => {
            order.push(i);
            throw err;
          },
        ),
      );
      const all = Promise.allSettled(calls);
      await env.settle(all);
      const results = await all;
      if (env.features.photoOverlap === 'queue') {
        results.forEach((r, i) => assert.equal(r.status, 'fulfilled', `queued takePhoto #${i}`));
        assert.deepEqual(order, [0, 1, 2], 'queued photos settle in call order');
      } else {
        assert.equal(results[0]!.status, 'fulfilled', 'the first takePhoto');
        for (const i of [1, 2]) await assert.rejects(calls[i]!, 'UnknownError', `overlapping takePhoto #${i}`);
      }
    },
  },
  {
    id: 25,
    title: 'the track ending while takePhoto is pending rejects the promise',
    tags: ['S'],
    async run(env, assert) {
      const { track, capture } = await openCapture(env);
      const p = capture.takePhoto();
      track.stop();
      // https://w3c.github.io/mediacapture-image/#dom-imagecapture-takephoto step 3.2: UnknownError; Chromium may answer OperationError.
      const accepted = env.behavior === 'chromium' ? ['UnknownError', 'OperationError'] : ['UnknownError'];
      await assert.rejects(env.settle(p), accepted, 'takePhoto() and then track.stop() in the same task');
    },
  },
  {
    id: 26,
    title: 'on a source without photo support, getPhotoSettings resolves and takePhoto(settings) rejects with UnknownError',
    tags: ['W'],
    needs: ['photolessTrack'],
    async run(env, assert) {
      const track = env.own(await env.photolessTrack!());
      const capture = new env.ImageCapture(track);
      const settings = await assert.resolves(env.settle(capture.getPhotoSettings()), 'getPhotoSettings()');
      await assert.rejects(env.settle(capture.takePhoto(settings)), 'UnknownError', 'takePhoto(settings) without photo support');
    },
  },
];
