import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import sharp from 'sharp';
import { ManualClock } from '../../../src/backends/clock.js';
import { CardImage, cardRect, VirtualCameraBackend, type RgbaPixels } from '../../../src/backends/virtual/index.js';
import type { RawFrame } from '../../../src/backends/backend.js';
import { type Camera, frameWith, grab, gradientEnergy, meanRgb, regionOf, around } from './helpers.js';

function solid(width: number, height: number, rgb: [number, number, number]): RgbaPixels {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set([...rgb, 255], i);
  return { width, height, data };
}

/** A black-and-white checkerboard of `cell`-texel squares. */
function checker(size: number, cell: number): RgbaPixels {
  const data = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const v = (Math.floor(x / cell) + Math.floor(y / cell)) % 2 === 0 ? 255 : 0;
      data.set([v, v, v, 255], (y * size + x) * 4);
    }
  }
  return { width: size, height: size, data };
}

async function open(image: unknown, preset = 'phone-back'): Promise<Camera> {
  const clock = new ManualClock(0);
  const backend = new VirtualCameraBackend({ clock, seed: 1, image: image as RgbaPixels });
  const source = await backend.open(`virtual:${preset}`, {});
  return { clock, backend, source };
}

/** Which channel dominates a colour, or '' when none does by a clear margin. */
function dominant([r, g, b]: [number, number, number]): string {
  if (r > g + 40 && r > b + 40) return 'red';
  if (g > r + 40 && g > b + 40) return 'green';
  if (b > r + 40 && b > g + 40) return 'blue';
  return '';
}

function centre(f: RawFrame, half = 6): [number, number, number] {
  return meanRgb(f, { x0: f.width / 2 - half, y0: f.height / 2 - half, x1: f.width / 2 + half, y1: f.height / 2 + half });
}

/** Width in pixels of the run of `colour` pixels through the centre of the middle row. */
function runWidth(f: RawFrame, colour: string): number {
  const y = Math.floor(f.height / 2);
  let n = 0;
  for (let x = 0; x < f.width; x++) {
    const i = (y * f.width + x) * 4;
    if (dominant([f.data[i]!, f.data[i + 1]!, f.data[i + 2]!]) === colour) n++;
  }
  return n;
}

