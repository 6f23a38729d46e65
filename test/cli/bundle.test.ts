/**
 * The command line as built (scripts/build-cli.mjs): three files in dist/cli/ that find
 * the package and the render thread from where the bundle sits, not from where the sources were.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { CameraModel } from '../../src/backends/virtual/model.js';
import { videoParams } from '../../src/backends/virtual/frames.js';
import { PHONE_BACK } from '../../src/backends/virtual/presets.js';
import { SceneRenderer } from '../../src/backends/virtual/render.js';
import type { BandDone, BandJob } from '../../src/backends/virtual/render-worker.js';
import { SCENE } from '../../src/backends/virtual/scene.js';
import { packageRoot, packageVersion } from '../../src/cli/package-root.js';
import { assertBuilt, BIN, ROOT } from './helpers.js';

const sha256 = (data: Uint32Array): string => createHash('sha256').update(data).digest('hex');

test('the package root is found from the sources as from the build', () => {
  assert.equal(join(packageRoot(), 'package.json'), join(ROOT, 'package.json'));
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  assert.equal(packageVersion(), version);
});

test('the built render thread sits next to the bin and paints the rows it is given as the renderer does', async () => {
  assertBuilt();
  const file = join(BIN, '..', 'render-worker.js');
  assert.ok(existsSync(file), `${file} is missing`);
  const model = new CameraModel(PHONE_BACK, { width: 320, height: 240, frameRate: 30 }, 0, () => ({ ev100: 7, kelvin: 5000 }), SCENE);
  const params = videoParams(model, 500, 15, '#000015 00:00:00.500');
  const pixels = new Uint32Array(new SharedArrayBuffer(320 * 240 * 4));
  const worker = new Worker(file);
  try {
    const done = new Promise<void>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('message', (m: BandDone) => {
        if (m.id === 0) {
          const buffer = pixels.buffer as SharedArrayBuffer;
          const job: BandJob = { id: 1, seed: 4, params, buffer, byteOffset: 0, rowFrom: 0, rowTo: 240 };
          worker.postMessage(job);
        } else if (m.error !== undefined) reject(new Error(m.error));
        else resolve();
      });
    });
    await done;
  } finally {
    await worker.terminate();
  }
  const whole = new Uint32Array(320 * 240);
  new SceneRenderer(4).render(params, whole);
  assert.equal(sha256(pixels), sha256(whole));
});
