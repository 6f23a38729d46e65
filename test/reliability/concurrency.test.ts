/**
 * Many calls in flight at once on one track and across clones (the concurrency
 * choices of docs/behaviour.md): takePhoto is queued FIFO per source, a second grabFrame
 * on the same ImageCapture while one waits is rejected with UnknownError, applyConstraints runs
 * one at a time per track in call order, getPhoto* run concurrently. Outcomes are the same on
 * every run of the same scenario.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { definePreset, type Preset } from '../../src/backends/virtual/index.js';
import { ImageCapture } from '../../src/image-capture/image-capture.js';
import { getImageBitmapPixels, type ImageBitmap } from '../../src/media/image-bitmap.js';
import type { SourcePhotoSettings } from '../../src/backends/backend.js';
import { assertNoUnhandledRejections, callAsync, describeError, type Observed, openRig, type Rig, settle, Tally } from './helpers.js';

/** A camera whose stills record the order they were shot in and the settings they used. */
function loggingPreset(log: SourcePhotoSettings[]): Preset {
  return definePreset({
    takePhoto: (settings) => {
      log.push(settings);
      return { kind: 'encoded', blob: new Blob([JSON.stringify({ shot: log.length - 1, ...settings })], { type: 'image/jpeg' }) };
    },
  });
}

async function shotOf(o: Observed<unknown>): Promise<{ shot: number; imageWidth: number }> {
  return JSON.parse(await (o.value as Blob).text()) as { shot: number; imageWidth: number };
}

describe('concurrent calls follow the documented policy', { timeout: 120_000 }, () => {
  it('takePhoto calls on several ImageCaptures over one source and its clones are shot one at a time, in call order', async () => {
    const log: SourcePhotoSettings[] = [];
    const r = await openRig({ preset: loggingPreset(log) });
    const captures = [r.capture, new ImageCapture(r.track), new ImageCapture(r.clone()), new ImageCapture(r.clone())];
    const widths = Array.from({ length: 24 }, (_, i) => 640 + 8 * i);
    const calls = widths.map((w, i) => callAsync(() => captures[i % captures.length]!.takePhoto({ imageWidth: w }), 'takePhoto'));
    await settle(r.clock, calls);
    const shots = await Promise.all(calls.map(shotOf));
    assert.deepEqual(shots.map((s) => s.shot), widths.map((_, i) => i), 'shot in call order');
    assert.deepEqual(shots.map((s) => s.imageWidth), widths, 'each shot used its own settings');
    assert.deepEqual(calls.map((o) => o.order), [...calls.map((o) => o.order)].sort((a, b) => a - b), 'settled in call order');
    assert.equal(log.length, widths.length);
    await r.close();
  });

  it('a second grabFrame on the same ImageCapture is rejected at once; ImageCaptures over clones each get the same frame', async () => {
    const r = await openRig();
    const first = callAsync(() => r.capture.grabFrame(), 'grabFrame');
    const extra = Array.from({ length: 5 }, () => callAsync(() => r.capture.grabFrame(), 'grabFrame'));
    await Promise.resolve();
    await Promise.resolve();
    assert.deepEqual(
      extra.map((o) => (o.state === 'rejected' ? describeError(o.reason) : o.state)),
      Array(5).fill('UnknownError'),
      'rejected before any frame time',
    );
    const others = [
      new ImageCapture(r.track),
      new ImageCapture(r.clone()),
      new ImageCapture(r.clone()),
    ].map((c) => callAsync(() => c.grabFrame(), 'grabFrame'));
    await settle(r.clock, [first, ...others]);
    const pixels = [first, ...others].map((o) => getImageBitmapPixels(o.value as ImageBitmap));
    for (const p of pixels.slice(1)) assert.deepEqual(p.data, pixels[0]!.data, 'the same frame for every waiting grab');
    for (const o of [first, ...others]) (o.value as ImageBitmap).close();
    const next = callAsync(() => r.capture.grabFrame(), 'grabFrame');
    await settle(r.clock, [next]);
    assert.equal(next.state, 'fulfilled', 'once the first grab settled, grabbing works again');
    (next.value as ImageBitmap).close();
    await r.close();
  });

  it('applyConstraints calls run one at a time in call order: the last successful one wins and failures change nothing', async () => {
    const r = await openRig();
    const args = [
      { brightness: 10 },
      { brightness: { exact: 1000 } },
      { zoom: 2, brightness: 20 },
      { focusDistance: { exact: -5 } },
      { brightness: 30, torch: true },
      { whiteBalanceMode: { exact: 'bogus' } },
    ];
    const calls = args.map((a) => callAsync(() => r.track.applyConstraints(a), 'applyConstraints'));
    await settle(r.clock, calls);
    assert.deepEqual(
      calls.map((o) => (o.state === 'fulfilled' ? 'ok' : describeError(o.reason))),
      ['ok', 'OverconstrainedError', 'ok', 'OverconstrainedError', 'ok', 'OverconstrainedError'],
    );
    assert.deepEqual(calls.map((o) => o.order), [...calls.map((o) => o.order)].sort((a, b) => a - b), 'settled in call order');
    assert.deepEqual(r.track.getConstraints(), { brightness: 30, torch: true });
    assert.equal(r.track.getSettings().brightness, 30);
    assert.equal(r.track.getSettings().torch, true);
    await r.close();
  });

  it('getPhotoCapabilities and getPhotoSettings run concurrently with a queued takePhoto and answer without waiting for it', async () => {
    const r = await openRig();
    const gate = r.source.control.gate('photoSettings:start');
    const photo = callAsync(() => r.capture.takePhoto(), 'takePhoto');
    await gate.reached; // the still is held inside the camera
    const reads = Array.from(
      { length: 10 },
      (_, i) => callAsync<unknown>(() => (i % 2 ? r.capture.getPhotoSettings() : r.capture.getPhotoCapabilities()), 'getPhoto*'),
    );
    await settle(r.clock, reads);
    assert.equal(photo.state, 'pending');
    gate.release();
    await settle(r.clock, [photo]);
    assert.equal(photo.state, 'fulfilled');
    await r.close();
  });
});

