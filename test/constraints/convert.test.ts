import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { constraintsToDictionary, convertConstraints } from '../../src/constraints/convert.js';
import type { NormalizedConstraints } from '../../src/spec/types.js';

const CTX = "Failed to execute 'applyConstraints' on 'MediaStreamTrack': parameter 1";
const convert = (v: unknown, kind: 'video' | 'audio' = 'video') => convertConstraints(v, kind, CTX);

describe('convertConstraints: the dictionary itself', () => {
  it('treats undefined and null as no constraints', () => {
    for (const v of [undefined, null]) {
      const c = convert(v);
      assert.deepEqual(c.basic, {});
      assert.deepEqual(c.advanced, []);
      assert.equal(c.hasAdvanced, false);
    }
  });

  it('throws TypeError for a non-object argument', () => {
    for (const v of [5, 'zoom', true, Symbol('s'), 10n]) {
      assert.throws(() => convert(v), TypeError);
    }
  });

  it('names the argument in the TypeError message', () => {
    assert.throws(() => convert(5), (e: unknown) => e instanceof TypeError && e.message.startsWith(CTX));
  });

  it('ignores keys that are not constraints of the kind', () => {
    const c = convert({ bogus: 1, sampleRate: 48000, zoom: 2 });
    assert.deepEqual(Object.keys(c.basic), ['zoom']);
    const a = convert({ zoom: 2, sampleRate: 48000 }, 'audio');
    assert.deepEqual(Object.keys(a.basic), ['sampleRate']);
  });

  it('reads members in lexicographic order with advanced last, each getter once', () => {
    const log: string[] = [];
    const dict: Record<string, unknown> = {};
    for (const name of ['zoom', 'advanced', 'width', 'aspectRatio', 'torch', 'focusMode', 'bogus']) {
      Object.defineProperty(dict, name, {
        enumerable: true,
        get() {
          log.push(name);
          return name === 'advanced' ? [] : undefined;
        },
      });
    }
    convert(dict);
    assert.deepEqual(log, ['aspectRatio', 'focusMode', 'torch', 'width', 'zoom', 'advanced']);
  });

  it('reads range members max, min, exact, ideal, converting each before reading the next', () => {
    const log: string[] = [];
    const value = (name: string) => ({ valueOf: () => (log.push(`convert ${name}`), 1) });
    const range: Record<string, unknown> = {};
    for (const name of ['ideal', 'exact', 'min', 'max']) {
      Object.defineProperty(range, name, {
        get() {
          log.push(`get ${name}`);
          return value(name);
        },
      });
    }
    convert({ zoom: range });
    assert.deepEqual(log, [
      'get max', 'convert max', 'get min', 'convert min', 'get exact', 'convert exact', 'get ideal', 'convert ideal',
    ]);
  });

  it('propagates what a throwing getter throws, unchanged', () => {
    const boom = new Error('boom');
    const dict = Object.defineProperty({}, 'zoom', {
      get() {
        throw boom;
      },
    });
    assert.throws(() => convert(dict), (e) => e === boom);
    const nested = { advanced: [{ get torch() { throw boom; } }] };
    assert.throws(() => convert(nested), (e) => e === boom);
  });

  it('stops at the first throwing member: later members are not read', () => {
    let readZoom = false;
    const dict = {
      get width() {
        throw new RangeError('stop');
      },
      get zoom() {
        readZoom = true;
        return 1;
      },
    };
    assert.throws(() => convert(dict), RangeError);
    assert.equal(readZoom, false);
  });

  it('does not hang on cyclic objects', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.advanced = [cyclic];
    cyclic.width = cyclic;
    cyclic.max = cyclic;
    const c = convert(cyclic);
    assert.equal(c.advanced.length, 1);
    assert.equal(c.basic.width?.type, 'number');
    // width's range reads `max` → the cyclic object → ToNumber gives NaN, but width is [Clamp]
    // unsigned long, so NaN clamps to 0.
    assert.deepEqual(c.basic.width?.value, { max: 0 });
  });

  it('throws TypeError when advanced is not a sequence', () => {
    for (const v of [5, 'x', {}, { length: 1, 0: {} }]) assert.throws(() => convert({ advanced: v }), TypeError);
  });

  it('converts advanced from any iterable, and its items as constraint sets', () => {
    function* sets() {
      yield { zoom: 2 };
      yield null;
    }
    const c = convert({ advanced: sets() });
    assert.equal(c.advanced.length, 2);
    assert.deepEqual(c.advanced[0]?.zoom?.value, { ideal: 2 });
    assert.deepEqual(c.advanced[1], {});
    assert.throws(() => convert({ advanced: [5] }), TypeError);
  });

  it('records whether advanced was given, even empty', () => {
    assert.equal(convert({ advanced: [] }).hasAdvanced, true);
    assert.equal(convert({}).hasAdvanced, false);
  });
});

