/**
 * The row fills' WebAssembly loops: committed as the bytes the .wat assembles to, used here unless
 * IMAGECAPTURE_PAINT=js, and painting exactly the pixels of the JavaScript loops, over random
 * frames that take every loop (flat and stripes, the wall nearest and bilinear, the checkerboard)
 * with short and long runs, noise on and off, and bands.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FILLS_WASM } from '../../../src/backends/virtual/fills-bytes.js';
import { FillKernels, kernelsWanted } from '../../../src/backends/virtual/kernels.js';
import { SceneRenderer, type FrameParams } from '../../../src/backends/virtual/render.js';
import { Prng } from '../../../src/backends/virtual/prng.js';
import { viewFor } from '../../../src/backends/virtual/view.js';
// @ts-expect-error -- a plain script module without types
import { assemble, WASM_MODULES } from '../../../scripts/build-wasm.mjs';

/** A renderer painting in JavaScript only, however the environment is set. */
function jsRenderer(seed: number): SceneRenderer {
  const before = process.env['IMAGECAPTURE_PAINT'];
  process.env['IMAGECAPTURE_PAINT'] = 'js';
  try {
    return new SceneRenderer(seed);
  } finally {
    if (before === undefined) delete process.env['IMAGECAPTURE_PAINT'];
    else process.env['IMAGECAPTURE_PAINT'] = before;
  }
}

function wasmRenderer(seed: number): SceneRenderer {
  const before = process.env['IMAGECAPTURE_PAINT'];
  delete process.env['IMAGECAPTURE_PAINT'];
  try {
    return new SceneRenderer(seed);
  } finally {
    if (before !== undefined) process.env['IMAGECAPTURE_PAINT'] = before;
  }
}

function randomFrame(rng: Prng, i: number): FrameParams {
  const pick = (lo: number, hi: number): number => lo + (hi - lo) * rng.float();
  const width = i % 4 === 0 ? 960 : 40 + Math.floor(pick(0, 700));
  const height = i % 4 === 0 ? 540 : 30 + Math.floor(pick(0, 400));
  // High zooms on wide frames sample the wall bilinearly; low ones nearest.
  const zoom = i % 3 === 0 ? pick(3, 10) : pick(1, 2);
  const [pan, tilt] = [pick(-20, 20) * 3600, pick(-15, 15) * 3600];
  const view = viewFor({ sensorFovX: pick(50, 80), sensorAspect: 4 / 3, width, height, zoom, pan, tilt });
  const rgb = (lo: number, hi: number): [number, number, number] => [pick(lo, hi), pick(lo, hi), pick(lo, hi)];
  return {
    width,
    height,
    timeMs: pick(0, 20000),
    index: Math.floor(pick(0, 5000)),
    label: i % 5 === 0 ? `frame ${i}` : '',
    view,
    apertureM: i % 6 === 0 ? 0 : pick(0.0005, 0.01),
    focusDistance: pick(0.3, 10),
    exposure: pick(0.3, 2.5),
    exposureMs: pick(0, 100),
    wbGains: rgb(0.7, 1.5),
    ambient: rgb(0.6, 1.4),
    lamp: i % 2 === 0 ? 0 : pick(0.1, 3),
    lampColor: rgb(0.8, 1.1),
    retina: i % 7 === 0 ? pick(0.5, 4) : 0,
    pupilScale: pick(0.5, 1),
    adjust: {
      brightness: pick(-0.2, 0.2),
      contrast: pick(0.5, 2),
      saturation: pick(0, 2),
      sharpen: i % 2 === 0 ? 0 : pick(0, 3),
    },
    noise: i % 8 === 0 ? 0 : pick(0, 40),
  };
}

/** Counts the calls of each loop while `fn` runs. */
function counting(fn: () => void): Record<string, number> {
  const proto = FillKernels.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const names = ['flat', 'wall', 'wallBilinear', 'checker'];
  const saved = names.map((n) => proto[n]!);
  const calls: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  names.forEach((n, k) => {
    proto[n] = function (this: unknown, ...args: unknown[]) {
      calls[n]!++;
      return saved[k]!.apply(this, args);
    };
  });
  try {
    fn();
  } finally {
    names.forEach((n, k) => (proto[n] = saved[k]!));
  }
  return calls;
}

describe('the fills in WebAssembly', () => {
  it('are committed as the bytes fills.wat assembles to', async () => {
    const { wat } = (WASM_MODULES as { wat: string; name: string }[]).find((m) => m.name === 'FILLS_WASM')!;
    assert.equal(wat, 'src/backends/virtual/fills.wat');
    const fresh = (await assemble(wat)) as Uint8Array;
    assert.equal(FILLS_WASM, Buffer.from(fresh).toString('base64'));
  });

  it('are used here unless IMAGECAPTURE_PAINT=js', () => {
    assert.equal(kernelsWanted(), process.env['IMAGECAPTURE_PAINT'] !== 'js');
    const before = process.env['IMAGECAPTURE_PAINT'];
    process.env['IMAGECAPTURE_PAINT'] = 'js';
    try {
      assert.equal(kernelsWanted(), false);
    } finally {
      if (before === undefined) delete process.env['IMAGECAPTURE_PAINT'];
      else process.env['IMAGECAPTURE_PAINT'] = before;
    }
  });

  it('paint the same pixels as the JavaScript loops, through every loop', () => {
    const rng = new Prng(0xf111);
    const seeds = [7, 4242];
    const js = seeds.map(jsRenderer);
    const wasm = seeds.map(wasmRenderer);
    const calls = counting(() => {
      for (let i = 0; i < 40; i++) {
        const p = randomFrame(rng, i);
        const a = new Uint32Array(p.width * p.height);
        const b = new Uint32Array(p.width * p.height);
        js[i % 2]!.render(p, a);
        if (i % 3 === 1) {
          // In two bands, as the render threads paint a frame.
          const cut = Math.floor(p.height / 2);
          wasm[i % 2]!.render(p, b, cut, p.height);
          wasm[i % 2]!.render(p, b, 0, cut);
        } else {
          wasm[i % 2]!.render(p, b);
        }
        if (!Buffer.from(a.buffer).equals(Buffer.from(b.buffer))) {
          let k = 0;
          while (a[k] === b[k]) k++;
          assert.fail(`frame ${i} (${p.width}x${p.height}) differs first at pixel ${k % p.width},${Math.floor(k / p.width)}`);
        }
      }
    });
    for (const [name, n] of Object.entries(calls)) assert.ok(n > 100, `the ${name} loop ran ${n} times`);
  });

  it('paint a frame that reuses the buffer of another size, with the noise table rebuilt between', () => {
    const rng = new Prng(99);
    const js = jsRenderer(3);
    const wasm = wasmRenderer(3);
    const big = randomFrame(rng, 0);
    const small = { ...randomFrame(rng, 1), noise: 25 };
    for (const p of [big, small, big, { ...big, noise: 3 }]) {
      const a = new Uint32Array(p.width * p.height);
      const b = new Uint32Array(p.width * p.height);
      js.render(p, a);
      wasm.render(p, b);
      assert.ok(Buffer.from(a.buffer).equals(Buffer.from(b.buffer)), `${p.width}x${p.height} noise ${p.noise}`);
    }
  });
});
