/** Exposure, light and colour properties each move a measurable statistic of the pixels. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHART_COLUMNS, chartPatchCenter, LAYOUT } from '../../../src/backends/virtual/index.js';
import { around, chroma, frameWith, lumaStd, meanLuma, meanRgb, openCamera, photo, regionOf, type Camera, type Rect } from './helpers.js';

/** A stretch of bare wall between the chart, the face and the pillar. */
const WALL = { x0: -10, y0: -13, x1: 6, y1: -7.5 };
const MANUAL = { exposureMode: 'manual', whiteBalanceMode: 'manual', colorTemperature: 5000, iso: 100 } as const;

function greyPatches(cam: Camera): Rect[] {
  const view = cam.source.view();
  return [1, 2, 3].map((col) => {
    const c = chartPatchCenter(col, 3);
    return around(view, c.x, c.y, 4);
  });
}

function blueRed(cam: Camera, f: Parameters<typeof meanRgb>[0]): number {
  const rgb = greyPatches(cam).map((r) => meanRgb(f, r));
  return rgb.reduce((a, c) => a + c[2], 0) / rgb.reduce((a, c) => a + c[0], 0);
}

function colourPatches(cam: Camera): Rect[] {
  const view = cam.source.view();
  const out: Rect[] = [];
  for (let i = 0; i < CHART_COLUMNS * 3; i++) {
    const c = chartPatchCenter(i % CHART_COLUMNS, Math.floor(i / CHART_COLUMNS));
    out.push(around(view, c.x, c.y, 4));
  }
  return out;
}

describe('virtual camera pixels: exposure', () => {
  it('a longer manual exposureTime gives a brighter frame, up to clipping', async () => {
    const cam = await openCamera({ initial: MANUAL });
    const wall = regionOf(cam.source.view(), WALL, 0);
    const l60 = meanLuma(await frameWith(cam, { exposureTime: 60 }, 100), wall);
    const l240 = meanLuma(await frameWith(cam, { exposureTime: 240 }, 100), wall);
    const l2000 = meanLuma(await frameWith(cam, { exposureTime: 2000 }, 100), wall);
    assert.ok(l60 + 40 < l240, `${l60} → ${l240}`);
    assert.ok(l240 < l2000 && l2000 > 245, `clips near white: ${l2000}`);
    cam.source.close();
  });

  it('a higher manual iso gives a brighter frame', async () => {
    const cam = await openCamera({ initial: { ...MANUAL, exposureTime: 60 } });
    const wall = regionOf(cam.source.view(), WALL, 0);
    const l100 = meanLuma(await frameWith(cam, { iso: 100 }, 100), wall);
    const l400 = meanLuma(await frameWith(cam, { iso: 400 }, 100), wall);
    assert.ok(l100 + 40 < l400, `${l100} → ${l400}`);
    cam.source.close();
  });

  it('exposureCompensation brightens automatic exposure and does nothing in manual exposure', async () => {
    const cam = await openCamera();
    const wall = regionOf(cam.source.view(), WALL, 0);
    const minus = meanLuma(await frameWith(cam, { exposureCompensation: -2 }), wall);
    const plus = meanLuma(await frameWith(cam, { exposureCompensation: 2 }), wall);
    assert.ok(minus + 60 < plus, `${minus} → ${plus}`);
    await cam.source.configure({ exposureMode: 'manual', exposureTime: 100, iso: 100 });
    const m1 = meanLuma(await frameWith(cam, { exposureCompensation: -2 }), wall);
    const m2 = meanLuma(await frameWith(cam, { exposureCompensation: 2 }), wall);
    assert.ok(Math.abs(m1 - m2) < 0.5, `manual: ${m1} vs ${m2}`);
    cam.source.close();
  });

  it('exposureTime and iso do nothing in continuous exposure', async () => {
    const cam = await openCamera();
    const wall = regionOf(cam.source.view(), WALL, 0);
    const a = meanLuma(await frameWith(cam, { exposureTime: 10, iso: 50 }), wall);
    const b = meanLuma(await frameWith(cam, { exposureTime: 5000, iso: 3200 }), wall);
    assert.ok(Math.abs(a - b) < 0.5, `${a} vs ${b}`);
    cam.source.close();
  });
});

describe('virtual camera pixels: image adjustments', () => {
  it('brightness raises the mean', async () => {
    const cam = await openCamera();
    const wall = regionOf(cam.source.view(), WALL, 0);
    const dark = meanLuma(await frameWith(cam, { brightness: 0 }, 50), wall);
    const mid = meanLuma(await frameWith(cam, { brightness: 50 }, 50), wall);
    const bright = meanLuma(await frameWith(cam, { brightness: 100 }, 50), wall);
    assert.ok(dark + 30 < mid && mid + 30 < bright, `${dark} < ${mid} < ${bright}`);
    cam.source.close();
  });

  it('contrast widens the spread of luma', async () => {
    const cam = await openCamera();
    const all: Rect = { x0: 0, y0: 40, x1: 640, y1: 480 };
    const low = lumaStd(await frameWith(cam, { contrast: 0 }, 50), all);
    const high = lumaStd(await frameWith(cam, { contrast: 100 }, 50), all);
    assert.ok(low * 1.8 < high, `${low} → ${high}`);
    cam.source.close();
  });

  it('saturation scales chroma, and its minimum is grey', async () => {
    const cam = await openCamera();
    const patches = colourPatches(cam);
    const chromaOf = (f: Parameters<typeof chroma>[0]): number => patches.reduce((a, r) => a + chroma(f, r), 0) / patches.length;
    const none = chromaOf(await frameWith(cam, { saturation: 0 }, 50));
    const normal = chromaOf(await frameWith(cam, { saturation: 50 }, 50));
    const double = chromaOf(await frameWith(cam, { saturation: 100 }, 50));
    assert.ok(none < 2, `greyscale chroma ${none}`);
    assert.ok(normal > 30 && double > normal * 1.3, `${normal} → ${double}`);
    cam.source.close();
  });
});

