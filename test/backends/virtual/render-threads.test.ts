import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { ManualClock, RealClock } from '../../../src/backends/clock.js';
import { CameraModel } from '../../../src/backends/virtual/model.js';
import { FrameStore } from '../../../src/backends/virtual/frame-store.js';
import { stillPlan, videoParams } from '../../../src/backends/virtual/frames.js';
import { PHONE_BACK } from '../../../src/backends/virtual/presets.js';
import { SceneRenderer, type FrameParams } from '../../../src/backends/virtual/render.js';
import { RenderPool, renderThreads } from '../../../src/backends/virtual/render-pool.js';
import { SCENE } from '../../../src/backends/virtual/scene.js';
import { poolAbove, poolFrames, probeWorthwhile, soloBelow, ThreadChoice } from '../../../src/backends/virtual/thread-choice.js';
import { VirtualCameraBackend } from '../../../src/backends/virtual/index.js';

const sha256 = (data: Uint32Array): string => createHash('sha256').update(data).digest('hex');

const model = new CameraModel(PHONE_BACK, { width: 640, height: 360, frameRate: 30 }, 0, () => ({ ev100: 7, kelvin: 5000 }), SCENE);
const cases: Array<[string, FrameParams]> = [
  ['a video frame with its label', videoParams(model, 1234, 37, '#000037 00:00:01.234')],
  [
    'a flash still with red eye',
    stillPlan(
      model,
      2000,
      { imageWidth: 800, imageHeight: 600, fillLightMode: 'flash', redEyeReduction: false },
      60,
      'PHOTO',
      new Date(0),
    ).params,
  ],
  [
    'an odd-sized still',
    stillPlan(model, 2500, { imageWidth: 333, imageHeight: 97, fillLightMode: 'off', redEyeReduction: false }, 75, '', new Date(0)).params,
  ],
];

function whole(seed: number, p: FrameParams): Uint32Array {
  const out = new Uint32Array(p.width * p.height);
  new SceneRenderer(seed).render(p, out);
  return out;
}

describe('rendering in bands', () => {
  for (const [name, p] of cases) {
    it(`${name}: bands rendered apart give the pixels of the whole frame`, () => {
      const out = new Uint32Array(p.width * p.height);
      // Bands in reverse order, on two renderers, with a ragged cut.
      const a = new SceneRenderer(9);
      const b = new SceneRenderer(9);
      const cuts = [0, 1, Math.floor(p.height / 3), Math.floor(p.height / 2) + 1, p.height];
      for (let i = cuts.length - 2; i >= 0; i--) (i % 2 ? a : b).render(p, out, cuts[i]!, cuts[i + 1]!);
      assert.equal(sha256(out), sha256(whole(9, p)));
    });
  }

  it('a band leaves the rows outside it untouched', () => {
    const p = cases[0]![1];
    const out = new Uint32Array(p.width * p.height).fill(0x12345678);
    new SceneRenderer(9).render(p, out, 10, 20);
    assert.ok(out.subarray(0, 10 * p.width).every((v) => v === 0x12345678));
    assert.ok(out.subarray(20 * p.width).every((v) => v === 0x12345678));
    assert.ok(out.subarray(10 * p.width, 20 * p.width).some((v) => v !== 0x12345678));
  });
});

describe('the render pool', () => {
  const pools: RenderPool[] = [];
  after(async () => {
    for (const pool of pools) await pool.close();
  });

  for (const threads of [2, 3]) {
    it(`${threads} threads give the same pixels as one`, async () => {
      const pool = new RenderPool(threads);
      pools.push(pool);
      for (const [name, p] of cases) {
        const out = new Uint32Array(new SharedArrayBuffer(p.width * p.height * 4));
        const ms = await pool.render(9, p, out);
        assert.equal(sha256(out), sha256(whole(9, p)), name);
        assert.ok(Number.isFinite(ms) && ms >= 0, `${name}: the threads' painting time is reported (${ms})`);
      }
    });
  }

  it('a frame shared in pieces between the calling thread and the threads has the pixels of one painted whole', async () => {
    const pool = new RenderPool(2);
    pools.push(pool);
    // Twice: the first time the threads are still loading (this thread paints what they do not take).
    for (let round = 0; round < 2; round++) {
      for (const [name, p] of cases) {
        const out = new Uint32Array(new SharedArrayBuffer(p.width * p.height * 4));
        const ms = await pool.renderShared(9, p, out, new SceneRenderer(9));
        assert.equal(sha256(out), sha256(whole(9, p)), `${name}, round ${round}`);
        assert.ok(Number.isFinite(ms) && ms >= 0);
      }
    }
  });

  it('rejects an output that is not shared memory', async () => {
    const pool = new RenderPool(2);
    pools.push(pool);
    const p = cases[2]![1];
    await assert.rejects(pool.render(9, p, new Uint32Array(p.width * p.height)), TypeError);
  });

  it('IMAGECAPTURE_RENDER_THREADS sets the number of threads', () => {
    const before = process.env.IMAGECAPTURE_RENDER_THREADS;
    try {
      process.env.IMAGECAPTURE_RENDER_THREADS = '3';
      assert.equal(renderThreads(), 3);
      process.env.IMAGECAPTURE_RENDER_THREADS = '0';
      assert.equal(renderThreads(), 0);
      delete process.env.IMAGECAPTURE_RENDER_THREADS;
      assert.ok(renderThreads() >= 1);
    } finally {
      if (before === undefined) delete process.env.IMAGECAPTURE_RENDER_THREADS;
      else process.env.IMAGECAPTURE_RENDER_THREADS = before;
    }
  });
});