describe('the image card of the virtual camera', () => {
  test('a single-colour image shows at the centre of the frame at default settings', async () => {
    const cam = await open(solid(64, 64, [30, 200, 40]));
    const f = await frameWith(cam, {});
    assert.equal(dominant(centre(f)), 'green', `centre ${centre(f).map(Math.round).join(',')}`);
    // Without the card the centre is the person's face, not green.
    const plain = await open(undefined);
    assert.notEqual(dominant(centre(await frameWith(plain, {}))), 'green');
    cam.source.close();
    plain.source.close();
  });

  test('the card sits where cardRect says: it covers the centre, and the corners show the room', async () => {
    const cam = await open(solid(64, 32, [30, 200, 40]));
    const f = await frameWith(cam, {});
    const view = cam.source.view();
    const r = cardRect(64, 32);
    assert.equal(dominant(meanRgb(f, regionOf(view, r, 0.1))), 'green');
    assert.notEqual(dominant(meanRgb(f, around(view, r.x0 - 3, r.y0 - 3, 2))), 'green');
    assert.notEqual(dominant(meanRgb(f, around(view, 0, r.y1 + 3, 2))), 'green');
    cam.source.close();
  });

  test('zoom 2 shows the card twice as large', async () => {
    const cam = await open(solid(64, 64, [30, 200, 40]));
    const w1 = runWidth(await frameWith(cam, { zoom: 1 }), 'green');
    const w2 = runWidth(await frameWith(cam, { zoom: 2 }), 'green');
    assert.ok(w1 > 50, `card ${w1} px wide at zoom 1`);
    assert.ok(Math.abs(w2 / w1 - 2) < 0.1, `zoom 1: ${w1} px, zoom 2: ${w2} px`);
    cam.source.close();
  });

  test('setImage changes the picture from the next frame on, for open and later cameras', async () => {
    const cam = await open(solid(64, 64, [30, 200, 40]));
    assert.equal(dominant(centre(await frameWith(cam, {}))), 'green');
    await cam.backend.setImage(solid(64, 64, [40, 40, 220]));
    assert.equal(dominant(centre(await grab(cam))), 'blue');
    const later = await cam.backend.open('virtual:webcam', {});
    await cam.clock.advance(1500);
    const p = later.nextFrame(new AbortController().signal);
    await cam.clock.advance(40);
    assert.equal(dominant(centre(await p)), 'blue');
    await cam.backend.setImage(undefined);
    assert.notEqual(dominant(centre(await grab(cam))), 'blue');
    cam.source.close();
    later.close();
  });

  test('the card is out of focus when the lens is focused close up, sharp when focused on it', async () => {
    const cam = await open(checker(64, 4));
    const view = cam.source.view();
    const region = regionOf(view, cardRect(64, 64), 0.2);
    const sharp1 = gradientEnergy(await frameWith(cam, { focusMode: 'manual', focusDistance: 1 }), region);
    const near = gradientEnergy(await frameWith(cam, { focusMode: 'manual', focusDistance: 0.1 }), region);
    assert.ok(near < sharp1 * 0.5, `gradient energy focused at 1 m: ${sharp1}, at 0.1 m: ${near}`);
    cam.source.close();
  });

  test('white balance and exposure act on the card', async () => {
    const cam = await open(solid(64, 64, [128, 128, 128]));
    const warm = centre(await frameWith(cam, { whiteBalanceMode: 'manual', colorTemperature: 2500 }));
    const cool = centre(await frameWith(cam, { whiteBalanceMode: 'manual', colorTemperature: 7500 }));
    assert.ok(warm[2] - warm[0] > cool[2] - cool[0] + 20, `blue−red at 2500 K: ${warm[2] - warm[0]}, at 7500 K: ${cool[2] - cool[0]}`);
    const dark = centre(await frameWith(cam, { whiteBalanceMode: 'continuous', exposureMode: 'manual', exposureTime: 10 }));
    const bright = centre(await frameWith(cam, { exposureMode: 'manual', exposureTime: 300 }));
    assert.ok(bright[1] > dark[1] + 40, `green at 1 ms: ${dark[1]}, at 30 ms: ${bright[1]}`);
    cam.source.close();
  });

  test('the same image, seed and time give the same pixels', async () => {
    const a = await open(checker(50, 5));
    const b = await open(checker(50, 5));
    const fa = await frameWith(a, { zoom: 1.7 });
    const fb = await frameWith(b, { zoom: 1.7 });
    assert.deepEqual(fa.data, fb.data);
    a.source.close();
    b.source.close();
  });

  test('PNG, JPEG and WebP as a Buffer, a Blob or a file path', async () => {
    const raw = { raw: { width: 32, height: 32, channels: 3 as const } };
    const red = Buffer.alloc(32 * 32 * 3);
    for (let i = 0; i < red.length; i += 3) red.set([220, 30, 30], i);
    const png = await sharp(red, raw).png().toBuffer();
    const jpeg = await sharp(red, raw).jpeg().toBuffer();
    const webp = await sharp(red, raw).webp().toBuffer();
    const dir = mkdtempSync(join(tmpdir(), 'card-'));
    try {
      writeFileSync(join(dir, 'red.png'), png);
      for (const input of [png, new Blob([jpeg]), webp, join(dir, 'red.png')]) {
        const cam = await open(input);
        assert.equal(dominant(centre(await frameWith(cam, {}))), 'red');
        cam.source.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a picture that cannot be decoded rejects with EncodingError and changes nothing', async () => {
    const backend = new VirtualCameraBackend({ clock: new ManualClock(0), image: Buffer.from('not a picture') });
    await assert.rejects(backend.open('virtual:webcam', {}), { name: 'EncodingError' });
    const cam = await open(solid(8, 8, [30, 200, 40]));
    await assert.rejects(cam.backend.setImage(Buffer.from('still not a picture')), { name: 'EncodingError' });
    await assert.rejects(cam.backend.setImage({ width: 4, height: 4, data: new Uint8ClampedArray(8) }), TypeError);
    await assert.rejects(cam.backend.setImage(42 as never), TypeError);
    assert.equal(dominant(centre(await frameWith(cam, {}))), 'green');
    cam.source.close();
  });

  test('pictures larger than 1024 pixels are averaged down; transparency shows the white card', () => {
    const big = solid(2050, 8, [255, 255, 255]);
    for (let x = 0; x < 2050; x += 2) big.data[(4 * 2050 + x) * 4] = 0; // every other red in row 4 off
    const img = CardImage.fromPixels(big);
    assert.equal(img.width, 684);
    assert.equal(img.height, 3);
    const clear = CardImage.fromPixels({ width: 2, height: 2, data: new Uint8ClampedArray(16) });
    assert.ok(Math.abs(clear.mean[0] - 0.85) < 1e-3 && Math.abs(clear.mean[2] - 0.85) < 1e-3, `transparent: ${clear.mean}`);
    const black = CardImage.fromPixels(solid(3, 3, [0, 0, 0]));
    assert.deepEqual([...black.mean], [0, 0, 0]);
    assert.ok(Math.abs(img.boxMean(1, 0, 0, 684, 3) - 0.85) < 1e-3);
    // Texel row 1 averages source rows 3–5; half of row 4's red is off: (2 + 0.5) / 3 of white.
    assert.ok(Math.abs(img.boxMean(0, 0, 1, 684, 2) - (0.85 * 2.5) / 3) < 0.01, `red of texel row 1: ${img.boxMean(0, 0, 1, 684, 2)}`);
    assert.ok(Math.abs(img.boxMean(0, 0, 0, 684, 1) - 0.85) < 1e-3);
  });
});
