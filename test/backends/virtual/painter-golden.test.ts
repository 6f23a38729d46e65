/**
 * Pins the painter's output bit for bit over many random frame parameters (sizes, zoom, pan,
 * defocus, sharpening, lights, noise, red eye, labels, bands), so that work on the painter's speed
 * cannot change a single pixel. The digests were recorded from the painter before it was tuned.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { SceneRenderer, type FrameParams } from '../../../src/backends/virtual/render.js';
import { Prng } from '../../../src/backends/virtual/prng.js';
import { viewFor } from '../../../src/backends/virtual/view.js';

const CASES = 48;

function randomParams(rng: Prng, i: number): FrameParams {
  const pick = (lo: number, hi: number): number => lo + (hi - lo) * rng.float();
  // A few cases large enough for the long-run paths, most small to keep the test quick.
  const big = i % 12 === 0;
  const width = big ? 1280 : 32 + Math.floor(pick(0, 600));
  const height = big ? 720 : 24 + Math.floor(pick(0, 400));
  const zoom = rng.float() < 0.3 ? 1 : pick(1, 8);
  const view = viewFor({
    sensorFovX: pick(50, 80),
    sensorAspect: 4 / 3,
    width,
    height,
    zoom,
    pan: pick(-30, 30) * 3600 * (rng.float() < 0.5 ? 0 : 1),
    tilt: pick(-20, 20) * 3600 * (rng.float() < 0.5 ? 0 : 1),
  });
  const rgb = (lo: number, hi: number): [number, number, number] => [pick(lo, hi), pick(lo, hi), pick(lo, hi)];
  return {
    width,
    height,
    timeMs: pick(0, 20000),
    index: Math.floor(pick(0, 1000)),
    label: rng.float() < 0.3 ? `cam ${i}` : '',
    view,
    apertureM: rng.float() < 0.2 ? 0 : pick(0.0005, 0.02),
    focusDistance: pick(0.3, 10),
    exposure: pick(0.2, 3),
    exposureMs: rng.float() < 0.3 ? 0 : pick(1, 200),
    wbGains: rgb(0.6, 1.6),
    ambient: rgb(0.5, 1.5),
    lamp: rng.float() < 0.5 ? 0 : pick(0.1, 4),
    lampColor: rgb(0.7, 1.2),
    retina: rng.float() < 0.7 ? 0 : pick(0.5, 5),
    pupilScale: pick(0.5, 1),
    adjust: {
      brightness: rng.float() < 0.5 ? 0 : pick(-0.3, 0.3),
      contrast: rng.float() < 0.5 ? 1 : pick(0.35, 2.9),
      saturation: rng.float() < 0.5 ? 1 : pick(0, 2),
      sharpen: rng.float() < 0.5 ? 0 : pick(0, 3),
    },
    noise: rng.float() < 0.2 ? 0 : pick(0, 12),
  };
}

function digest(renderer: SceneRenderer, p: FrameParams): string {
  const out = new Uint32Array(p.width * p.height);
  // Every third case in two bands, as the render threads paint it.
  const cut = Math.floor(p.height / 3);
  if (p.index % 3 === 0) {
    renderer.render(p, out, cut, p.height);
    renderer.render(p, out, 0, cut);
  } else {
    renderer.render(p, out);
  }
  return createHash('sha256').update(new Uint8Array(out.buffer)).digest('hex').slice(0, 16);
}

function digests(): string[] {
  const rng = new Prng(0x5eed);
  const renderers = [new SceneRenderer(1), new SceneRenderer(99)];
  const list: string[] = [];
  for (let i = 0; i < CASES; i++) list.push(digest(renderers[i % 2]!, randomParams(rng, i)));
  return list;
}

const EXPECTED: readonly string[] = [
  'd3954b56e8841ad0',
  '6c784c438697f7ce',
  '01f1ea6df87d621d',
  '39abe24f67814f62',
  'fec232b30ea5394f',
  '2e35a1b300adc8c0',
  'd6fbe7c5a23b86f9',
  '9d0b957bf4d0b017',
  'c2b6eeec36d23205',
  '30f97c451e51b68b',
  '0d663921663195ba',
  '2d0af3f1ebc52d7d',
  '5bf9c6dd75cad7d8',
  'dc1125ddb336f027',
  'dc4fa375e2bfd89f',
  '7018f92cae811ef0',
  'f310f07f6184447b',
  'a2b99449943cda41',
  '2ef4e1dd5520c5c1',
  '53e8badd15946055',
  'b3f9b8fca65f6c14',
  'e0fd963a5e4d62cd',
  'e457c52646fe9aaa',
  '7fc792de88d8f1b6',
  'f282b3424bf29a92',
  '75c0b2f8244cc457',
  '4d4c0e8924fbb0ad',
  'b16d4e91f7db24c0',
  '1af83eba6f83d78e',
  '2a478e0fdda84730',
  '6afea9e23f2e8204',
  'c7a0570096a59de1',
  '406b83affe672f61',
  '524d3cc56b724330',
  '064caa15eb30b33b',
  '00d7a6e5d23ff8e1',
  '83573121cadb66a4',
  'd7f2871294175396',
  '12a2c95621679ccd',
  '7ca103583a9c406b',
  'c3db50a03b06d4d8',
  '42f22220c1ebb1bb',
  'b9be9c01be979280',
  '5775bef611367017',
  'fbb110fa5e744868',
  'b105efb9bb4778ce',
  'd2cbc756adb0f285',
  '86004a744a09ca05',
];

describe('virtual camera painter', () => {
  it('paints exactly the recorded pixels for random frame parameters', () => {
    const got = digests();
    assert.equal(got.length, CASES);
    assert.deepEqual(got, EXPECTED);
  });
});
