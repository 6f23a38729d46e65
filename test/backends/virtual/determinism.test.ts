import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { grab, openCamera, photo, type Camera } from './helpers.js';

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** The same sequence of operations on a fresh camera: two frames, a change, a frame, a still. */
async function session(cam: Camera): Promise<string[]> {
  const hashes = [sha256((await grab(cam)).data), sha256((await grab(cam)).data)];
  await cam.source.configure({ zoom: 1.5, exposureCompensation: 1, torch: true });
  await cam.clock.advance(137);
  hashes.push(sha256((await grab(cam)).data));
  hashes.push(sha256((await photo(cam, { imageWidth: 800, imageHeight: 600, fillLightMode: 'flash' })).frame.data));
  cam.source.close();
  return hashes;
}

describe('virtual camera determinism', () => {
  it('the same settings at the same clock times give identical pixels', async () => {
    const a = await session(await openCamera({ seed: 7 }));
    const b = await session(await openCamera({ seed: 7 }));
    assert.deepEqual(a, b);
    assert.equal(new Set(a).size, a.length, 'every frame of a session differs');
  });

  it('another seed gives another texture and noise', async () => {
    const a = await grab(await openCamera({ seed: 1 }));
    const b = await grab(await openCamera({ seed: 2 }));
    assert.notEqual(sha256(a.data), sha256(b.data));
  });

  it('how often settings are read does not change what the camera does', async () => {
    const quiet = await openCamera();
    const busy = await openCamera();
    for (const cam of [quiet, busy]) await cam.source.configure({ exposureCompensation: -1.5, zoom: 3 });
    for (let i = 0; i < 20; i++) {
      busy.source.settings();
      await busy.clock.advance(13);
    }
    await quiet.clock.advance(260);
    assert.deepEqual(busy.source.settings(), quiet.source.settings());
    assert.equal(sha256((await grab(busy)).data), sha256((await grab(quiet)).data));
  });
});
