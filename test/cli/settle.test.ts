import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitUntilSettled } from '../../src/cli/camera.js';

const caps = { zoom: { min: 1, max: 10, step: 0.1 }, pan: { min: -36000, max: 36000, step: 360 } };

/** A camera whose readings follow `sequence` (then stay on its last entry); counts the reads. */
function camera(sequence: Record<string, unknown>[]) {
  let reads = 0;
  return {
    read: () => sequence[Math.min(reads++, sequence.length - 1)]!,
    reads: () => reads,
  };
}

test('values already reached need a single look and no waiting', async () => {
  const cam = camera([{ zoom: 2, pan: 0 }]);
  assert.equal(await waitUntilSettled(cam.read, { zoom: 2 }, caps), 0);
  assert.equal(cam.reads(), 1);
});

test('a value within half a step of the request counts as reached', async () => {
  const cam = camera([{ zoom: 2.04 }]);
  assert.equal(await waitUntilSettled(cam.read, { zoom: 2 }, caps), 0);
});

test('it keeps looking while a motor travels and stops once the target is reached', async () => {
  const cam = camera([{ zoom: 1 }, { zoom: 3 }, { zoom: 6 }, { zoom: 9 }, { zoom: 10 }, { zoom: 10 }]);
  await waitUntilSettled(cam.read, { zoom: 10 }, caps);
  assert.equal(cam.reads(), 5, 'the fifth reading is the first at the target');
});

test('a value that stops short of the request ends the wait once it stops changing', async () => {
  const cam = camera([{ pan: 0 }, { pan: -1800 }, { pan: -2880 }, { pan: -2880 }]);
  await waitUntilSettled(cam.read, { pan: -3600 }, caps);
  assert.equal(cam.reads(), 4);
});

test('modes and other non-numeric values are not waited for', async () => {
  const cam = camera([{ focusMode: 'continuous' }]);
  assert.equal(await waitUntilSettled(cam.read, { focusMode: 'manual', torch: true }, caps), 0);
  assert.equal(cam.reads(), 0);
});

test('the wait is bounded even when the reading never settles', async () => {
  let n = 0;
  const waited = await waitUntilSettled(() => ({ zoom: 1 + (n++ % 2) * 0.5 }), { zoom: 10 }, caps, 60);
  assert.ok(n <= 5, `at most limit/poll + 1 reads, got ${n}`);
  assert.ok(waited > 0);
});
