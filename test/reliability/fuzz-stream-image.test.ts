/**
 * Property tests of MediaStream (constructor, addTrack, removeTrack, getTrackById and the other
 * members on a wrong `this`), ImageData's constructor and createImageBitmap (HTML) under
 * arbitrary arguments.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { ImageData, isImageBitmap } from '../../src/media/image-bitmap.js';
import { createImageBitmap } from '../../src/media/create-image-bitmap.js';
import { MediaStream } from '../../src/media/stream.js';
import { encodeRaw } from '../../src/encode/node.js';
import { assertAllowedError, assertNoUnhandledRejections, callAsync, openRig, type Rig, settle, Tally } from './helpers.js';
import { build, numberArb, refOrSpec, type Spec, specArb } from './values.js';

const RUNS = 300;

const rigs: Rig[] = [];
async function rig(): Promise<Rig> {
  const r = await openRig();
  rigs.push(r);
  return r;
}
after(async () => {
  for (const r of rigs.splice(0)) await r.close();
  await assertNoUnhandledRejections();
});

function trackRefs(r: Rig): Record<string, unknown> {
  const ended = r.clone();
  ended.stop();
  return {
    track: r.track,
    clone: r.clone(),
    endedTrack: ended,
    stream: new MediaStream([r.track]),
    proxiedTrack: new Proxy(r.track, {}),
    capture: r.capture,
  };
}

describe('MediaStream argument fuzzing', { timeout: 120_000 }, () => {
  it('the constructor takes nothing, a stream or a sequence of tracks; anything else is a TypeError or the argument’s own ' +
    'error', async (t) => {
    const r = await rig();
    const refs = trackRefs(r);
    const tracksOf = (name: string): unknown[] => (name === 'stream' ? [r.track] : [refs[name]]);
    const arrayOfRefs = fc.array(fc.constantFrom('track', 'clone', 'endedTrack', 'proxiedTrack'), { maxLength: 3 });
    const tally = new Tally();
    await fc.assert(
      fc.property(fc.oneof(
        refOrSpec(['0', '1'], Object.keys(refs)),
        arrayOfRefs.map((names): Spec => ({ t: 'arr', items: names.map((name) => ({ t: 'ref', name })), deco: { d: 'plain' } })),
      ), (spec) => {
        let stream: MediaStream;
        try {
          stream = new MediaStream(build(spec, refs) as never);
        } catch (e) {
          tally.add(assertAllowedError(e, ['TypeError', 'sentinel'], 'new MediaStream()'));
          return;
        }
        const given = spec.t === 'ref'
          ? tracksOf(spec.name)
          : spec.t === 'arr' && spec.items.every((i) => i.t === 'ref')
            ? spec.items.flatMap((i) => (i.t === 'ref' ? [refs[i.name]] : []))
            : [];
        for (const track of stream.getTracks()) assert.ok(given.includes(track), 'a stream holds only the tracks it was given');
        assert.equal(stream.active, stream.getTracks().some((x) => x.readyState === 'live'));
        tally.add(`${stream.getTracks().length} tracks`);
      }),
      { numRuns: RUNS },
    );
    assert.throws(() => (MediaStream as unknown as () => unknown)(), TypeError);
    t.diagnostic(tally.line('new MediaStream(arg)'));
  });

  it('addTrack/removeTrack take only tracks; getTrackById converts to a string and finds or returns null', async (t) => {
    const r = await rig();
    const refs = trackRefs(r);
    const tally = new Tally();
    await fc.assert(
      fc.property(fc.constantFrom(
        'addTrack',
        'removeTrack',
        'getTrackById',
      ), refOrSpec(['toString'], Object.keys(refs)), (method, spec) => {
        const stream = new MediaStream([r.track]);
        const arg = build(spec, refs);
        const before = stream.getTracks();
        let result: unknown;
        try {
          result = (stream as unknown as Record<string, (a: unknown) => unknown>)[method]!(arg);
        } catch (e) {
          tally.add(`${method}: ${assertAllowedError(e, ['TypeError', 'sentinel'], method)}`);
          assert.deepEqual(stream.getTracks(), before, 'a failed call leaves the stream as it was');
          return;
        }
        if (method === 'getTrackById') {
          assert.ok(result === null || result === r.track);
          assert.equal(result === r.track, String(arg) === r.track.id);
        } else {
          assert.equal(result, undefined);
          const isTrack = spec.t === 'ref' && ['track', 'clone', 'endedTrack'].includes(spec.name);
          assert.ok(isTrack, `${method} accepted ${fc.stringify(spec)}`);
          assert.equal(stream.getTracks().includes(arg as never), method === 'addTrack');
        }
        tally.add(`${method}: ok`);
      }),
      { numRuns: RUNS },
    );
    t.diagnostic(tally.line('MediaStream addTrack/removeTrack/getTrackById'));
  });

  it('every MediaStream member on a wrong `this` throws TypeError', async (t) => {
    const r = await rig();
    const refs = { ...trackRefs(r), fakeStream: Object.create(MediaStream.prototype), lookalike: { getTracks: () => [r.track] } };
    const proto = MediaStream.prototype as unknown as Record<string, unknown>;
    const members = ['id', 'active', 'getTracks', 'getVideoTracks', 'getAudioTracks', 'getTrackById', 'addTrack', 'removeTrack', 'clone'];
    const tally = new Tally();
    await fc.assert(
      fc.property(fc.constantFrom(...members), refOrSpec([], Object.keys(refs).filter((k) => k !== 'stream')), (member, thisSpec) => {
        const self = build(thisSpec, refs, 'this');
        const desc = Object.getOwnPropertyDescriptor(proto, member)!;
        try {
          if (desc.get) desc.get.call(self);
          else (desc.value as (a?: unknown) => unknown).call(self, member === 'getTrackById' ? r.track.id : r.track);
        } catch (e) {
          tally.add(assertAllowedError(e, ['TypeError'], `MediaStream ${member}`));
          return;
        }
        assert.fail(`${member} on ${fc.stringify(thisSpec)} did not throw`);
      }),
      { numRuns: RUNS },
    );
    t.diagnostic(tally.line('MediaStream members with a wrong this'));
  });
});

/** ImageData dimension values: small sizes, zero, negatives, NaN/Infinity, huge, and anything. */
const dimensionArb: fc.Arbitrary<Spec> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 8 }).map((v): Spec => ({ t: 'prim', v })) },
  { weight: 2, arbitrary: numberArb.map((v): Spec => ({ t: 'prim', v })) },
  { weight: 1, arbitrary: specArb([], [], 1) },
);

