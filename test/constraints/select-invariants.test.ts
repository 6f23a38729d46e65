import { describe, it } from 'node:test';
import { behaviorRecord } from '../../src/spec/behavior.js';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { convertConstraints } from '../../src/constraints/convert.js';
import { booleanFitness, existenceFitness, numericFitness, pointsFitness, stringFitness } from '../../src/constraints/fitness.js';
import { selectSettings } from '../../src/constraints/select-settings.js';
import type { DeviceModel } from '../../src/constraints/select-settings.js';
import { fullCapabilities, fullSettings } from './devices.js';

const device: DeviceModel = {
  deviceId: 'cam',
  groupId: 'g',
  capabilities: fullCapabilities({
    videoModes: [{ width: 1280, height: 720, frameRate: 30 }, { width: 640, height: 480, frameRate: 60 }],
    minFrameRate: 5,
  }),
  ptzAllowed: true,
  current: fullSettings(),
};

const num = fc.double({ min: -20, max: 20, noNaN: true });
const rangeConstraint = fc.oneof(
  num,
  fc.record({ min: num, max: num, exact: num, ideal: num }, { requiredKeys: [] }),
);
const size = fc.integer({ min: 0, max: 3000 });
const sizeConstraint = fc.oneof(size, fc.record({ min: size, max: size, exact: size, ideal: size }, { requiredKeys: [] }));

describe('fitness distance', () => {
  it('numeric distance is 0 at the ideal, in [0, 1] for positive values, and symmetric', () => {
    assert.equal(numericFitness(5, 5), 0);
    assert.equal(numericFitness(5, 10), 0.5);
    assert.equal(numericFitness(0, 0), 0);
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), fc.double({ min: 1e-3, max: 1e6, noNaN: true }), (a, b) => {
        const d = numericFitness(a, b);
        return d >= 0 && d <= 1 && d === numericFitness(b, a);
      }),
    );
  });

  it('string, boolean, existence and points distances are 0 or 1', () => {
    assert.equal(stringFitness('a', ['b', 'a']), 0);
    assert.equal(stringFitness('c', ['b', 'a']), 1);
    assert.equal(stringFitness(undefined, ['a']), 1);
    assert.equal(booleanFitness(true, true), 0);
    assert.equal(booleanFitness(false, true), 1);
    assert.equal(existenceFitness(true, false), 1);
    assert.equal(existenceFitness(false, false), 0);
    assert.equal(pointsFitness([{ x: -1, y: 0.5 }], [{ x: 0, y: 0.5 }]), 0);
    assert.equal(pointsFitness([{ x: 0.2, y: 0.5 }], [{ x: 0, y: 0.5 }]), 1);
  });
});

describe('selection invariants', () => {
  it('a zoom result is either within every required bound and the capability, or a failure naming zoom', () => {
    fc.assert(
      fc.property(rangeConstraint, fc.boolean(), (zoom, compat) => {
        const r = selectSettings(
          convertConstraints({ zoom }, 'video', 'x'),
          [device],
          { behavior: behaviorRecord(compat ? 'chromium' : 'spec') },
        );
        const c = typeof zoom === 'number' ? {} : zoom;
        let lo = 1;
        let hi = 10;
        if (c.min !== undefined) lo = Math.max(lo, c.min);
        if (c.exact !== undefined) lo = Math.max(lo, c.exact);
        if (c.max !== undefined) hi = Math.min(hi, c.max);
        if (c.exact !== undefined) hi = Math.min(hi, c.exact);
        if (!r.ok) return r.constraint === 'zoom' && lo > hi;
        const v = r.settings.zoom!;
        return lo <= hi && v >= lo && v <= hi;
      }),
    );
  });

  it('a chosen format always fits a native mode and meets the required size bounds', () => {
    fc.assert(
      fc.property(sizeConstraint, sizeConstraint, fc.option(
        fc.double({ min: 1, max: 90, noNaN: true }),
        { nil: undefined },
      ), (width, height, frameRate) => {
        const r = selectSettings(convertConstraints({ width, height, frameRate }, 'video', 'x'), [device]);
        if (!r.ok) return ['width', 'height'].includes(r.constraint);
        const s = r.settings;
        const fits = device.capabilities.videoModes.some(
          (m) => s.width <= m.width && s.height <= m.height && s.frameRate <= m.frameRate &&
            (s.resizeMode === 'crop-and-scale' || (s.width === m.width && s.height === m.height && s.frameRate === m.frameRate)),
        );
        const meets = (v: number, c: typeof width) =>
          typeof c === 'number' ||
            ((c.min === undefined || v >= c.min) && (c.max === undefined || v <= c.max) && (c.exact === undefined || v === c.exact));
        return fits && s.width >= 1 && s.height >= 1 && s.frameRate >= 5 && meets(s.width, width) && meets(s.height, height);
      }),
      { numRuns: 300 },
    );
  });

  it('spec mode never fails because of an advanced set', () => {
    fc.assert(
      fc.property(fc.array(
        fc.record({ zoom: num, iso: fc.integer({ min: 0, max: 5000 }), torch: fc.boolean() }, { requiredKeys: [] }),
        { maxLength: 4 },
      ), (advanced) => {
        return selectSettings(convertConstraints({ advanced }, 'video', 'x'), [device]).ok;
      }),
    );
  });
});
