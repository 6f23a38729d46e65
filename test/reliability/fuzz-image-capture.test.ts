/**
 * Property tests of ImageCapture's arguments (https://w3c.github.io/mediacapture-image/#imagecaptureapi,
 * docs/behaviour.md): for arbitrary values — wrong types, NaN/±Infinity/-0, huge and negative numbers,
 * unknown keys, nested and cyclic objects, throwing getters, proxies and revoked proxies — every call throws
 * or rejects with the name the spec or WebIDL gives (or the value the argument itself threw), a
 * promise-returning method never throws, no rejection goes unhandled, and a failed call changes nothing.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { ImageCapture } from '../../src/image-capture/image-capture.js';
import {
  assertAllowedError,
  assertNoUnhandledRejections,
  assertUnchanged,
  callAsync,
  describeError,
  openRig,
  type Rig,
  settle,
  snapshot,
  Tally,
} from './helpers.js';
import { build, dict, isSentinel, numberArb, prim, refOrSpec, type Spec, specArb } from './values.js';

const RUNS = 300;
const PHOTO_KEYS = ['fillLightMode', 'imageHeight', 'imageWidth', 'redEyeReduction'] as const;

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

/** Platform objects the generated values may contain. */
async function platformRefs(r: Rig): Promise<Record<string, unknown>> {
  const audio = (await r.runtime.mediaDevices.getUserMedia({ audio: true })).getAudioTracks()[0]!;
  r.tracks.push(audio);
  const ended = r.clone();
  ended.stop();
  const disabled = r.clone();
  disabled.enabled = false;
  return {
    videoTrack: r.track,
    endedTrack: ended,
    disabledTrack: disabled,
    audioTrack: audio,
    capture: r.capture,
    endedCapture: new ImageCapture(ended),
    fakeCapture: Object.create(ImageCapture.prototype),
    proxiedTrack: new Proxy(r.track, {}),
    proxiedCapture: new Proxy(r.capture, {}),
    blob: new Blob(['x']),
  };
}

