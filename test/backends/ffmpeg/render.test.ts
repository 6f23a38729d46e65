import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fitAspect, panTiltLimits, viewWindow } from '../../../src/backends/ffmpeg/geometry.js';
import { Resampler } from '../../../src/backends/ffmpeg/resample.js';
import { ToneMapper, whiteBalanceGains, type ToneSettings } from '../../../src/backends/ffmpeg/tone.js';
import { DEFAULT_CONTROLS, updateControls } from '../../../src/backends/ffmpeg/controls.js';

function solid(width: number, height: number, rgba: readonly number[]): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set(rgba, i);
  return data;
}

/** A frame whose red channel is the column and green the row (for checking where pixels came from). */
function ramp(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set([x, y, 0, 255], (y * width + x) * 4);
  }
  return data;
}

const at = (data: Uint8Array, width: number, x: number, y: number): number[] => [
  ...data.subarray((y * width + x) * 4, (y * width + x) * 4 + 4),
];
const neutral: ToneSettings = {
  brightness: 0,
  contrast: 100,
  saturation: 100,
  sharpness: 0,
  whiteBalanceMode: 'continuous',
  colorTemperature: 6500,
};

describe('software pan/tilt/zoom geometry', () => {
  it('keeps the whole frame at zoom 1 and cannot pan there', () => {
    const view = viewWindow(640, 480, 1, 50_000, -50_000, 60);
    assert.deepEqual(view.rect, { x: 0, y: 0, width: 640, height: 480 });
    assert.deepEqual([view.pan, view.tilt], [0, 0]);
  });

  it('zooms into the centre: zoom 2 keeps the middle half in each direction', () => {
    assert.deepEqual(viewWindow(640, 480, 2, 0, 0, 60).rect, { x: 160, y: 120, width: 320, height: 240 });
  });

  it('pans right for positive pan and up for positive tilt, held within the margin', () => {
    const limits = panTiltLimits(640, 480, 2, 60);
    const right = viewWindow(640, 480, 2, 10 * limits.pan, 0, 60);
    assert.ok(Math.abs(right.rect.x - 320) < 0.01, String(right.rect.x));
    assert.equal(right.pan, limits.pan);
    const up = viewWindow(640, 480, 2, 0, 10 * limits.tilt, 60);
    assert.ok(Math.abs(up.rect.y) < 0.01, String(up.rect.y));
    assert.equal(up.tilt, limits.tilt);
    const small = viewWindow(640, 480, 2, 3600, 0, 60);
    assert.ok(small.rect.x > 160 && small.rect.x < 320);
    assert.ok(Math.abs(small.pan - 3600) <= 1);
  });

  it('derives the pan limit from the field of view: 60° at zoom 4 reaches atan(tan 30° · 3/4)', () => {
    const expected = Math.floor(((Math.atan(Math.tan(Math.PI / 6) * 0.75) * 180) / Math.PI) * 3600);
    assert.equal(panTiltLimits(640, 480, 4, 60).pan, expected);
    assert.ok(panTiltLimits(640, 480, 4, 90).pan > expected);
  });

  it('crops to the output aspect ratio around the centre', () => {
    assert.deepEqual(fitAspect({ x: 0, y: 0, width: 640, height: 480 }, 160, 90), { x: 0, y: 60, width: 640, height: 360 });
    assert.deepEqual(fitAspect({ x: 0, y: 0, width: 640, height: 360 }, 100, 100), { x: 140, y: 0, width: 360, height: 360 });
  });

  it('quantises control updates to their steps and ranges', () => {
    const next = updateControls(
      DEFAULT_CONTROLS,
      { zoom: 2.345, brightness: 300, colorTemperature: 3333, pan: 1e9 },
      { pan: 1000, tilt: 500 },
    );
    assert.deepEqual([next.zoom, next.brightness, next.colorTemperature, next.pan], [2.35, 128, 3300, 1000]);
  });
});