describe('which thread paints a video frame', () => {
  it('a frame one thread paints well within the frame interval stays on the calling thread', () => {
    // 30 frames/s: 33.3 ms between frames.
    assert.equal(poolFrames(false, 8, 30), false);
    assert.equal(poolFrames(false, 18, 30), false);
    assert.equal(poolFrames(false, poolAbove(30) - 0.1, 30), false);
  });

  it('frames go to the render threads once one thread would need more than its share of the interval', () => {
    assert.equal(poolFrames(false, poolAbove(30) + 0.1, 30), true);
    // The same painting time fits at 30 frames/s but not at 60.
    assert.equal(poolFrames(false, 12, 30), false);
    assert.equal(poolFrames(false, 12, 60), true);
  });

  it('a short frame interval keeps a larger part of it free for the scheduler', () => {
    assert.ok(poolAbove(60) / (1000 / 60) < poolAbove(30) / (1000 / 30));
    assert.equal(poolFrames(false, 10, 60), true);
    assert.equal(poolFrames(false, 10, 30), false);
  });

  it('frames come back only once well under the share, so the choice does not flap', () => {
    const between = (poolAbove(60) + soloBelow(60)) / 2;
    assert.equal(poolFrames(true, between, 60), true);
    assert.equal(poolFrames(false, between, 60), false);
    assert.equal(poolFrames(true, soloBelow(60) - 0.1, 60), false);
  });

  it('a frame is painted on the calling thread to measure again only when the threads leave room for it', () => {
    // 1080p at 30 frames/s: the threads' 25 ms added up may be one thread's 13 ms.
    assert.equal(probeWorthwhile(25, 30), true);
    // 4K at 30 frames/s: 80 ms added up is more than one thread could do in 33 ms.
    assert.equal(probeWorthwhile(80, 30), false);
    assert.equal(probeWorthwhile(0, 30), false);
  });

  it('a camera sends frames to the threads, tries one here now and then, and takes them back once one thread keeps up', () => {
    const choice = new ThreadChoice();
    assert.equal(choice.forFrame(1, 30), false, 'no measure yet: here');
    assert.equal(choice.forFrame(1, 30), false, 'decided once per frame');
    for (let i = 0; i < 3; i++) choice.paintedHere(25); // more than 75 % of 33 ms less 6 ms
    const sent: boolean[] = [];
    for (let k = 2; k < 62; k++) {
      sent.push(choice.forFrame(k, 30));
      choice.paintedThere(24);
    }
    assert.equal(sent.filter((s) => !s).length, 2, 'one frame in 30 painted here to measure again');
    choice.paintedHere(8); // the measure: well under half of the interval less 6 ms
    assert.equal(choice.forFrame(62, 30), false);
    assert.equal(choice.forFrame(63, 30), false);
  });

  it('no verdict before three frames painted here, so one cold first frame does not send frames to the threads', () => {
    const choice = new ThreadChoice();
    choice.paintedHere(53);
    assert.equal(choice.forFrame(1, 30), false);
    choice.paintedHere(8);
    assert.equal(choice.forFrame(2, 30), false);
    choice.paintedHere(9);
    assert.equal(choice.forFrame(3, 30), false, 'median 9 ms');
  });

  it('one frame the scheduler held up does not send frames to the threads; frames that stay slow do', () => {
    const choice = new ThreadChoice();
    let k = 1;
    for (const ms of [8, 8, 8, 100, 8, 9]) {
      assert.equal(choice.forFrame(k++, 30), false);
      choice.paintedHere(ms);
    }
    assert.equal(choice.forFrame(k++, 30), false, 'one slow frame in five');
    for (const ms of [30, 30, 30]) {
      choice.paintedHere(ms);
      choice.forFrame(k++, 30);
    }
    assert.equal(choice.forFrame(k++, 30), true, 'slow frames are most of the last five');
  });

  it('a camera whose frames one thread could never paint in time never tries one here', () => {
    const choice = new ThreadChoice();
    for (let i = 0; i < 3; i++) choice.paintedHere(90);
    let here = 0;
    for (let k = 1; k <= 90; k++) {
      if (!choice.forFrame(k, 30)) here++;
      choice.paintedThere(80);
    }
    assert.equal(here, 0);
  });

  it('without a measure yet the choice stays as it was', () => {
    assert.equal(poolFrames(false, 0, 30), false);
    assert.equal(poolFrames(true, 0, 30), true);
  });
});