describe('convertConstraints: ConstrainULong ([Clamp] unsigned long or ConstrainULongRange)', () => {
  it('keeps a bare number as a bare (ideal) value', () => {
    assert.deepEqual(convert({ width: 640 }).basic.width, { type: 'number', bare: true, value: { ideal: 640 }, idl: 640 });
  });

  it('converts strings with ToNumber and clamps: "2" → 2, "abc" → 0, 1e20 → 4294967295, -5 → 0, 2.5 → 2', () => {
    const v = (x: unknown) => convert({ width: x }).basic.width?.value.ideal;
    assert.equal(v('2'), 2);
    assert.equal(v('abc'), 0);
    assert.equal(v(1e20), 4294967295);
    assert.equal(v(-5), 0);
    assert.equal(v(2.5), 2);
    assert.equal(v(3.5), 4);
    assert.equal(v(true), 1);
  });

  it('converts an object as the range dictionary', () => {
    const c = convert({ height: { min: '480', max: 1080.7, exact: undefined, ideal: 720 } }).basic.height;
    assert.deepEqual(
      c,
      { type: 'number', bare: false, value: { max: 1081, min: 480, ideal: 720 }, idl: { max: 1081, min: 480, ideal: 720 } },
    );
  });

  it('converts null as an empty range dictionary (a present, empty constraint)', () => {
    assert.deepEqual(convert({ width: null }).basic.width?.value, {});
    assert.equal(convert({ width: null }).basic.width?.bare, false);
  });
});

describe('convertConstraints: ConstrainDouble (double or ConstrainDoubleRange)', () => {
  it('converts "2" to 2 and rejects "abc" (NaN) with TypeError', () => {
    assert.equal(convert({ exposureTime: '2' }).basic.exposureTime?.value.ideal, 2);
    assert.throws(() => convert({ exposureTime: 'abc' }), TypeError);
    assert.throws(() => convert({ iso: Infinity }), TypeError);
  });

  it('rejects NaN inside the range dictionary, naming the member', () => {
    assert.throws(
      () => convert({ brightness: { exact: NaN } }),
      (e: unknown) => e instanceof TypeError && e.message.includes('brightness.exact'),
    );
  });

  it('converts booleans to numbers (a boolean is not a member of the union)', () => {
    assert.equal(convert({ iso: true }).basic.iso?.value.ideal, 1);
    assert.deepEqual(convert({ iso: { exact: false } }).basic.iso?.value, { exact: 0 });
  });

  it('treats an array as the range dictionary (no sequence in the union)', () => {
    assert.deepEqual(convert({ contrast: [1, 2] }).basic.contrast?.value, {});
  });

  it('rejects symbols and bigints with TypeError', () => {
    assert.throws(() => convert({ sharpness: Symbol('x') }), TypeError);
    assert.throws(() => convert({ sharpness: 1n }), TypeError);
  });
});