describe('virtual camera pixels: white balance', () => {
  it('a manual colour temperature below the light turns the image blue, above it warm', async () => {
    const cam = await openCamera({ initial: { whiteBalanceMode: 'manual' } });
    const cold = blueRed(cam, await frameWith(cam, { colorTemperature: 3000 }, 50));
    const warm = blueRed(cam, await frameWith(cam, { colorTemperature: 7500 }, 50));
    assert.ok(cold > 1.3, `3000 K setting under a 5000 K light: b/r ${cold}`);
    assert.ok(warm < 0.9, `7500 K setting: b/r ${warm}`);
    cam.source.close();
  });

  it('colorTemperature does nothing in continuous white balance, which keeps greys neutral', async () => {
    const cam = await openCamera();
    const a = blueRed(cam, await frameWith(cam, { colorTemperature: 2500 }, 50));
    const b = blueRed(cam, await frameWith(cam, { colorTemperature: 7500 }, 50));
    assert.ok(Math.abs(a - b) < 0.01, `${a} vs ${b}`);
    assert.ok(Math.abs(a - 1) < 0.05, `grey b/r ${a}`);
    cam.source.close();
  });

  it('auto white balance neutralises a tungsten room that manual daylight balance shows orange', async () => {
    const cam = await openCamera({ scene: { kelvin: 3000 } });
    const auto = blueRed(cam, await frameWith(cam, {}, 1000));
    const fixed = blueRed(cam, await frameWith(cam, { whiteBalanceMode: 'manual', colorTemperature: 5500 }, 50));
    assert.ok(Math.abs(auto - 1) < 0.06, `auto b/r ${auto}`);
    assert.ok(fixed < 0.6, `manual 5500 K in a 3000 K room: b/r ${fixed}`);
    assert.equal(cam.source.settings().colorTemperature, 5500);
    cam.source.close();
  });
});

describe('virtual camera pixels: torch and flash', () => {
  it('the torch lights the near card far more than the wall', async () => {
    const cam = await openCamera({ initial: { ...MANUAL, exposureTime: 60 } });
    const view = cam.source.view();
    const near = regionOf(view, LAYOUT.near);
    const wall = regionOf(view, WALL, 0);
    const off = await frameWith(cam, { torch: false }, 50);
    const on = await frameWith(cam, { torch: true }, 50);
    const dNear = meanLuma(on, near) - meanLuma(off, near);
    const dWall = meanLuma(on, wall) - meanLuma(off, wall);
    assert.ok(dNear > 25 && dNear > 10 * Math.max(dWall, 0.5), `near +${dNear}, wall +${dWall}`);
    cam.source.close();
  });

  it('the flash lights near objects much more than far ones in a still', async () => {
    const cam = await openCamera({ initial: { ...MANUAL, exposureTime: 30 } });
    const view = cam.source.view();
    const near = regionOf(view, LAYOUT.near);
    const wall = regionOf(view, WALL, 0);
    const off = await photo(cam, { imageWidth: 640, imageHeight: 480, fillLightMode: 'off' });
    const on = await photo(cam, { imageWidth: 640, imageHeight: 480, fillLightMode: 'flash' });
    assert.equal(off.metadata.flashFired, false);
    assert.equal(on.metadata.flashFired, true);
    const dNear = meanLuma(on.frame, near) - meanLuma(off.frame, near);
    const dWall = meanLuma(on.frame, wall) - meanLuma(off.frame, wall);
    assert.ok(dNear > 60 && dNear > 3 * dWall, `near +${dNear}, wall +${dWall}`);
    cam.source.close();
  });

  it('fillLightMode auto fires in a dark room and not in a lit one', async () => {
    const lit = await openCamera();
    assert.equal((await photo(lit, { imageWidth: 640, imageHeight: 480, fillLightMode: 'auto' })).metadata.flashFired, false);
    lit.source.control.setScene({ ev100: 2 });
    assert.equal((await photo(lit, { imageWidth: 640, imageHeight: 480, fillLightMode: 'auto' })).metadata.flashFired, true);
    lit.source.close();
  });

  it('pupils glow red under the flash unless redEyeReduction is on', async () => {
    const cam = await openCamera();
    const W = 2016;
    const H = 1512;
    const eye = (f: Parameters<typeof meanRgb>[0]): number => {
      const view = cam.source.view(W, H);
      const reds = [-1, 1].map((side) => {
        const [r, g, b] = meanRgb(f, around(view, side * LAYOUT.eyes.dx, LAYOUT.eyes.cy, 2));
        return r - Math.max(g, b);
      });
      return (reds[0]! + reds[1]!) / 2;
    };
    const plain = eye((await photo(cam, { imageWidth: W, imageHeight: H, fillLightMode: 'off' })).frame);
    const redEye = eye((await photo(cam, { imageWidth: W, imageHeight: H, fillLightMode: 'flash', redEyeReduction: false })).frame);
    const reduced = eye((await photo(cam, { imageWidth: W, imageHeight: H, fillLightMode: 'flash', redEyeReduction: true })).frame);
    assert.ok(redEye > 60, `red eye: ${redEye}`);
    assert.ok(plain < 15 && reduced < 15, `no flash ${plain}, reduction ${reduced}`);
    cam.source.close();
  });
});