describe('lent frame buffers', () => {
  it('a lent buffer is not reused until released and replaced', () => {
    const store = new FrameStore();
    const first = store.replace(0, 4, 4, 0);
    const release = store.lease(first);
    const second = store.replace(1, 4, 4, 0);
    assert.notEqual(second.data, first.data);
    const third = store.replace(2, 4, 4, 0);
    assert.notEqual(third.data, first.data, 'still lent');
    release();
    release(); // a second call does nothing
    const fourth = store.replace(3, 4, 4, 0);
    assert.ok(fourth.data === first.data || fourth.data === second.data, 'a released buffer is reused');
  });

  it('frames for the render threads get shared memory, frames painted here ordinary memory, each reused as its kind', () => {
    const store = new FrameStore();
    const here = store.replace(0, 4, 4, 0, false);
    assert.ok(here.data.buffer instanceof ArrayBuffer);
    const there = store.replace(1, 4, 4, 0, true);
    assert.ok(there.data.buffer instanceof SharedArrayBuffer);
    // `here` is free now; the next shared frame cannot take it, the next ordinary one does.
    const there2 = store.replace(2, 4, 4, 0, true);
    assert.ok(there2.data.buffer instanceof SharedArrayBuffer);
    assert.notEqual(there2.data, here.data);
    const here2 = store.replace(3, 4, 4, 0, false);
    assert.equal(here2.data, here.data);
  });

  it('the current frame keeps its buffer after its borrowers release it', () => {
    const store = new FrameStore();
    const frame = store.replace(0, 4, 4, 0);
    store.lease(frame)();
    const next = store.replace(1, 4, 4, 0);
    assert.notEqual(next.data, frame.data);
  });

  it('grabFrame bitmaps over a real clock hold their own pixels until closed', async () => {
    const source = await new VirtualCameraBackend({ clock: new RealClock(), seed: 3 }).open(
      'virtual:phone-back',
      { width: 640, height: 480 },
    );
    try {
      const signal = new AbortController().signal;
      const a = await source.nextFrame(signal, undefined, true);
      const copy = new Uint8Array(a.data);
      assert.equal(typeof a.release, 'function');
      const b = await source.nextFrame(signal, undefined, true);
      const c = await source.nextFrame(signal, undefined, true);
      assert.notEqual(b.data.buffer, a.data.buffer);
      assert.notEqual(c.data.buffer, a.data.buffer);
      assert.deepEqual(a.data, copy, 'lent pixels do not change');
      b.release!();
      c.release!();
      a.release!();
      const plain = await source.nextFrame(signal);
      assert.equal(plain.release, undefined, 'without lend the caller gets its own copy');
    } finally {
      source.close();
    }
  });

  it('a still released after encoding lends its buffer to the next still of its size, with fresh pixels', async () => {
    const photo = { imageWidth: 640, imageHeight: 480, fillLightMode: 'off', redEyeReduction: false } as const;
    const signal = new AbortController().signal;
    const shoot = async (clock: ManualClock, source: Awaited<ReturnType<VirtualCameraBackend['open']>>, at: number) => {
      await clock.advance(at - clock.now());
      const still = await source.takePhoto(photo, signal);
      assert.equal(still.kind, 'raw');
      return still.kind === 'raw' ? still.frame : assert.fail();
    };
    const clock = new ManualClock();
    const source = await new VirtualCameraBackend({ clock, seed: 5 }).open('virtual:phone-back', {});
    const fresh = new ManualClock();
    const other = await new VirtualCameraBackend({ clock: fresh, seed: 5 }).open('virtual:phone-back', {});
    try {
      const first = await shoot(clock, source, 100);
      const kept = await shoot(clock, source, 200);
      assert.notEqual(kept.data.buffer, first.data.buffer, 'an unreleased still keeps its buffer');
      kept.release!();
      const reused = await shoot(clock, source, 300);
      assert.equal(reused.data.buffer, kept.data.buffer);
      await shoot(fresh, other, 100);
      await shoot(fresh, other, 200);
      const expected = await shoot(fresh, other, 300);
      assert.deepEqual(reused.data, expected.data, 'the reused buffer holds exactly the new still');
    } finally {
      source.close();
      other.close();
    }
  });
});