describe('convertConstraints: pan/tilt/zoom (boolean or ConstrainDouble)', () => {
  it('keeps true and false as booleans', () => {
    assert.deepEqual(convert({ pan: true }).basic.pan, { type: 'boolean', bare: true, value: { ideal: true }, idl: true });
    assert.deepEqual(convert({ tilt: false }).basic.tilt, { type: 'boolean', bare: true, value: { ideal: false }, idl: false });
  });

  it('converts strings to numbers ("2" → 2, "" → 0) and rejects "abc"', () => {
    assert.equal(convert({ zoom: '2' }).basic.zoom?.value.ideal, 2);
    assert.equal(convert({ zoom: '' }).basic.zoom?.value.ideal, 0);
    assert.throws(() => convert({ zoom: 'abc' }), TypeError);
    assert.throws(() => convert({ advanced: [{ zoom: 'abc' }] }), TypeError);
  });

  it('converts an object to the double range; booleans inside become numbers', () => {
    assert.deepEqual(convert({ zoom: { exact: true } }).basic.zoom?.value, { exact: 1 });
    assert.equal(convert({ zoom: { exact: true } }).basic.zoom?.type, 'number');
  });
});

describe('convertConstraints: ConstrainDOMString', () => {
  it('normalises a bare string to a one-item ideal list and remembers it was a string', () => {
    const c = convert({ facingMode: 'user' }).basic.facingMode;
    assert.deepEqual(c, { type: 'string', bare: true, value: { ideal: ['user'] }, idl: 'user' });
  });

  it('converts any iterable object to a sequence of strings', () => {
    const c = convert({ focusMode: new Set(['manual', 'continuous']) }).basic.focusMode;
    assert.deepEqual(c?.value, { ideal: ['manual', 'continuous'] });
    assert.deepEqual(c?.idl, ['manual', 'continuous']);
    assert.equal(c?.bare, true);
  });

  it('converts a plain object to {exact, ideal}, each member a string or a sequence', () => {
    const c = convert({ whiteBalanceMode: { exact: 'manual', ideal: ['continuous', 'single-shot'] } }).basic.whiteBalanceMode;
    assert.deepEqual(c?.value, { exact: ['manual'], ideal: ['continuous', 'single-shot'] });
    assert.deepEqual(c?.idl, { exact: 'manual', ideal: ['continuous', 'single-shot'] });
    assert.equal(c?.bare, false);
  });

  it('stringifies non-strings: numbers, booleans, and null inside the parameters', () => {
    assert.deepEqual(convert({ facingMode: 5 }).basic.facingMode?.value, { ideal: ['5'] });
    assert.deepEqual(convert({ facingMode: true }).basic.facingMode?.value, { ideal: ['true'] });
    assert.deepEqual(convert({ facingMode: { exact: null } }).basic.facingMode?.value, { exact: ['null'] });
    assert.deepEqual(convert({ facingMode: { exact: { toString: () => 'user' } } }).basic.facingMode?.value, { exact: ['user'] });
  });

  it('throws TypeError for a non-callable @@iterator and for symbols', () => {
    assert.throws(() => convert({ exposureMode: { [Symbol.iterator]: 5 } }), TypeError);
    assert.throws(() => convert({ exposureMode: Symbol('s') }), TypeError);
    assert.throws(() => convert({ exposureMode: [Symbol('s')] }), TypeError);
  });

  it('gives up on an endless iterator instead of hanging', () => {
    const endless = { *[Symbol.iterator]() { for (;;) yield 'x'; } };
    assert.throws(() => convert({ focusMode: endless }), TypeError);
  });
});

describe('convertConstraints: ConstrainBoolean', () => {
  it('uses ToBoolean for non-objects', () => {
    assert.deepEqual(convert({ torch: 1 }).basic.torch?.value, { ideal: true });
    assert.deepEqual(convert({ torch: '' }).basic.torch?.value, { ideal: false });
    assert.equal(convert({ torch: 'yes' }).basic.torch?.idl, true);
  });

  it('converts an object to {exact, ideal}', () => {
    const c = convert({ torch: { exact: 1, ideal: 0 } }).basic.torch;
    assert.deepEqual(c, { type: 'boolean', bare: false, value: { exact: true, ideal: false }, idl: { exact: true, ideal: false } });
  });
});

