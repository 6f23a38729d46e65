/**
 * Property tests of MediaStreamTrack's arguments: applyConstraints
 * (https://w3c.github.io/mediacapture-main/#dfn-applyconstraints-algorithm), the enabled and contentHint
 * setters, and every member called on a wrong `this`.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { MediaStreamTrack } from '../../src/media/track.js';
import {
  assertAllowedError,
  assertNoUnhandledRejections,
  assertSettingsWithinCapabilities,
  assertUnchanged,
  callAsync,
  describeError,
  openRig,
  type Rig,
  settle,
  snapshot,
  Tally,
} from './helpers.js';
import { constraintsArb, NAMES } from './constraint-specs.js';
import { build, refOrSpec, type Spec, specArb } from './values.js';

const RUNS = 400;

const rigs: Rig[] = [];
async function rig(options: Parameters<typeof openRig>[0] = {}): Promise<Rig> {
  const r = await openRig(options);
  rigs.push(r);
  return r;
}
after(async () => {
  for (const r of rigs.splice(0)) await r.close();
  await assertNoUnhandledRejections();
});

describe('MediaStreamTrack argument fuzzing', { timeout: 120_000 }, () => {
  it('applyConstraints resolves or rejects with TypeError, OverconstrainedError, SecurityError or the argument’s own error; a failure ' +
    'changes nothing', async (t) => {
    let hidden = false;
    const rigsByBehavior = {
      spec: await rig({ visibility: () => (hidden ? 'hidden' : 'visible') }),
      chromium: await rig({ behavior: 'chromium', visibility: () => (hidden ? 'hidden' : 'visible') }),
    };
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(constraintsArb, fc.constantFrom('spec', 'chromium' as const), fc.boolean(), async (spec, behavior, hide) => {
        const r = rigsByBehavior[behavior];
        hidden = hide;
        const before = await snapshot(r.track, r.capture);
        const o = callAsync(() => r.track.applyConstraints(build(spec) as never), 'applyConstraints');
        await settle(r.clock, [o]);
        hidden = false;
        if (o.state === 'fulfilled') {
          assert.equal(o.value, undefined);
          assertSettingsWithinCapabilities(r.track, 'after applyConstraints');
          const constraints = r.track.getConstraints();
          assert.deepEqual(structuredClone(constraints), constraints, 'getConstraints() is plain data');
          assert.notEqual(r.track.getConstraints(), constraints, 'getConstraints() gives a fresh object');
          tally.add('resolved');
          return;
        }
        const name = assertAllowedError(o.reason, ['TypeError', 'OverconstrainedError', 'SecurityError', 'sentinel'], 'applyConstraints');
        if (name === 'SecurityError') assert.ok(hide, 'SecurityError only while the page is hidden');
        if (name === 'OverconstrainedError') {
          assert.ok(NAMES.includes((o.reason as { constraint: string }).constraint), 'it names a constraint');
        }
        await assertUnchanged(before, r.track, r.capture, 'applyConstraints');
        tally.add(name);
      }),
      { numRuns: RUNS },
    );
    t.diagnostic(tally.line('applyConstraints(constraints)'));
    await assertNoUnhandledRejections();
  });

  it('applyConstraints: a throwing getter anywhere in the argument is the rejection, unchanged, and nothing changes', async (t) => {
    const r = await rig();
    const tally = new Tally();
    const kind = fc.constantFrom('error', 'object', 'typeError' as const);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...NAMES), fc.constantFrom('basic', 'nested', 'advanced' as const), kind, async (name, where, k) => {
        const thrower: Spec = { t: 'obj', entries: [], deco: { d: 'getterThrows', key: where === 'nested' ? 'ideal' : name, kind: k } };
        const arg: Spec =
          where === 'basic'
            ? thrower
            : where === 'nested'
              ? { t: 'obj', entries: [[name, thrower]], deco: { d: 'plain' } }
              : { t: 'obj', entries: [['advanced', { t: 'arr', items: [thrower], deco: { d: 'plain' } }]], deco: { d: 'plain' } };
        const before = await snapshot(r.track, r.capture);
        const o = callAsync(() => r.track.applyConstraints(build(arg) as never), 'applyConstraints');
        await settle(r.clock, [o]);
        assert.equal(o.state, 'rejected', `a getter throwing inside ${where} ${name} must reject`);
        assert.equal(describeError(o.reason), 'sentinel', `the getter's value must propagate unchanged, got ${describeError(o.reason)}`);
        await assertUnchanged(before, r.track, r.capture, 'applyConstraints');
        tally.add(where);
      }),
      { numRuns: 150 },
    );
    t.diagnostic(tally.line('applyConstraints throwing getter'));
  });

  it('the enabled setter takes ToBoolean of anything and never throws on a track', async (t) => {
    const r = await rig();
    const tally = new Tally();
    await fc.assert(
      fc.property(specArb([], [], 2), (spec) => {
        const v = build(spec);
        r.track.enabled = v as boolean;
        assert.equal(r.track.enabled, Boolean(v));
        tally.add(String(Boolean(v)));
      }),
      { numRuns: RUNS },
    );
    r.track.enabled = true;
    t.diagnostic(tally.line('track.enabled = value'));
  });

  it('the contentHint setter converts to a string (TypeError for a symbol, the value’s own error) and ignores unknown hints', async (t) => {
    const r = await rig();
    const tally = new Tally();
    await fc.assert(
      fc.property(specArb(['toString'], [], 1), (spec) => {
        const before = r.track.contentHint;
        const v = build(spec);
        try {
          r.track.contentHint = v as string;
        } catch (e) {
          tally.add(assertAllowedError(e, ['TypeError', 'sentinel'], 'contentHint'));
          assert.equal(r.track.contentHint, before);
          return;
        }
        const s = String(v);
        assert.equal(r.track.contentHint, ['', 'motion', 'detail', 'text'].includes(s) ? s : before);
        tally.add('set or ignored');
      }),
      { numRuns: RUNS },
    );
    t.diagnostic(tally.line('track.contentHint = value'));
  });

  it('every member on a wrong `this` throws TypeError (applyConstraints rejects with it)', async (t) => {
    const r = await rig();
    const refs = {
      capture: r.capture,
      proxiedTrack: new Proxy(r.track, {}),
      fakeTrack: Object.create(MediaStreamTrack.prototype),
      stream: {},
    };
    const proto = MediaStreamTrack.prototype as unknown as Record<string, unknown>;
    const accessors = ['kind', 'id', 'label', 'enabled', 'muted', 'readyState', 'contentHint'];
    const methods = ['clone', 'stop', 'getCapabilities', 'getConstraints', 'getSettings'];
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(
        ...accessors,
        ...methods,
        'applyConstraints',
        'set enabled',
        'set contentHint',
      ), refOrSpec([], Object.keys(refs)), async (member, thisSpec) => {
        const self = build(thisSpec, refs, 'this');
        if (member === 'applyConstraints') {
          const o = callAsync(() => (proto.applyConstraints as (c?: unknown) => Promise<undefined>).call(self, {}), 'applyConstraints');
          await settle(r.clock, [o]);
          assert.equal(o.state, 'rejected');
          tally.add(assertAllowedError(o.reason, ['TypeError'], member));
          return;
        }
        const [verb, name] = member.startsWith('set ')
          ? ['set', member.slice(4)]
          : accessors.includes(member) ? ['get', member] : ['call', member];
        const desc = Object.getOwnPropertyDescriptor(MediaStreamTrack.prototype, name)!;
        try {
          if (verb === 'set') desc.set!.call(self, name === 'enabled' ? false : 'motion');
          else if (verb === 'get') desc.get!.call(self);
          else (desc.value as () => unknown).call(self);
        } catch (e) {
          tally.add(assertAllowedError(e, ['TypeError'], `${verb} ${name}`));
          return;
        }
        assert.fail(`${verb} ${name} on ${fc.stringify(thisSpec)} did not throw`);
      }),
      { numRuns: RUNS },
    );
    assert.equal(r.track.readyState, 'live', 'nothing reached the real track');
    assert.equal(r.track.enabled, true);
    t.diagnostic(tally.line('MediaStreamTrack members with a wrong this'));
    await assertNoUnhandledRejections();
  });
});