type Op =
  | { op: 'photo'; cap: number; width: number }
  | { op: 'grab'; cap: number }
  | { op: 'apply'; track: number; zoom: number }
  | { op: 'settings'; cap: number }
  | { op: 'stop'; track: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('photo' as const), cap: fc.nat(2), width: fc.constantFrom(320, 640, 800, 5000) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('grab' as const), cap: fc.nat(2) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('apply' as const), track: fc.nat(1), zoom: fc.constantFrom(1, 2.5, 9.9, 50) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('settings' as const), cap: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('stop' as const), track: fc.nat(1) }) },
);

/** Batches of calls made in one task each, with clock time passing between batches. */
const scenarioArb = fc.array(
  fc.record({ ops: fc.array(opArb, { minLength: 1, maxLength: 8 }), thenMs: fc.constantFrom(0, 10, 40, 2500) }),
  { minLength: 1, maxLength: 4 },
);

interface Result {
  outcomes: string[];
  order: number[];
}

/** Runs a scenario on a fresh camera: tracks [t0, clone of t0], captures [on t0, on t0, on the clone]. */
async function runScenario(batches: { ops: Op[]; thenMs: number }[]): Promise<Result> {
  const log: SourcePhotoSettings[] = [];
  const r: Rig = await openRig({ preset: loggingPreset(log) });
  const tracks = [r.track, r.clone()];
  const captures = [r.capture, new ImageCapture(r.track), new ImageCapture(tracks[1]!)];
  const calls: { op: Op; o: Observed<unknown> }[] = [];
  for (const batch of batches) {
    for (const op of batch.ops) {
      if (op.op === 'stop') {
        tracks[op.track]!.stop();
        continue;
      }
      const run = (): Promise<unknown> =>
        op.op === 'photo'
          ? captures[op.cap]!.takePhoto({ imageWidth: op.width })
          : op.op === 'grab'
            ? captures[op.cap]!.grabFrame()
            : op.op === 'apply'
              ? tracks[op.track]!.applyConstraints({ zoom: { exact: op.zoom } })
              : captures[op.cap]!.getPhotoSettings();
      calls.push({ op, o: callAsync(run, op.op) });
    }
    await r.clock.advance(batch.thenMs);
  }
  await settle(r.clock, calls.map((c) => c.o));
  const outcomes: string[] = [];
  for (const { op, o } of calls) {
    if (o.state === 'rejected') outcomes.push(`${op.op}:${describeError(o.reason)}`);
    else if (op.op === 'photo') outcomes.push(`photo:shot ${(await shotOf(o)).shot}`);
    else if (op.op === 'grab') {
      outcomes.push(`grab:${(o.value as ImageBitmap).width}x${(o.value as ImageBitmap).height}`);
      (o.value as ImageBitmap).close();
    } else outcomes.push(`${op.op}:ok`);
  }
  // Policy: fulfilled stills were shot, and settled, in call order (one FIFO queue per source).
  const photos = calls.filter((c) => c.op.op === 'photo' && c.o.state === 'fulfilled');
  const shots = await Promise.all(photos.map((c) => shotOf(c.o)));
  assert.deepEqual(shots.map((s) => s.shot), [...shots.map((s) => s.shot)].sort((a, b) => a - b), 'stills are shot in call order');
  assert.deepEqual(photos.map((c) => c.o.order), [...photos.map((c) => c.o.order)].sort((a, b) => a - b), 'stills settle in call order');
  // Policy: applyConstraints settles in call order per track.
  for (const t of [0, 1]) {
    const applies = calls.filter((c) => c.op.op === 'apply' && c.op.track === t);
    assert.deepEqual(applies.map((c) => c.o.order), [...applies.map((c) => c.o.order)].sort((a, b) => a - b));
  }
  // Every outcome is one the policy allows.
  const allowed = /^(photo:(shot \d+|NotSupportedError|InvalidStateError|UnknownError)|grab:(\d+x\d+|UnknownError|InvalidStateError)|apply:(ok|OverconstrainedError)|settings:(ok|InvalidStateError|OperationError))$/;
  for (const o of outcomes) assert.match(o, allowed);
  await r.close();
  return { outcomes, order: calls.map((c) => c.o.order - Math.min(...calls.map((x) => x.o.order))) };
}

describe('mixed concurrent scenarios', { timeout: 120_000 }, () => {
  it('give the same outcomes, in the same order, on every run', async (t) => {
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (batches) => {
        const first = await runScenario(batches);
        for (let run = 0; run < 2; run++) assert.deepEqual(await runScenario(batches), first, 'a repeated run differs');
        for (const o of first.outcomes) tally.add(o.replace(/shot \d+/, 'shot').replace(/\d+x\d+/, 'frame'));
      }),
      { numRuns: 40 },
    );
    t.diagnostic(tally.line('mixed scenarios (40 scenarios × 3 runs, calls)'));
    await assertNoUnhandledRejections();
  });
});
