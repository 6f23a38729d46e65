/**
 * The CLI with an ONVIF camera (the simulator on 127.0.0.1): `devices --discover` with the probe
 * sent unicast to the simulator, `photo --device onvif://user:password@…` taking the camera's own
 * snapshot after moving the head, and a wrong password failing without showing it.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { jpegSize } from '../../src/encode/jpeg-size.js';
import { needsFfmpeg } from '../backends/ffmpeg/helpers.js';
import { OnvifSimulator } from '../backends/onvif/simulator.js';
import { assertBuilt, runBin, tempDir } from './helpers.js';

describe('imagecapture with an ONVIF camera', needsFfmpeg, () => {
  let sim: OnvifSimulator;
  before(async () => {
    assertBuilt();
    sim = await OnvifSimulator.start();
  });
  after(async () => {
    await sim.close();
  });

  it('devices --discover lists the camera answering the probe, under its name', async () => {
    const r = await runBin(['devices', '--json', '--discover-target', sim.discoveryTarget, '--discover-time', '3s']);
    assert.equal(r.code, 0, r.stderr);
    const list = JSON.parse(r.stdout.toString()) as { deviceId: string; label: string; backend: string }[];
    const camera = list.find((d) => d.backend === 'onvif');
    assert.deepEqual(
      camera && { deviceId: camera.deviceId, label: camera.label },
      { deviceId: sim.id, label: 'HIKVISION DS-2DE2A404IW-DE3' },
    );
  });

  it("photo --device onvif://user:password@host moves the head and writes the camera's full-size snapshot", async (t) => {
    const dir = await tempDir(t);
    const out = join(dir, 'shot.jpg');
    const r = await runBin(['photo', '--device', sim.address, '--pan', '36000', '--zoom', '0.5', '-o', out, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(jpegSize(new Uint8Array(await readFile(out))), { width: 1280, height: 720 });
    assert.deepEqual([sim.moves.at(-1)?.pan, sim.moves.at(-1)?.zoom], [10, 0.5]);
    const text = r.stdout.toString() + r.stderr;
    assert.ok(!text.includes(sim.password) && !text.includes(encodeURIComponent(sim.password)), text);
  });

  it('a wrong password fails with NotAllowedError and exit code 1, the password not shown', async (t) => {
    const dir = await tempDir(t);
    const wrong = sim.address.replace(encodeURIComponent(sim.password), 'Wr0ngPass');
    const r = await runBin(['photo', '--device', wrong, '-o', join(dir, 'x.jpg')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /NotAllowedError/);
    assert.ok(!r.stderr.includes('Wr0ngPass'), r.stderr);
  });
});
