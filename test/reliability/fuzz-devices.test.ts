/**
 * Property tests of MediaDevices (getUserMedia, enumerateDevices;
 * https://w3c.github.io/mediacapture-main/#mediadevices, https://w3c.github.io/mediacapture-image/#pan) and
 * Permissions.query
 * (https://w3c.github.io/mediacapture-main/#dom-cameradevicepermissiondescriptor-pantiltzoom) under arbitrary
 * arguments, permission states and receivers.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { MediaDevices } from '../../src/media/devices.js';
import { Permissions, type PermissionState } from '../../src/media/permissions.js';
import { constraintsArb } from './constraint-specs.js';
import {
  assertAllowedError,
  assertNoUnhandledRejections,
  assertSettingsWithinCapabilities,
  assertUnchanged,
  callAsync,
  openRig,
  type Rig,
  settle,
  snapshot,
  Tally,
} from './helpers.js';
import { build, refOrSpec, type Spec, specArb } from './values.js';

const RUNS = 300;
const STATES: readonly PermissionState[] = ['granted', 'denied', 'prompt'];

const rigs: Rig[] = [];
async function rig(): Promise<Rig> {
  const r = await openRig({ audio: true });
  rigs.push(r);
  return r;
}
after(async () => {
  for (const r of rigs.splice(0)) await r.close();
  await assertNoUnhandledRejections();
});

const permissionsArb = fc.record(
  { camera: fc.constantFrom(...STATES), ptz: fc.constantFrom(...STATES), microphone: fc.constantFrom(...STATES) },
);

type Perms = { camera: PermissionState; ptz: PermissionState; microphone: PermissionState };

/** Sets the states in this order and returns what the store holds (granting PTZ grants the camera). */
function setPermissions(r: Rig, p: Perms): Perms {
  r.runtime.permissions.set({ name: 'camera' }, p.camera);
  r.runtime.permissions.set({ name: 'camera', panTiltZoom: true }, p.ptz);
  r.runtime.permissions.set({ name: 'microphone' }, p.microphone);
  const store = r.runtime.permissionStore;
  return { camera: store.get('camera'), ptz: store.get('camera-ptz'), microphone: store.get('microphone') };
}

/** getUserMedia arguments: `{audio, video}` with constraint-shaped or hostile members, or anything. */
const userMediaArb: fc.Arbitrary<Spec> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .record({
        audio: fc.option(fc.oneof(fc.boolean().map((v): Spec => ({ t: 'prim', v })), specArb([], [], 1)), { nil: undefined }),
        video: fc.option(constraintsArb, { nil: undefined }),
      })
      .map(({ audio, video }): Spec => {
        const entries: [string, Spec][] = [];
        if (audio) entries.push(['audio', audio]);
        if (video) entries.push(['video', video]);
        return { t: 'obj', entries, deco: { d: 'plain' } };
      }),
  },
  { weight: 1, arbitrary: specArb(['audio', 'video'], [], 3) },
);

/** Permission descriptors: `{name, panTiltZoom}` with known, unknown and hostile names, or anything. */
const descriptorArb: fc.Arbitrary<Spec> = fc.oneof(
  fc
    .record({
      name: fc.oneof(
        fc.constantFrom('camera', 'microphone', 'geolocation', 'CAMERA').map((v): Spec => ({ t: 'prim', v })),
        specArb([], [], 1),
      ),
      panTiltZoom: fc.option(specArb([], [], 1), { nil: undefined }),
      deco: specArb(['name', 'panTiltZoom'], [], 0),
    })
    .map(({ name, panTiltZoom, deco }): Spec => ({
      t: 'obj',
      entries: panTiltZoom ? [['name', name], ['panTiltZoom', panTiltZoom]] : [['name', name]],
      deco: deco.t === 'obj' ? deco.deco : { d: 'plain' },
    })),
  specArb(['name', 'panTiltZoom'], [], 2),
);

