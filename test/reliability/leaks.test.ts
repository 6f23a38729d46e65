/**
 * Objects script has dropped are garbage: stopped tracks and their ImageCaptures, and
 * PermissionStatus objects from permissions.query() — unless a status still has a 'change'
 * listener, which keeps it alive (Permissions: a status with change listeners must not be
 * collected). Checked with a FinalizationRegistry after full collections.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ImageCapture } from '../../src/image-capture/image-capture.js';
import { openRig, settle, callAsync } from './helpers.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Collects until `done()` or 20 rounds; finalization callbacks run in later tasks. */
async function collectUntil(done: () => boolean): Promise<void> {
  for (let i = 0; i < 20 && !done(); i++) {
    gc();
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

describe('dropped objects are collected', { timeout: 120_000 }, () => {
  it('PermissionStatus objects from permissions.query() that script dropped are collected', async () => {
    const r = await openRig();
    let finalized = 0;
    const registry = new FinalizationRegistry<number>(() => finalized++);
    const COUNT = 100;
    await (async () => {
      for (let i = 0; i < COUNT; i++) {
        registry.register(await r.runtime.permissions.query({ name: i % 2 ? 'camera' : 'microphone' }), i);
      }
    })();
    await collectUntil(() => finalized === COUNT);
    assert.equal(finalized, COUNT, 'the permission store must not keep every status ever returned');
    await r.close();
  });

  it('a dropped PermissionStatus with a change listener stays alive and still hears changes', async () => {
    const r = await openRig();
    let heard = 0;
    await (async () => {
      const status = await r.runtime.permissions.query({ name: 'camera' });
      (status as unknown as { onchange: () => void }).onchange = () => heard++;
      const other = await r.runtime.permissions.query({ name: 'microphone' });
      other.addEventListener('change', () => heard++);
    })();
    await collectUntil(() => false);
    r.runtime.permissions.set({ name: 'camera' }, 'denied');
    r.runtime.permissions.set({ name: 'microphone' }, 'prompt');
    assert.equal(heard, 2);
    await r.close();
  });

  it('stopped tracks and their ImageCaptures are collected after calls on them settled', async () => {
    const r = await openRig();
    let finalized = 0;
    const registry = new FinalizationRegistry<string>(() => finalized++);
    const COUNT = 30;
    await (async () => {
      for (let i = 0; i < COUNT; i++) {
        const track = r.track.clone();
        const capture = new ImageCapture(track);
        const calls = [callAsync(() => capture.grabFrame(), 'grabFrame'), callAsync(() => capture.getPhotoSettings(), 'getPhotoSettings')];
        if (i % 2) track.stop();
        await settle(r.clock, calls);
        if (calls[0]!.state === 'fulfilled') (calls[0]!.value as { close(): void }).close();
        track.stop();
        registry.register(track, 'track');
        registry.register(capture, 'capture');
      }
    })();
    await collectUntil(() => finalized === 2 * COUNT);
    assert.equal(finalized, 2 * COUNT, 'nothing holds on to a stopped track or its ImageCapture');
    await r.close();
  });
});
