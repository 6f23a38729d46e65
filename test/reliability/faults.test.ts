/**
 * Faults at every step (docs/behaviour.md): the track is stopped — or its camera unplugged — before,
 * during and after each asynchronous step of each method, placed with the virtual camera's step
 * gates on a ManualClock. Every pending promise settles with the documented exception, 'ended'
 * fires once and only when the source went away, and nothing is left behind: no clock sleeper,
 * no listener on the track's ended signal or on the source, no process handle.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RawFrame, SourcePhotoSettings, Still } from '../../src/backends/backend.js';
import { flushMicrotasks } from '../../src/backends/clock.js';
import type { StepName } from '../../src/backends/virtual/index.js';
import {
  assertNoNewResources,
  assertNoUnhandledRejections,
  callAsync,
  describeError,
  endedListeners,
  type Observed,
  openRig,
  PHONE_BACK,
  resourceCounts,
  type Rig,
  settle,
  snapshot,
} from './helpers.js';

type Method = 'takePhoto' | 'grabFrame' | 'getPhotoCapabilities' | 'getPhotoSettings' | 'applyConstraints';
type End = 'stop' | 'unplug';

/** Where the track ends relative to the call. */
type Placement =
  | { at: 'before' }
  | { at: 'same task' }
  | { at: 'gate'; step: StepName }
  | { at: 'waiting for the frame' }
  | { at: 'after the backend answered' }
  | { at: 'during encoding' }
  | { at: 'after settling' };

const PHOTO = { imageWidth: 800 }; // differs from the 640x480 video: the sensor is reconfigured (mute/unmute)

function call(r: Rig, method: Method): Observed<unknown> {
  switch (method) {
    case 'takePhoto':
      return callAsync(() => r.capture.takePhoto(PHOTO), method);
    case 'grabFrame':
      return callAsync(() => r.capture.grabFrame(), method);
    case 'getPhotoCapabilities':
      return callAsync(() => r.capture.getPhotoCapabilities(), method);
    case 'getPhotoSettings':
      return callAsync(() => r.capture.getPhotoSettings(), method);
    case 'applyConstraints':
      return callAsync(() => r.track.applyConstraints({ brightness: 80, width: 320 }), method);
  }
}

/** What a call gives when the track ends at `placement` (spec mode unless `compat`). */
function expected(method: Method, placement: Placement, compat: boolean): string {
  if (placement.at === 'before') return method === 'applyConstraints' ? 'ok' : 'InvalidStateError';
  if (placement.at === 'after settling') return 'ok';
  switch (method) {
    case 'takePhoto':
      return compat ? 'OperationError' : 'UnknownError';
    case 'grabFrame':
      return 'UnknownError';
    case 'getPhotoCapabilities':
    case 'getPhotoSettings':
      return 'OperationError';
    case 'applyConstraints':
      return 'ok'; // an ended track has no source to constrain: it resolves and changes nothing
  }
}

const PLACEMENTS: Record<Method, Placement[]> = {
  takePhoto: [
    { at: 'before' },
    { at: 'same task' },
    { at: 'gate', step: 'photoSettings:start' },
    { at: 'gate', step: 'takePhoto:start' },
    { at: 'gate', step: 'takePhoto:render' },
    { at: 'gate', step: 'takePhoto:return' },
    { at: 'after the backend answered' },
    { at: 'during encoding' },
    { at: 'after settling' },
  ],
  grabFrame: [
    { at: 'before' },
    { at: 'same task' },
    { at: 'gate', step: 'nextFrame:start' },
    { at: 'waiting for the frame' },
    { at: 'gate', step: 'nextFrame:render' },
    { at: 'after the backend answered' },
    { at: 'after settling' },
  ],
  getPhotoCapabilities: [{ at: 'before' }, { at: 'same task' }, { at: 'after settling' }],
  getPhotoSettings: [
    { at: 'before' },
    { at: 'same task' },
    { at: 'gate', step: 'photoSettings:start' },
    { at: 'after the backend answered' },
    { at: 'after settling' },
  ],
  applyConstraints: [
    { at: 'before' },
    { at: 'same task' },
    { at: 'gate', step: 'configure:start' },
    { at: 'gate', step: 'configure:apply' },
    { at: 'after the backend answered' },
    { at: 'after settling' },
  ],
};

