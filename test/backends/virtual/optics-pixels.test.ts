/** Zoom, pan, tilt, focus, sharpness, motion and points of interest each change the pixels the
 * way a real camera would. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RawFrame } from '../../../src/backends/backend.js';
import { LAYOUT, toPixel, type View } from '../../../src/backends/virtual/index.js';
import { frameWith, gradientEnergy, meanLuma, openCamera, regionOf } from './helpers.js';

const WALL = { x0: -10, y0: -13, x1: 6, y1: -7.5 };
const SHARP_WALL = { focusMode: 'manual', focusDistance: 8 } as const;

function luma(f: RawFrame, x: number, y: number): number {
  const i = (y * f.width + x) * 4;
  return 0.299 * f.data[i]! + 0.587 * f.data[i + 1]! + 0.114 * f.data[i + 2]!;
}

/**
 * Width in pixels of the face on the row through its centre: where redness (red − blue; skin is
 * warm, the wall nearly grey) crosses halfway between the wall's and the skin's, interpolated.
 */
function faceWidth(f: RawFrame, view: View): number {
  const y = Math.round(toPixel(view, 0, LAYOUT.face.cy + 0.5).y);
  const redness = (x: number): number => f.data[(y * f.width + x) * 4]! - f.data[(y * f.width + x) * 4 + 2]!;
  const centre = Math.round(toPixel(view, 0, 0).x);
  const outside = Math.round(toPixel(view, LAYOUT.face.rx * 1.6, 0).x);
  const half = (redness(centre) + redness(outside)) / 2;
  const crossing = (dir: 1 | -1): number => {
    for (let x = centre; x > 0 && x < f.width - 1; x += dir) {
      const a = redness(x);
      const b = redness(x + dir);
      if (a >= half && b < half) return x + (dir * (a - half)) / (a - b);
    }
    return NaN;
  };
  return crossing(1) - crossing(-1);
}

/** Normalised image coordinates of a world point. */
function normalised(view: View, x: number, y: number): { x: number; y: number } {
  const p = toPixel(view, x, y);
  return { x: p.x / view.width, y: p.y / view.height };
}

describe('virtual camera pixels: zoom, pan, tilt', () => {
  it('zoom 2 makes the face twice as wide', async () => {
    const cam = await openCamera();
    const w1 = faceWidth(await frameWith(cam, {}, 300), cam.source.view());
    const w2 = faceWidth(await frameWith(cam, { zoom: 2 }, 1000), cam.source.view());
    assert.equal(cam.source.settings().zoom, 2);
    const expected = (2 * LAYOUT.face.rx * Math.sqrt(1 - (0.5 / LAYOUT.face.ry) ** 2)) / cam.source.view().degPerPx;
    assert.ok(Math.abs(w2 - expected) < 3, `width ${w2} px, expected ${expected}`);
    assert.ok(Math.abs(w2 / w1 - 2) < 0.05, `zoom 1: ${w1} px, zoom 2: ${w2} px`);
    cam.source.close();
  });

  it('panning right moves the scene left by the pan angle', async () => {
    const cam = await openCamera({ initial: SHARP_WALL });
    /** x of the doorway's left edge on the row at y = −5°. */
    const doorwayEdge = (f: RawFrame, view: View): number => {
      const y = Math.round(toPixel(view, 0, -5).y);
      // The first run of dark pixels wider than a grout line.
      let run = 0;
      for (let x = Math.round(toPixel(view, 17, 0).x); x < f.width; x++) {
        run = luma(f, x, y) < 60 ? run + 1 : 0;
        if (run === 6) return x - 5;
      }
      return -1;
    };
    const before = doorwayEdge(await frameWith(cam, {}, 100), cam.source.view());
    const degPerPx = cam.source.view().degPerPx;
    const after = doorwayEdge(await frameWith(cam, { pan: 5 * 3600 }, 1000), cam.source.view());
    assert.equal(cam.source.settings().pan, 18000);
    assert.ok(before > 0 && after > 0);
    assert.ok(Math.abs(before - after - 5 / degPerPx) <= 2, `moved ${before - after} px, expected ${5 / degPerPx}`);
    cam.source.close();
  });

  it('tilting up moves the scene down by the tilt angle', async () => {
    const cam = await openCamera({ initial: SHARP_WALL });
    /** Row of the top of the (blue) body in the column at x = 5°. */
    const bodyTop = (f: RawFrame, view: View): number => {
      const x = Math.round(toPixel(view, 5, 0).x);
      for (let y = 0; y < f.height; y++) {
        const i = (y * f.width + x) * 4;
        if (f.data[i + 2]! - f.data[i]! > 30) return y;
      }
      return -1;
    };
    const degPerPx = cam.source.view().degPerPx;
    const before = bodyTop(await frameWith(cam, {}, 100), cam.source.view());
    const after = bodyTop(await frameWith(cam, { tilt: 5 * 3600 }, 1000), cam.source.view());
    assert.ok(before > 0 && after > 0);
    assert.ok(Math.abs(after - before - 5 / degPerPx) <= 2, `moved ${after - before} px, expected ${5 / degPerPx}`);
    cam.source.close();
  });
});