describe('convertConstraints: ConstrainPoint2D', () => {
  it('converts a sequence of points, defaulting missing coordinates to 0, without clamping', () => {
    const c = convert({ pointsOfInterest: [{ x: -1, y: 2 }, { x: 0.5 }, {}] }).basic.pointsOfInterest;
    assert.deepEqual(c?.value, { ideal: [{ x: -1, y: 2 }, { x: 0.5, y: 0 }, { x: 0, y: 0 }] });
    assert.equal(c?.bare, true);
  });

  it('rejects a NaN coordinate with TypeError', () => {
    assert.throws(() => convert({ pointsOfInterest: [{ x: 'a' }] }), TypeError);
    assert.throws(() => convert({ pointsOfInterest: { exact: [{ y: NaN }] } }), TypeError);
  });

  it('converts an object without @@iterator to {exact, ideal} of sequences', () => {
    const c = convert({ pointsOfInterest: { exact: [{ x: 0.1, y: 0.2 }] } }).basic.pointsOfInterest;
    assert.deepEqual(c?.value, { exact: [{ x: 0.1, y: 0.2 }] });
    assert.equal(c?.bare, false);
  });

  it('rejects non-objects, non-sequence members and non-dictionary points with TypeError', () => {
    assert.throws(() => convert({ pointsOfInterest: 5 }), TypeError);
    assert.throws(() => convert({ pointsOfInterest: 'a' }), TypeError);
    assert.throws(() => convert({ pointsOfInterest: { exact: 5 } }), TypeError);
    assert.throws(() => convert({ pointsOfInterest: { ideal: null } }), TypeError);
    assert.throws(() => convert({ pointsOfInterest: [5] }), TypeError);
  });

  it('accepts null items as default points', () => {
    assert.deepEqual(convert({ pointsOfInterest: [null] }).basic.pointsOfInterest?.value, { ideal: [{ x: 0, y: 0 }] });
  });
});

describe('constraintsToDictionary', () => {
  it('returns what the author passed, after conversion, in the author\'s shapes', () => {
    const authored = {
      facingMode: 'user',
      width: { min: 640, ideal: 1280 },
      zoom: '2',
      pan: false,
      torch: { exact: true },
      whiteBalanceMode: ['manual'],
      pointsOfInterest: [{ x: 0.25, y: 0.75 }],
      advanced: [{ zoom: 3, focusMode: 'manual' }, {}],
    };
    assert.deepEqual(constraintsToDictionary(convert(authored)), { ...authored, zoom: 2 });
  });

  it('keeps out-of-range points as given (getConstraints returns the argument)', () => {
    const d = constraintsToDictionary(convert({ advanced: [{ pointsOfInterest: [{ x: -1, y: 2 }] }] }));
    assert.deepEqual(d, { advanced: [{ pointsOfInterest: [{ x: -1, y: 2 }] }] });
  });

  it('includes advanced only when it was given', () => {
    assert.deepEqual(constraintsToDictionary(convert({ zoom: 1 })), { zoom: 1 });
    assert.deepEqual(constraintsToDictionary(convert({ advanced: [] })), { advanced: [] });
  });

  it('returns a fresh object each call; mutating it changes nothing', () => {
    const c = convert({ whiteBalanceMode: ['manual'], advanced: [{ zoom: { min: 2 } }] });
    const a = constraintsToDictionary(c);
    (a.whiteBalanceMode as string[]).push('x');
    (a.advanced![0]!.zoom as { min: number }).min = 99;
    assert.deepEqual(constraintsToDictionary(c), { whiteBalanceMode: ['manual'], advanced: [{ zoom: { min: 2 } }] });
  });

  it('rebuilds from normalized values when the author shapes are not kept', () => {
    const n: NormalizedConstraints = {
      basic: { zoom: { type: 'number', bare: true, value: { ideal: 2 } }, torch: { type: 'boolean', bare: false, value: { exact: true } } },
      advanced: [{ facingMode: { type: 'string', bare: true, value: { ideal: ['user'] } } }],
    };
    assert.deepEqual(constraintsToDictionary(n), { zoom: 2, torch: { exact: true }, advanced: [{ facingMode: ['user'] }] });
  });
});