describe('MediaDevices and Permissions argument fuzzing', { timeout: 120_000 }, () => {
  it('getUserMedia resolves with live tracks or rejects with a gUM error name, never throws, and leaves no source open', async (t) => {
    const r = await rig();
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(userMediaArb, permissionsArb, async (spec, wanted) => {
        const perms = setPermissions(r, wanted);
        const open = r.backend.control.sources.length;
        const before = await snapshot(r.track, r.capture);
        const o = callAsync(() => r.runtime.mediaDevices.getUserMedia(build(spec) as never), 'getUserMedia');
        await settle(r.clock, [o]);
        if (o.state === 'fulfilled') {
          const tracks = o.value!.getTracks();
          assert.ok(tracks.length > 0);
          for (const track of tracks) {
            assert.equal(track.readyState, 'live');
            if (track.kind === 'video') {
              assert.equal(perms.camera, 'granted', 'a camera track needs the camera permission');
              assertSettingsWithinCapabilities(track, 'a new track');
            } else assert.equal(perms.microphone, 'granted', 'a microphone track needs its permission');
            track.stop();
          }
          tally.add(`stream of ${tracks.map((x) => x.kind).join('+')}`);
        } else {
          const name = assertAllowedError(
            o.reason,
            ['TypeError', 'OverconstrainedError', 'NotFoundError', 'NotAllowedError', 'NotReadableError', 'sentinel'],
            'getUserMedia',
          );
          if (name === 'NotAllowedError') assert.ok(perms.camera !== 'granted' || perms.microphone !== 'granted');
          tally.add(name);
        }
        assert.equal(r.backend.control.sources.length, open, 'no camera is left open by a call that failed or whose tracks stopped');
        await assertUnchanged(before, r.track, r.capture, 'getUserMedia (for a track it did not make)');
      }),
      { numRuns: RUNS },
    );
    setPermissions(r, { camera: 'granted', ptz: 'granted', microphone: 'granted' });
    t.diagnostic(tally.line('getUserMedia(constraints)'));
    await assertNoUnhandledRejections();
  });

  it('getUserMedia: a throwing getter in the argument is the rejection, unchanged', async () => {
    const r = await rig();
    for (const key of ['audio', 'video']) {
      const o = callAsync(
        () => r.runtime.mediaDevices.getUserMedia(
          build({ t: 'obj', entries: [], deco: { d: 'getterThrows', key, kind: 'object' } }) as never,
        ),
        'getUserMedia',
      );
      await settle(r.clock, [o]);
      assert.equal(assertAllowedError(o.reason, ['sentinel'], 'getUserMedia'), 'sentinel');
    }
  });

  it('enumerateDevices resolves whatever it is given; the anonymous entries appear without permission', async (t) => {
    const r = await rig();
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(fc.array(specArb([], [], 1), { maxLength: 3 }), permissionsArb, async (argSpecs, wanted) => {
        const perms = setPermissions(r, wanted);
        const o = callAsync(
          () => (r.runtime.mediaDevices.enumerateDevices as (...a: unknown[]) => Promise<
            { kind: string; deviceId: string }[]
          >)(...argSpecs.map((s) => build(s))),
          'enumerateDevices',
        );
        await settle(r.clock, [o]);
        assert.equal(o.state, 'fulfilled');
        const cameras = o.value!.filter((d) => d.kind === 'videoinput');
        assert.equal(cameras.length, 1);
        assert.equal(cameras[0]!.deviceId === '', perms.camera !== 'granted', 'device ids only with camera permission');
        tally.add(perms.camera === 'granted' ? 'listed' : 'anonymous');
      }),
      { numRuns: 100 },
    );
    setPermissions(r, { camera: 'granted', ptz: 'granted', microphone: 'granted' });
    t.diagnostic(tally.line('enumerateDevices(...anything)'));
  });

  it('permissions.query resolves a status for camera and microphone, and rejects anything else with TypeError or the argument’s own ' +
    'error', async (t) => {
    const r = await rig();
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(descriptorArb, async (spec) => {
        const o = callAsync(() => r.runtime.permissions.query(build(spec) as never), 'permissions.query');
        await settle(r.clock, [o]);
        if (o.state === 'fulfilled') {
          const status = o.value!;
          assert.ok(['camera', 'microphone'].includes(status.name));
          assert.ok(STATES.includes(status.state));
          tally.add(status.name);
          return;
        }
        tally.add(assertAllowedError(o.reason, ['TypeError', 'sentinel'], 'permissions.query'));
      }),
      { numRuns: RUNS },
    );
    t.diagnostic(tally.line('permissions.query(descriptor)'));
  });

  it('MediaDevices and Permissions members on a wrong `this` reject (or throw, for synchronous ones) with TypeError', async (t) => {
    const r = await rig();
    const refs = {
      mediaDevices: r.runtime.mediaDevices,
      permissions: r.runtime.permissions,
      track: r.track,
      proxied: new Proxy(r.runtime.mediaDevices, {}),
    };
    const members = ['getUserMedia', 'enumerateDevices', 'getSupportedConstraints', 'query'] as const;
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...members), refOrSpec([], Object.keys(refs)), async (member, thisSpec) => {
        const self = build(thisSpec, refs, 'this');
        const proto = (member === 'query'
          ? Permissions.prototype
          : MediaDevices.prototype) as unknown as Record<string, (...a: unknown[]) => unknown>;
        const own = member === 'query' ? refs.permissions : refs.mediaDevices;
        if (member === 'getSupportedConstraints') {
          if (self === own) return void tally.add('own');
          // A method that never looks at its receiver's state may work on any `this`; it must not crash.
          try {
            proto[member]!.call(self);
            tally.add('no receiver state');
          } catch (e) {
            tally.add(assertAllowedError(e, ['TypeError'], member));
          }
          return;
        }
        const arg = member === 'getUserMedia' ? { video: true } : member === 'query' ? { name: 'camera' } : undefined;
        const o = callAsync(() => proto[member]!.call(self, arg) as Promise<unknown>, member);
        await settle(r.clock, [o]);
        if (self === own) {
          assert.equal(o.state, 'fulfilled');
          if (member === 'getUserMedia') for (const track of (o.value as { getTracks(): { stop(): void }[] }).getTracks()) track.stop();
          return void tally.add('own');
        }
        assert.equal(o.state, 'rejected', `${member} on ${fc.stringify(thisSpec)} must reject`);
        tally.add(assertAllowedError(o.reason, ['TypeError'], member));
      }),
      { numRuns: RUNS },
    );
    t.diagnostic(tally.line('MediaDevices/Permissions with a wrong this'));
    await assertNoUnhandledRejections();
  });
});