describe('ImageCapture argument fuzzing', { timeout: 120_000 }, () => {
  it('the constructor throws TypeError, NotSupportedError or the argument’s own error, and keeps the very track otherwise', async (t) => {
    const r = await rig();
    const refs = await platformRefs(r);
    const trackNames = ['videoTrack', 'endedTrack', 'disabledTrack'];
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(
        refOrSpec(['kind', 'id'], Object.keys(refs)),
        fc.option(specArb(['mimeType', 'quality']), { nil: undefined }),
        async (argSpec, optSpec) => {
          const arg = build(argSpec, refs);
          const options = optSpec === undefined ? undefined : build(optSpec, refs, 'options');
          const isVideo = argSpec.t === 'ref' && trackNames.includes(argSpec.name);
          let capture: ImageCapture | undefined;
          try {
            capture = optSpec === undefined ? new ImageCapture(arg as never) : new ImageCapture(arg as never, options as never);
          } catch (e) {
            const name = assertAllowedError(e, ['TypeError', 'NotSupportedError', 'sentinel'], 'new ImageCapture()');
            if (argSpec.t === 'ref' && argSpec.name === 'audioTrack') assert.equal(name, 'NotSupportedError');
            else if (!isVideo) assert.equal(name, 'TypeError', 'anything but a MediaStreamTrack is a TypeError (WebIDL)');
            else assert.ok(optSpec !== undefined, 'a video track with no options must be accepted (ended and disabled too)');
            tally.add(name);
            return;
          }
          assert.ok(isVideo, `only video tracks are accepted, not ${fc.stringify(argSpec)}`);
          assert.equal(capture.track, arg, 'capture.track is the very object given');
          tally.add('constructed');
        },
      ),
      { numRuns: RUNS },
    );
    assert.throws(() => (ImageCapture as unknown as (t: unknown) => unknown)(r.track), TypeError);
    assert.throws(() => new (ImageCapture as unknown as new () => unknown)(), TypeError);
    t.diagnostic(tally.line('new ImageCapture(track, options)'));
    await assertNoUnhandledRejections();
  });

  it('the constructor refuses an image type it cannot encode with NotSupportedError, so no still is shot only to fail ' +
    'encoding', async () => {
    const r = await rig();
    assert.throws(() => new ImageCapture(r.track, { mimeType: 'image/bmp' }), { name: 'NotSupportedError' });
    assert.throws(() => new ImageCapture(r.track, { mimeType: 'text/plain' }), { name: 'NotSupportedError' });
    for (const mimeType of ['', 'image/PNG', 'image/webp', 'image/jpeg']) new ImageCapture(r.track, { mimeType });
    const before = await r.capture.getPhotoSettings();
    const capture = new ImageCapture(r.track, { mimeType: 'IMAGE/WEBP' });
    const o = callAsync(() => capture.takePhoto({ imageWidth: before.imageWidth === 640 ? 800 : 640 }), 'takePhoto');
    await settle(r.clock, [o]);
    assert.equal(o.state, 'fulfilled');
  });

  it('takePhoto rejects with TypeError, NotSupportedError or the argument’s own error, never throws, and a failure changes ' +
    'nothing', async (t) => {
    const rigs = { spec: await rig(), chromium: await openRig({ behavior: 'chromium' }) };
    rigs.chromium.capture.getPhotoCapabilities().catch(() => undefined); // range checks on, as in Chromium after a fetch
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(specArb(PHOTO_KEYS, [], 3), fc.constantFrom('spec', 'chromium' as const), async (spec, behavior) => {
        const r = rigs[behavior];
        const before = await snapshot(r.track, r.capture);
        const o = callAsync(() => r.capture.takePhoto(build(spec) as never), 'takePhoto');
        await settle(r.clock, [o]);
        if (o.state === 'fulfilled') {
          assert.ok(o.value instanceof Blob && o.value.size > 0 && o.value.type.startsWith('image/'));
          tally.add('Blob');
          return;
        }
        tally.add(assertAllowedError(o.reason, ['TypeError', 'NotSupportedError', 'sentinel'], 'takePhoto'));
        await assertUnchanged(before, r.track, r.capture, 'takePhoto');
      }),
      { numRuns: RUNS },
    );
    await rigs.chromium.close();
    t.diagnostic(tally.line('takePhoto(photoSettings), spec and Chromium modes'));
    await assertNoUnhandledRejections();
  });

  it('takePhoto: a non-finite size or an unknown fill-light mode is a TypeError, a finite size out of range ' +
    'NotSupportedError', async (t) => {
    const r = await rig();
    const caps = await r.capture.getPhotoCapabilities();
    const tally = new Tally();
    const member = fc.constantFrom(...PHOTO_KEYS);
    await fc.assert(
      fc.asyncProperty(member, numberArb, fc.string({ maxLength: 8 }), async (key, n, word) => {
        const value = key === 'fillLightMode' ? word : key === 'redEyeReduction' ? n : n;
        const before = await snapshot(r.track, r.capture);
        const o = callAsync(() => r.capture.takePhoto({ [key]: value } as never), 'takePhoto');
        await settle(r.clock, [o]);
        let expected: string;
        if (key === 'fillLightMode') expected = ['auto', 'off', 'flash'].includes(word) ? 'ok' : 'TypeError';
        else if (key === 'redEyeReduction') expected = 'ok';
        else if (!Number.isFinite(n)) expected = 'TypeError';
        else {
          const range = key === 'imageWidth' ? caps.imageWidth! : caps.imageHeight!;
          expected = n < range.min! || n > range.max! ? 'NotSupportedError' : 'ok';
        }
        const got = o.state === 'fulfilled' ? 'ok' : describeError(o.reason);
        assert.equal(got, expected, `takePhoto({${key}: ${String(value)}})`);
        if (got !== 'ok') await assertUnchanged(before, r.track, r.capture, 'takePhoto');
        tally.add(got);
      }),
      { numRuns: RUNS },
    );
    t.diagnostic(tally.line('takePhoto single member'));
  });

  it('takePhoto: what a member getter throws is the rejection, unchanged', async (t) => {
    const r = await rig();
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PHOTO_KEYS), fc.constantFrom('error', 'object', 'typeError' as const), async (key, kind) => {
        // Members before the throwing one (WebIDL reads them in lexicographic order) are valid.
        const entries: Record<string, Spec> = {
          fillLightMode: prim('off'),
          imageHeight: prim(480),
          imageWidth: prim(640),
          redEyeReduction: prim(false),
        };
        delete entries[key];
        const spec = dict(entries, { d: 'getterThrows', key, kind });
        const o = callAsync(() => r.capture.takePhoto(build(spec) as never), 'takePhoto');
        await settle(r.clock, [o]);
        assert.equal(o.state, 'rejected');
        assert.ok(isSentinel(o.reason), `the getter's value must propagate unchanged, got ${describeError(o.reason)}`);
        tally.add(key);
      }),
      { numRuns: 60 },
    );
    t.diagnostic(tally.line('takePhoto throwing getter'));
  });

  it('every member rejects (never throws) a wrong `this` with TypeError; the right one with any extra arguments succeeds', async (t) => {
    const r = await rig();
    const refs = await platformRefs(r);
    const tally = new Tally();
    const methods = ['takePhoto', 'getPhotoCapabilities', 'getPhotoSettings', 'grabFrame'] as const;
    const proto = ImageCapture.prototype as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...methods), refOrSpec([], Object.keys(refs)), fc.array(
        specArb([], [], 1),
        { maxLength: 3 },
      ), async (method, thisSpec, argSpecs) => {
        const self = build(thisSpec, refs, 'this');
        const args = argSpecs.map((s) => build(s));
        const isCapture = thisSpec.t === 'ref' && (thisSpec.name === 'capture' || thisSpec.name === 'endedCapture');
        if (method === 'takePhoto' && isCapture && args.length > 0) {
          args[0] = undefined;
        } // its argument is fuzzed above; extra ones are ignored
        const o = callAsync(() => proto[method]!.apply(self, args), `ImageCapture.prototype.${method}`);
        await settle(r.clock, [o]);
        if (isCapture && thisSpec.name === 'endedCapture') {
          assert.equal(o.state, 'rejected');
          tally.add(`${method}: ${assertAllowedError(o.reason, ['InvalidStateError'], method)}`);
          return;
        }
        if (!isCapture) {
          assert.equal(o.state, 'rejected', `${method} on ${fc.stringify(thisSpec)} must reject`);
          assert.equal(assertAllowedError(o.reason, ['TypeError'], method), 'TypeError');
          tally.add(`${method}: TypeError`);
          return;
        }
        if (o.state === 'rejected') assert.fail(`${method}() on the capture failed: ${describeError(o.reason)}`);
        if (method === 'grabFrame') (o.value as { close(): void }).close();
        tally.add(`${method}: ok`);
      }),
      { numRuns: RUNS },
    );
    const getter = Object.getOwnPropertyDescriptor(ImageCapture.prototype, 'track')!.get!;
    for (const bad of [undefined, null, {}, refs.fakeCapture, refs.proxiedCapture, r.track]) {
      assert.throws(() => getter.call(bad), TypeError);
    }
    t.diagnostic(tally.line('ImageCapture methods with any this/arguments'));
    await assertNoUnhandledRejections();
  });
});