describe('virtual camera pixels: focus and sharpness', () => {
  it('focusing near sharpens the near card and blurs the wall, and focusing far the reverse', async () => {
    const cam = await openCamera({ initial: { focusMode: 'manual', width: 1280, height: 720 } });
    const view = cam.source.view();
    const near = regionOf(view, LAYOUT.near);
    const wall = regionOf(view, WALL, 0);
    const nearFocus = await frameWith(cam, { focusDistance: 0.5 }, 500);
    assert.equal(cam.source.settings().focusDistance, 0.5);
    const farFocus = await frameWith(cam, { focusDistance: 8 }, 500);
    assert.ok(gradientEnergy(nearFocus, near) > 2 * gradientEnergy(farFocus, near), 'near card');
    assert.ok(gradientEnergy(farFocus, wall) > 1.5 * gradientEnergy(nearFocus, wall), 'wall');
    cam.source.close();
  });

  it('sharpness strengthens edges; its minimum adds none', async () => {
    const cam = await openCamera({ initial: SHARP_WALL });
    const wall = regionOf(cam.source.view(), WALL, 0);
    const none = gradientEnergy(await frameWith(cam, { sharpness: 0 }, 50), wall);
    const strong = gradientEnergy(await frameWith(cam, { sharpness: 100 }, 50), wall);
    assert.ok(strong > 1.3 * none, `${none} → ${strong}`);
    cam.source.close();
  });
});

describe('virtual camera pixels: motion', () => {
  it('a long exposure smears the moving ball', async () => {
    const cam = await openCamera({ initial: { exposureMode: 'manual', ...SHARP_WALL } });
    /** Steepest step (over 2 px) of redness (red − blue: the ball is orange, the wall grey) along the ball's row. */
    const steepest = (f: RawFrame, view: View): number => {
      const y = Math.round(toPixel(view, 0, LAYOUT.ball.cy).y);
      const redness = (x: number): number => f.data[(y * f.width + x) * 4]! - f.data[(y * f.width + x) * 4 + 2]!;
      let best = 0;
      for (let x = Math.round(toPixel(view, 13, 0).x); x < Math.round(toPixel(view, 34, 0).x); x++) {
        best = Math.max(best, Math.abs(redness(x) - redness(x - 2)));
      }
      return best;
    };
    // Same exposure (time × ISO), 20 ms against 320 ms, while the ball crosses the room.
    const short = steepest(await frameWith(cam, { exposureTime: 200, iso: 800 }, 1000), cam.source.view());
    const long = steepest(await frameWith(cam, { exposureTime: 3200, iso: 50 }, 50), cam.source.view());
    assert.ok(short > 3 * long, `short ${short}, long ${long}`);
    cam.source.close();
  });
});

describe('virtual camera pixels: points of interest', () => {
  it('autofocus follows the point of interest', async () => {
    const cam = await openCamera();
    const view = cam.source.view();
    assert.equal(cam.source.settings().focusDistance, LAYOUT.face.depth);
    await frameWith(cam, { pointsOfInterest: [normalised(view, -25, 10.5)] }, 1000);
    assert.equal(cam.source.settings().focusDistance, LAYOUT.near.depth);
    await frameWith(cam, { pointsOfInterest: [normalised(view, -2, -10)] }, 1000);
    assert.equal(cam.source.settings().focusDistance, LAYOUT.wall.depth);
  });

  it('metering at a dark point brightens the frame', async () => {
    const cam = await openCamera();
    const view = cam.source.view();
    const wall = regionOf(view, WALL, 0);
    const onCard = meanLuma(await frameWith(cam, { pointsOfInterest: [normalised(view, -25, 10.5)] }, 1500), wall);
    const onDoorway = meanLuma(await frameWith(cam, { pointsOfInterest: [normalised(view, 27, -3)] }, 1500), wall);
    assert.ok(onDoorway > onCard + 50, `card-metered ${onCard}, doorway-metered ${onDoorway}`);
    cam.source.close();
  });
});