describe('JS crop-and-scale', () => {
  it('copies the frame unchanged when nothing is cropped or scaled', () => {
    const src = ramp(8, 6);
    const dst = new Uint8Array(src.length);
    new Resampler().resample(src, 8, 6, { x: 0, y: 0, width: 8, height: 6 }, dst, 8, 6);
    assert.deepEqual(dst, src);
  });

  it('copies rows for a whole-pixel crop', () => {
    const src = ramp(8, 6);
    const dst = new Uint8Array(3 * 2 * 4);
    new Resampler().resample(src, 8, 6, { x: 2, y: 3, width: 3, height: 2 }, dst, 3, 2);
    assert.deepEqual(at(dst, 3, 0, 0), [2, 3, 0, 255]);
    assert.deepEqual(at(dst, 3, 2, 1), [4, 4, 0, 255]);
  });

  it('averages when halving: a 1-pixel checkerboard becomes flat grey', () => {
    const src = new Uint8Array(16 * 16 * 4);
    for (let y = 0; y < 16; y++) {
      for (let x = 0; x < 16; x++) src.set((x + y) % 2 ? [255, 255, 255, 255] : [0, 0, 0, 255], (y * 16 + x) * 4);
    }
    const dst = new Uint8Array(8 * 8 * 4);
    new Resampler().resample(src, 16, 16, { x: 0, y: 0, width: 16, height: 16 }, dst, 8, 8);
    for (let y = 1; y < 7; y++) {
      for (let x = 1; x < 7; x++) assert.ok(Math.abs(at(dst, 8, x, y)[0]! - 128) <= 2, `(${x},${y}) = ${at(dst, 8, x, y)[0]}`);
    }
  });

  it('keeps positions when enlarging: doubling a ramp gives half-steps', () => {
    const src = ramp(16, 16);
    const dst = new Uint8Array(32 * 32 * 4);
    new Resampler().resample(src, 16, 16, { x: 0, y: 0, width: 16, height: 16 }, dst, 32, 32);
    // Output pixel 11 is centred on source coordinate 5.75 - 0.5 = 5.25 → value ≈ 5.25.
    assert.ok(Math.abs(at(dst, 32, 11, 0)[0]! - 5.25) <= 0.51);
    assert.ok(Math.abs(at(dst, 32, 0, 21)[1]! - 10.25) <= 0.51);
  });

  it('turns any flat frame into the same flat frame whatever the window and size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.double({ min: 0.25, max: 0.5, noNaN: true }),
        (v, dw, dh, off, frac) => {
          const src = solid(32, 24, [v, 255 - v, v, 255]);
          const dst = new Uint8Array(dw * dh * 4);
          new Resampler().resample(src, 32, 24, { x: off * 32, y: off * 24, width: frac * 32, height: frac * 24 }, dst, dw, dh);
          for (let i = 0; i < dst.length; i += 4) if (dst[i] !== v || dst[i + 1] !== 255 - v) return false;
          return true;
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('software tone controls', () => {
  it('leaves pixels alone at neutral settings', () => {
    const data = ramp(16, 16);
    const copy = data.slice();
    new ToneMapper().apply(data, 16, 16, neutral);
    assert.deepEqual(data, copy);
  });

  it('adds brightness as an offset and clips at white', () => {
    const data = solid(4, 4, [100, 200, 250, 255]);
    new ToneMapper().apply(data, 4, 4, { ...neutral, brightness: 40 });
    assert.deepEqual(at(data, 4, 1, 1), [140, 240, 255, 255]);
  });

  it('scales contrast about mid-grey', () => {
    const data = solid(4, 4, [128, 64, 192, 255]);
    new ToneMapper().apply(data, 4, 4, { ...neutral, contrast: 200 });
    assert.deepEqual(at(data, 4, 0, 0), [128, 0, 255, 255]);
  });

  it('removes colour at saturation 0 and keeps grey grey at any saturation', () => {
    const blue = solid(4, 4, [0, 0, 255, 255]);
    new ToneMapper().apply(blue, 4, 4, { ...neutral, saturation: 0 });
    const [r, g, b] = at(blue, 4, 0, 0);
    assert.ok(r === g && g === b, `${r},${g},${b}`);
    const grey = solid(4, 4, [90, 90, 90, 255]);
    new ToneMapper().apply(grey, 4, 4, { ...neutral, saturation: 200 });
    assert.deepEqual(at(grey, 4, 0, 0), [90, 90, 90, 255]);
  });

  it('makes a grey scene bluer when told the light is warm, warmer when told it is cool', () => {
    const [r3, , b3] = whiteBalanceGains(3000);
    assert.ok(b3 > 1 && r3 < 1);
    const warm = solid(2, 2, [128, 128, 128, 255]);
    new ToneMapper().apply(warm, 2, 2, { ...neutral, whiteBalanceMode: 'manual', colorTemperature: 3000 });
    assert.ok(at(warm, 2, 0, 0)[2]! > at(warm, 2, 0, 0)[0]!);
    const cool = solid(2, 2, [128, 128, 128, 255]);
    new ToneMapper().apply(cool, 2, 2, { ...neutral, whiteBalanceMode: 'manual', colorTemperature: 9500 });
    assert.ok(at(cool, 2, 0, 0)[0]! > at(cool, 2, 0, 0)[2]!);
    const auto = solid(2, 2, [128, 128, 128, 255]);
    new ToneMapper().apply(auto, 2, 2, { ...neutral, whiteBalanceMode: 'continuous', colorTemperature: 3000 });
    assert.deepEqual(at(auto, 2, 0, 0), [128, 128, 128, 255]);
  });

  it('sharpens edges and leaves flat areas untouched', () => {
    const data = new Uint8Array(8 * 8 * 4);
    for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) data.set(x < 4 ? [60, 60, 60, 255] : [180, 180, 180, 255], (y * 8 + x) * 4);
    new ToneMapper().apply(data, 8, 8, { ...neutral, sharpness: 10 });
    assert.ok(at(data, 8, 3, 4)[0]! < 60, 'dark side of the edge gets darker');
    assert.ok(at(data, 8, 4, 4)[0]! > 180, 'bright side of the edge gets brighter');
    assert.equal(at(data, 8, 1, 4)[0], 60);
    assert.equal(at(data, 8, 6, 4)[0], 180);
  });
});
