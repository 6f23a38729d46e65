/**
 * Snapping a value to a MediaSettingsRange: the results every caller relies on, pinned. The
 * virtual camera's settings (not rounded), photo sizes (whole pixels) and the ffmpeg backend's
 * software controls all snap the same way.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { updateControls, type ControlState } from '../../src/backends/ffmpeg/controls.js';
import { snapToRange } from '../../src/constraints/snap.js';
import type { MediaSettingsRange } from '../../src/spec/types.js';

const VALUES = [-1e9, -3, -0.5, 0, 0.04, 0.05, 0.5, 1.4, 1.45, 1 / 3, 2.5, 7.95, 7.99, 9.96, 333, 1000, 3999, 4031, 5000, 1e9];

/** [name, range, the value snapped, the value snapped to a whole number] for each of VALUES. */
const CASES: [string, MediaSettingsRange, number[], number[]][] = [
  [
    'whole steps',
    { min: 0, max: 10, step: 1 },
    [0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 3, 8, 8, 10, 10, 10, 10, 10, 10, 10],
    [0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 3, 8, 8, 10, 10, 10, 10, 10, 10, 10],
  ],
  [
    'tenths from 1',
    { min: 1, max: 10, step: 0.1 },
    [1, 1, 1, 1, 1, 1, 1, 1.4, 1.4, 1, 2.5, 8, 8, 10, 10, 10, 10, 10, 10, 10],
    [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 8, 8, 10, 10, 10, 10, 10, 10, 10],
  ],
  [
    'thirds',
    { min: -2, max: 2, step: 0.3333333333333333 },
    [
      -2,
      -2,
      -0.3333333333333333,
      0,
      0,
      0,
      0.6666666666666666,
      1.3333333333333333,
      1.3333333333333333,
      0.3333333333333333,
      2,
      2,
      2,
      2,
      2,
      2,
      2,
      2,
      2,
      2,
    ],
    [-2, -2, 0, 0, 0, 0, 1, 1, 1, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2],
  ],
  [
    'hundredths',
    { min: 0, max: 1, step: 0.01 },
    [0, 0, 0, 0, 0.04, 0.05, 0.5, 1, 1, 0.33, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    [0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  ],
  [
    'kelvin',
    { min: 2500, max: 10000, step: 100 },
    [2500, 2500, 2500, 2500, 2500, 2500, 2500, 2500, 2500, 2500, 2500, 2500, 2500, 2500, 2500, 2500, 4000, 4000, 5000, 10000],
    [2500, 2500, 2500, 2500, 2500, 2500, 2500, 2500, 2500, 2500, 2500, 2500, 2500, 2500, 2500, 2500, 4000, 4000, 5000, 10000],
  ],
  [
    'photo width',
    { min: 320, max: 4032, step: 16 },
    [320, 320, 320, 320, 320, 320, 320, 320, 320, 320, 320, 320, 320, 320, 336, 1008, 4000, 4032, 4032, 4032],
    [320, 320, 320, 320, 320, 320, 320, 320, 320, 320, 320, 320, 320, 320, 336, 1008, 4000, 4032, 4032, 4032],
  ],
  [
    'uneven span',
    { min: 1, max: 8, step: 0.3 },
    [
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1.3,
      1.6,
      1,
      2.5,
      7.8999999999999995,
      7.8999999999999995,
      7.8999999999999995,
      7.8999999999999995,
      7.8999999999999995,
      7.8999999999999995,
      7.8999999999999995,
      7.8999999999999995,
      7.8999999999999995,
    ],
    [1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 3, 8, 8, 8, 8, 8, 8, 8, 8, 8],
  ],
  [
    'no step',
    { min: 0, max: 10 },
    [0, 0, 0, 0, 0.04, 0.05, 0.5, 1.4, 1.45, 0.3333333333333333, 2.5, 7.95, 7.99, 9.96, 10, 10, 10, 10, 10, 10],
    [0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 3, 8, 8, 10, 10, 10, 10, 10, 10, 10],
  ],
  [
    'arc-seconds',
    { min: -180000, max: 180000, step: 3600 },
    [-180000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3600, 3600, 3600, 180000],
    [-180000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3600, 3600, 3600, 180000],
  ],
  [
    'no min',
    { max: 5, step: 1 },
    [-1000000000, -3, -0.5, 0, 0.04, 0.05, 0.5, 1.4, 1.45, 0.3333333333333333, 2.5, 5, 5, 5, 5, 5, 5, 5, 5, 5],
    [-1000000000, -3, 0, 0, 0, 0, 1, 1, 1, 0, 3, 5, 5, 5, 5, 5, 5, 5, 5, 5],
  ],
  [
    'empty',
    {},
    [
      -1000000000,
      -3,
      -0.5,
      0,
      0.04,
      0.05,
      0.5,
      1.4,
      1.45,
      0.3333333333333333,
      2.5,
      7.95,
      7.99,
      9.96,
      333,
      1000,
      3999,
      4031,
      5000,
      1000000000,
    ],
    [-1000000000, -3, 0, 0, 0, 0, 1, 1, 1, 0, 3, 8, 8, 10, 333, 1000, 3999, 4031, 5000, 1000000000],
  ],
  [
    'zero step',
    { min: 100, max: 3200, step: 0 },
    [100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 333, 1000, 3200, 3200, 3200, 3200],
    [100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 333, 1000, 3200, 3200, 3200, 3200],
  ],
];

/** -0 and 0 are the same setting (JSON, which these expectations were written in, has no -0). */
const plain = (v: number): number => v + 0;

describe('snapping to a range', () => {
  for (const [name, range, snapped, whole] of CASES) {
    it(`${name}: clamped to [min, max], moved to the nearest min + k·step`, () => {
      assert.deepEqual(VALUES.map((v) => plain(snapToRange(v, range))), snapped);
    });
    it(`${name}: the same, in whole numbers (photo sizes)`, () => {
      assert.deepEqual(VALUES.map((v) => plain(snapToRange(v, range, { whole: true }))), whole);
    });
  }

  it('without a range a photo size is only rounded', () => {
    assert.deepEqual(VALUES.map((v) => plain(snapToRange(v, undefined, { whole: true }))), VALUES.map((v) => plain(Math.round(v))));
  });

  it('the ffmpeg software controls snap zoom, tone and colour temperature to their reported steps', () => {
    const base = {
      zoom: 1,
      pan: 0,
      tilt: 0,
      brightness: 0,
      contrast: 100,
      saturation: 100,
      sharpness: 0,
      whiteBalanceMode: 'continuous',
      colorTemperature: 6500,
    } as ControlState;
    const requested = [-5, 0.333, 1.005, 1.015, 2.675, 3.14159, 7.5, 50.5, 99.5, 150.49, 2549, 2550, 6449.9, 12345];
    const expected = [
      [1, -5, 0, 0, 0, 2500],
      [1, 0, 0, 0, 0, 2500],
      [1, 1, 1, 1, 1, 2500],
      [1.01, 1, 1, 1, 1, 2500],
      [2.67, 3, 3, 3, 3, 2500],
      [3.14, 3, 3, 3, 3, 2500],
      [4, 8, 8, 8, 8, 2500],
      [4, 51, 51, 51, 10, 2500],
      [4, 100, 100, 100, 10, 2500],
      [4, 128, 150, 150, 10, 2500],
      [4, 128, 200, 200, 10, 2500],
      [4, 128, 200, 200, 10, 2600],
      [4, 128, 200, 200, 10, 6400],
      [4, 128, 200, 200, 10, 10000],
    ];
    const got = requested.map((v) => {
      const next = updateControls(
        base,
        { zoom: v, brightness: v, contrast: v, saturation: v, sharpness: v, colorTemperature: v },
        { pan: 100, tilt: 100 },
      );
      return [next.zoom, next.brightness, next.contrast, next.saturation, next.sharpness, next.colorTemperature];
    });
    assert.deepEqual(got, expected);
  });
});