/** Numbers a dimension converts to, where that is knowable without running user code. */
function plainNumber(spec: Spec): number | undefined {
  if (spec.t !== 'prim' || typeof spec.v === 'symbol' || typeof spec.v === 'bigint') return undefined;
  return Number(spec.v);
}

describe('ImageData and createImageBitmap argument fuzzing', { timeout: 120_000 }, () => {
  const title = 'new ImageData(...) makes a positive-size image or throws TypeError, IndexSizeError, InvalidStateError, ' +
    'RangeError or the argument’s own error';
  it(title, async (t) => {
    const tally = new Tally();
    const dataArb = fc.constantFrom(0, 4, 12, 16, 64, 7).map((n): Spec => ({ t: 'typed', kind: 'u8c', length: n }));
    const settingsArb = fc.option(specArb(['colorSpace', 'pixelFormat'], [], 2), { nil: undefined });
    await fc.assert(
      fc.property(fc.boolean(), dataArb, dimensionArb, dimensionArb, settingsArb, (withData, data, a, b, settings) => {
        const w = plainNumber(a);
        const h = plainNumber(b);
        // Keep clear of sizes that would really allocate gigabytes (RangeError beyond 2^32 bytes is fine).
        fc.pre(
          withData ||
            w === undefined ||
            h === undefined ||
            !(Math.trunc(w) * Math.trunc(h) * 4 > 1e7 && Math.trunc(w) * Math.trunc(h) * 4 < 2 ** 34),
        );
        const extra = settings ? [build(settings, {}, 'settings')] : [];
        const args = withData ? [build(data), build(a), build(b), ...extra] : [build(a), build(b), ...extra];
        let image: ImageData;
        try {
          image = new (ImageData as unknown as new (...a: unknown[]) => ImageData)(...args);
        } catch (e) {
          tally.add(
            assertAllowedError(e, ['TypeError', 'IndexSizeError', 'InvalidStateError', 'RangeError', 'sentinel'], 'new ImageData()'),
          );
          return;
        }
        assert.ok(Number.isInteger(image.width) && image.width > 0, `width ${image.width}`);
        assert.ok(Number.isInteger(image.height) && image.height > 0, `height ${image.height}`);
        assert.equal(image.data.length, image.width * image.height * 4);
        assert.ok(['srgb', 'display-p3'].includes(image.colorSpace));
        tally.add('ImageData');
      }),
      { numRuns: 500 },
    );
    t.diagnostic(tally.line('new ImageData(...)'));
  });

  it('ImageData converts its settings: an unknown colorSpace is a TypeError and a throwing getter’s value propagates', () => {
    const thrown = { thrownBy: 'colorSpace getter' };
    const settings = {
      get colorSpace(): string {
        throw thrown;
      },
    };
    assert.throws(() => new ImageData(1, 1, settings as never), (e) => e === thrown);
    assert.throws(() => new ImageData(new Uint8ClampedArray(4), 1, 1, settings as never), (e) => e === thrown);
    assert.throws(() => new ImageData(1, 1, { colorSpace: 'bogus' } as never), TypeError);
    assert.throws(() => new ImageData(1, 1, 5 as never), TypeError);
    assert.equal(new ImageData(1, 1, { colorSpace: 'display-p3' } as never).colorSpace, 'display-p3');
    assert.equal(new ImageData(1, 1, null as never).colorSpace, 'srgb');
  });

  it('createImageBitmap resolves a positive-size bitmap or rejects with TypeError, InvalidStateError or the argument’s own ' +
    'error', async (t) => {
    const png = await encodeRaw({ data: new Uint8Array(2 * 2 * 4).fill(200), width: 2, height: 2 }, { type: 'image/png' });
    const closed = await createImageBitmap(new ImageData(1, 1));
    closed.close();
    const refs: Record<string, unknown> = {
      imageData: new ImageData(3, 2),
      bitmap: await createImageBitmap(new ImageData(2, 2)),
      closedBitmap: closed,
      png,
      garbage: new Blob([new Uint8Array([1, 2, 3, 4, 5])], { type: 'image/png' }),
      emptyBlob: new Blob([]),
    };
    const shapeArb = fc
      .record({
        data: fc.constantFrom(0, 4, 16, 24).map((n): Spec => ({ t: 'typed', kind: 'u8', length: n })),
        width: dimensionArb,
        height: dimensionArb,
      })
      .map(
        ({ data, width, height }): Spec => ({
          t: 'obj',
          entries: [['data', data], ['width', width], ['height', height]],
          deco: { d: 'plain' },
        }),
      );
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(fc.oneof(refOrSpec(['data', 'width', 'height'], Object.keys(refs)), shapeArb), async (spec) => {
        const o = callAsync(() => createImageBitmap(build(spec, refs)), 'createImageBitmap');
        await settle(undefined, [o]).catch(async () => {
          await o.promise.catch(() => undefined); // decoding runs on the thread pool
        });
        if (o.state === 'fulfilled') {
          const bitmap = o.value!;
          assert.ok(isImageBitmap(bitmap));
          assert.ok(Number.isInteger(bitmap.width) && bitmap.width > 0, `width ${bitmap.width}`);
          assert.ok(Number.isInteger(bitmap.height) && bitmap.height > 0, `height ${bitmap.height}`);
          bitmap.close();
          tally.add('ImageBitmap');
          return;
        }
        tally.add(assertAllowedError(o.reason, ['TypeError', 'InvalidStateError', 'sentinel'], 'createImageBitmap'));
      }),
      { numRuns: RUNS },
    );
    t.diagnostic(tally.line('createImageBitmap(source)'));
    await assertNoUnhandledRejections();
  });
});
