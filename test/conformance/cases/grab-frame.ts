/** grabFrame (https://w3c.github.io/mediacapture-image/#dom-imagecapture-grabframe), cases 36–44. */
import type { BitmapLike, ConformanceCase, Dict, Pixels } from '../harness.js';
import { patternColorAt } from '../harness.js';
import { openCapture, settlesWithinMicrotasks } from '../support.js';

function isBitmap(value: unknown): boolean {
  return Object.prototype.toString.call(value) === '[object ImageBitmap]';
}

/** Largest per-channel difference between two frames of the same size. */
function maxDifference(a: Pixels, b: Pixels): number {
  let max = 0;
  for (let i = 0; i < a.data.length; i++) {
    if (i % 4 === 3) continue;
    const d = Math.abs(a.data[i]! - b.data[i]!);
    if (d > max) max = d;
  }
  return max;
}

/**
 * The expected rejection for grabFrame failures Chromium defines (overlap, timeout): the project's
 * UnknownError, or any rejection elsewhere.
 */
function grabFailure(projectPolicies: unknown): string[] | undefined {
  return projectPolicies ? ['UnknownError'] : undefined;
}

export const grabFrameCases: ConformanceCase[] = [
  {
    id: 36,
    title: 'grabFrame() on a live track resolves with an ImageBitmap of the track\'s width and height',
    tags: ['S'],
    async run(env, assert) {
      const { track, capture } = await openCapture(env);
      const bitmap = await assert.resolves(env.settle(capture.grabFrame()), 'grabFrame()');
      try {
        assert.ok(isBitmap(bitmap), `grabFrame() resolves with an ImageBitmap (got ${Object.prototype.toString.call(bitmap)})`);
        const s = track.getSettings();
        assert.deepEqual([bitmap.width, bitmap.height], [s.width, s.height], 'bitmap size compared with getSettings() width/height');
      } finally {
        bitmap.close();
      }
    },
  },
  {
    id: 37,
    title: 'grabFrame() pixels match the source frame within ±5 per channel',
    tags: ['S', 'W'],
    needs: ['patternTrack', 'readPixels'],
    async run(env, assert) {
      const track = env.own(await env.patternTrack!());
      const capture = new env.ImageCapture(track);
      const bitmap = await env.settle(capture.grabFrame());
      const px = await env.readPixels!(bitmap);
      bitmap.close();
      const { width: w, height: h } = px;
      assert.ok(w > 8 && h > 8, `the frame is large enough to sample (got ${w}x${h})`);
      const bad: string[] = [];
      // A grid of samples away from the quadrant borders (scaling may blend a few pixels there).
      for (let gy = 0; gy < 8; gy++) {
        for (let gx = 0; gx < 8; gx++) {
          const fx = [0.05, 0.15, 0.25, 0.4, 0.6, 0.75, 0.85, 0.95][gx]!;
          const fy = [0.05, 0.15, 0.25, 0.4, 0.6, 0.75, 0.85, 0.95][gy]!;
          const x = Math.floor(fx * w);
          const y = Math.floor(fy * h);
          const want = patternColorAt(x, y, w, h);
          const i = (y * w + x) * 4;
          const got = [px.data[i]!, px.data[i + 1]!, px.data[i + 2]!];
          if (got.some((v, c) => Math.abs(v - want[c]!) > 5)) bad.push(`(${x},${y}) got ${got} want ${want}`);
        }
      }
      assert.deepEqual(bad, [], 'samples further than 5 from the source colour');
    },
  },
  {
    id: 38,
    title: 'grabFrame() on an ended track rejects with InvalidStateError',
    tags: ['S'],
    async run(env, assert) {
      const { track, capture } = await openCapture(env);
      track.stop();
      const p = capture.grabFrame();
      assert.ok(await settlesWithinMicrotasks(p), 'the promise is already settled (the check is synchronous)');
      await assert.rejects(p, 'InvalidStateError', 'grabFrame() on an ended track');
    },
  },
  {
    id: 39,
    title: 'grabFrame() and takePhoto() on a disabled track reject with InvalidStateError, in every behaviour',
    tags: ['C', 'W'],
    async run(env, assert) {
      const { track, capture } = await openCapture(env);
      track.enabled = false;
      await assert.rejects(env.settle(capture.grabFrame()), 'InvalidStateError', 'grabFrame() on a disabled track');
      await assert.rejects(env.settle(capture.takePhoto()), 'InvalidStateError', 'takePhoto() on a disabled track');
      // Enabled again, the track captures as before.
      track.enabled = true;
      const bitmap = await assert.resolves(env.settle(capture.grabFrame()), 'grabFrame() once the track is enabled again');
      bitmap.close();
    },
  },
  {
    id: 40,
    title: 'a failure to acquire the frame rejects grabFrame() with UnknownError',
    tags: ['S'],
    needs: ['failNext'],
    async run(env, assert) {
      const { capture } = await openCapture(env);
      env.failNext!('grabFrame');
      await assert.rejects(env.settle(capture.grabFrame()), 'UnknownError', 'grabFrame() when acquisition fails');
      const next = await assert.resolves(env.settle(capture.grabFrame()), 'the next grabFrame()');
      next.close();
    },
  },
  {
    id: 41,
    title: 'compat mode: a second grabFrame() while one is pending is rejected straight away',
    tags: ['C'],
    behavior: 'chromium',
    async run(env, assert) {
      const { capture } = await openCapture(env);
      const first = capture.grabFrame();
      const second = capture.grabFrame();
      assert.ok(await settlesWithinMicrotasks(second), 'the second call is settled at once');
      const expected = grabFailure(env.features.projectPolicies);
      if (expected) await assert.rejects(second, expected, 'the overlapping grabFrame()');
      else await second.then(() => assert.fail('the overlapping grabFrame() resolved'), () => undefined);
      const bitmap = await assert.resolves(env.settle(first), 'the first grabFrame() still delivers');
      bitmap.close();
    },
  },
  {
    id: 42,
    title: 'compat mode: grabFrame() rejects when no frame arrives within 2 s',
    tags: ['C'],
    behavior: 'chromium',
    needs: ['stallFrames'],
    async run(env, assert) {
      const { track, capture } = await openCapture(env);
      await env.stallFrames!(true);
      const p = capture.grabFrame();
      const expected = grabFailure(env.features.projectPolicies);
      if (expected) await assert.rejects(env.settle(p, 5000), expected, 'grabFrame() with no frames for 2 s');
      else await env.settle(p, 5000).then(() => assert.fail('grabFrame() resolved though no frame arrived'), () => undefined);
      assert.equal(track.readyState, 'live', 'the track stays live');
      await env.stallFrames!(false);
      const bitmap = await assert.resolves(env.settle(capture.grabFrame()), 'grabFrame() once frames flow again');
      bitmap.close();
    },
  },
  {
    id: 43,
    title: 'each grabFrame() call yields its own fresh frame',
    tags: ['S'],
    async run(env, assert) {
      const { capture } = await openCapture(env);
      const a: BitmapLike = await env.settle(capture.grabFrame());
      const b: BitmapLike = await env.settle(capture.grabFrame());
      assert.ok(a !== b, 'two calls give two ImageBitmaps');
      const size = [b.width, b.height];
      let pa: Pixels | undefined;
      let pb: Pixels | undefined;
      if (env.readPixels) [pa, pb] = [await env.readPixels(a), await env.readPixels(b)];
      a.close();
      assert.deepEqual([a.width, a.height], [0, 0], 'a closed bitmap is 0x0');
      assert.deepEqual([b.width, b.height], size, 'closing one frame leaves the other intact');
      b.close();
      if (pa && pb && env.features.framesChange) {
        assert.ok(maxDifference(pa, pb) > 0, 'two successive grabs of a changing scene are different frames');
      }
    },
  },
  {
    id: 44,
    title: 'after applyConstraints({width, height}) changes the video size, grabFrame() has the new size',
    tags: ['S'],
    async run(env, assert) {
      const { track, capture } = await openCapture(env);
      const caps = track.getCapabilities();
      const before = track.getSettings();
      const fits = (w: number, h: number): boolean => {
        const cw = caps.width as Dict | undefined;
        const ch = caps.height as Dict | undefined;
        return Boolean(cw && ch && w >= cw.min && w <= cw.max && h >= ch.min && h <= ch.max);
      };
      const target = ([[640, 480], [1280, 720], [320, 240], [800, 600]] as const).find(
        ([w, h]) => fits(w, h) && (w !== before.width || h !== before.height),
      );
      assert.ok(target, `a second video size fits the capabilities ${JSON.stringify({ width: caps.width, height: caps.height })}`);
      const [w, h] = target!;
      await assert.resolves(
        env.settle(track.applyConstraints({ width: { exact: w }, height: { exact: h } })),
        `applyConstraints(${w}x${h})`,
      );
      const s = track.getSettings();
      assert.deepEqual([s.width, s.height], [w, h], 'getSettings() after the change');
      const bitmap = await env.settle(capture.grabFrame());
      try {
        assert.deepEqual([bitmap.width, bitmap.height], [w, h], 'grabFrame() size after the change');
      } finally {
        bitmap.close();
      }
    },
  },
];