const BACKEND_OP: Partial<Record<Method, 'takePhoto' | 'nextFrame' | 'photoSettings' | 'configure'>> = {
  takePhoto: 'takePhoto',
  grabFrame: 'nextFrame',
  getPhotoSettings: 'photoSettings',
  applyConstraints: 'configure',
};

/** Wraps one source operation so that `then` runs right after the backend answered. */
function afterBackend(r: Rig, op: 'takePhoto' | 'nextFrame' | 'photoSettings' | 'configure', then: () => void): void {
  const source = r.source as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  const original = source[op]!.bind(r.source);
  source[op] = async (...args: unknown[]) => {
    const result = await original(...args);
    then();
    return result;
  };
}

/** Ends the track when the encoder first reads the still's pixels. */
function duringEncoding(r: Rig, then: () => void): void {
  const original = r.source.takePhoto.bind(r.source);
  r.source.takePhoto = async (settings: SourcePhotoSettings, signal: AbortSignal): Promise<Still> => {
    const still = await original(settings, signal);
    if (still.kind !== 'raw') return still;
    let fired = false;
    const frame = still.frame;
    const watched: RawFrame = {
      get data() {
        if (!fired) (fired = true), then();
        return frame.data;
      },
      width: frame.width,
      height: frame.height,
      timestamp: frame.timestamp,
      index: frame.index,
    };
    return { kind: 'raw', frame: watched, metadata: still.metadata };
  };
}

async function runScenario(method: Method, placement: Placement, end: End, compat: boolean): Promise<string> {
  const baseline = resourceCounts();
  const r = await openRig({ preset: PHONE_BACK, behavior: compat ? 'chromium' : 'spec' });
  let endedEvents = 0;
  r.track.addEventListener('ended', () => endedEvents++);
  const endIt = (): void => (end === 'stop' ? r.track.stop() : r.source.control.unplug(new Error('cable pulled')));
  const before = await snapshot(r.track, r.capture);

  if (placement.at === 'before') endIt();
  if (placement.at === 'after the backend answered') afterBackend(r, BACKEND_OP[method]!, endIt);
  if (placement.at === 'during encoding') duringEncoding(r, endIt);
  const gate = placement.at === 'gate' ? r.source.control.gate(placement.step) : undefined;

  const o = call(r, method);
  if (placement.at === 'same task') endIt();
  if (gate) {
    // Steps after the frame time are reached only when the clock moves.
    for (let i = 0; i < 100 && !gate.isReached; i++) await r.clock.advance(5);
    await gate.reached;
    endIt();
    gate.release();
  }
  if (placement.at === 'waiting for the frame') {
    await flushMicrotasks();
    assert.equal(o.state, 'pending', 'the grab waits for the frame time');
    endIt();
  }
  await settle(r.clock, [o]);
  if (placement.at === 'after settling') endIt();

  const got = o.state === 'fulfilled' ? 'ok' : describeError(o.reason);
  if (o.state === 'fulfilled' && method === 'grabFrame') (o.value as { close(): void }).close();
  assert.equal(endedListeners(r.capture), 0, 'the settled call left no listener on the ended signal');
  if (method === 'applyConstraints' && placement.at !== 'after settling') {
    assert.deepEqual(r.track.getConstraints(), before.constraints, 'the constraints of an ended track do not change');
  }
  // 'ended' fires once, only when the source went away; stop() afterwards fires nothing.
  await flushMicrotasks(2);
  r.track.stop();
  r.source.control.unplug();
  await flushMicrotasks(2);
  assert.equal(endedEvents, end === 'unplug' ? 1 : 0, `'ended' events after ${end}`);
  await r.close();
  await assertNoNewResources(baseline, `${method} with ${end} ${placement.at}`);
  return got;
}

describe('the track ends at every step of every method', { timeout: 120_000 }, () => {
  for (const method of Object.keys(PLACEMENTS) as Method[]) {
    for (const placement of PLACEMENTS[method]) {
      for (const end of ['stop', 'unplug'] as const) {
        const where = placement.at === 'gate' ? `at ${placement.step}` : placement.at;
        for (const compat of method === 'takePhoto' ? [false, true] : [false]) {
          const want = expected(method, placement, compat);
          const mode = compat ? ' (Chromium mode)' : '';
          it(`${method}: ${end} ${where} → ${want === 'ok' ? 'settles normally' : want}${mode}`, async () => {
            assert.equal(await runScenario(method, placement, end, compat), want);
            await assertNoUnhandledRejections();
          });
        }
      }
    }
  }
});
