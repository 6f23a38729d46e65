/**
 * `imagecapture frames` end to end: N files on a schedule, --photo, --json, and Ctrl-C.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import sharp from 'sharp';
import { assertBuilt, assertFailure, listDir, parseJson, runBin, startBin, tempDir } from './helpers.js';

before(assertBuilt);

describe('frames', { concurrency: 3 }, () => {
  test('writes --count numbered files from grabFrame and prints each name', async (t) => {
    const dir = await tempDir(t);
    const r = await runBin(
      ['frames', '--count', '3', '--interval', '10ms', '--video-width', '320', '--video-height', '240', '-o', 'shot-%02d.jpg'],
      { cwd: dir },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '', 'no progress bar when stderr is not a terminal');
    assert.equal(r.stdout.toString(), 'shot-01.jpg\nshot-02.jpg\nshot-03.jpg\n');
    assert.deepEqual(await listDir(dir), ['shot-01.jpg', 'shot-02.jpg', 'shot-03.jpg']);
    for (const name of await listDir(dir)) {
      const meta = await sharp(join(dir, name)).metadata();
      assert.equal(meta.format, 'jpeg');
      assert.deepEqual([meta.width, meta.height], [320, 240]);
    }
  });

  test('--photo uses takePhoto with the photo size, and --json summarises the files', async (t) => {
    const dir = await tempDir(t);
    const r = await runBin(
      ['frames', '--photo', '--count', '2', '--width', '640', '--height', '480', '-o', join(dir, 'p-%d.png'), '--json'],
    );
    assert.equal(r.code, 0, r.stderr);
    const summary = parseJson<{
      count: number;
      requested: number;
      interrupted: boolean;
      method: string;
      mimeType: string;
      files: { path: string; bytes: number; width: number; height: number }[];
    }>(r.stdout);
    assert.equal(summary.count, 2);
    assert.equal(summary.requested, 2);
    assert.equal(summary.interrupted, false);
    assert.equal(summary.method, 'takePhoto');
    assert.equal(summary.mimeType, 'image/png');
    assert.deepEqual(summary.files.map((f) => f.path), [join(dir, 'p-1.png'), join(dir, 'p-2.png')]);
    for (const f of summary.files) {
      const meta = await sharp(f.path).metadata();
      assert.equal(meta.format, 'png');
      assert.deepEqual([meta.width, meta.height, f.width, f.height], [640, 480, 640, 480]);
    }
    assert.deepEqual(await listDir(dir), ['p-1.png', 'p-2.png']);
  });

  test('a single frame may be written without a number in its name', async (t) => {
    const dir = await tempDir(t);
    const r = await runBin(['frames', '--count', '1', '--format', 'webp', '-o', 'still'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await sharp(join(dir, 'still')).metadata()).format, 'webp');
  });

  test('usage errors are exit 2 and write nothing', async (t) => {
    const dir = await tempDir(t);
    const results = await Promise.all([
      runBin(['frames', '--count', '3', '-o', 'same.jpg'], { cwd: dir }),
      runBin(['frames', '--count', '2', '--width', '640', '-o', 'f-%d.jpg'], { cwd: dir }),
      runBin(['frames', '--interval', 'often', '-o', 'f-%d.jpg'], { cwd: dir }),
    ]);
    assertFailure(results[0]!, 2, /has no frame number/);
    assertFailure(results[1]!, 2, /--width applies to photos/);
    assertFailure(results[2]!, 2, /--interval often is not a duration/);
    assert.deepEqual(await listDir(dir), []);
  });

  test('Ctrl-C stops after the current frame, reports what was written and exits 130', async (t) => {
    const dir = await tempDir(t);
    const { child, done } = startBin(
      ['frames', '--count', '1000', '--interval', '100ms', '--video-width', '320', '-o', 'tl-%04d.jpg'],
      { cwd: dir },
    );
    // Interrupt once the first file has been reported (its name is printed after it is in place).
    await new Promise<void>((resolve, reject) => {
      let seen = '';
      child.stdout!.on('data', (b: Buffer) => {
        seen += b.toString();
        if (seen.includes('\n')) resolve();
      });
      child.on('exit', () => reject(new Error('the bin exited before writing a frame')));
    });
    child.kill('SIGINT');
    const r = await done;
    assert.equal(r.code, 130, r.stderr);
    const written = r.stdout.toString().split('\n').filter((l) => l !== '');
    assert.ok(written.length >= 1 && written.length < 1000);
    assert.match(r.stderr, new RegExp(`^imagecapture: interrupted; wrote ${written.length} of 1000 frames \\(tl-0001\\.jpg`));
    assert.deepEqual(await listDir(dir), written, 'exactly the reported files, no temporary ones');
    for (const name of written) assert.equal((await sharp(join(dir, name)).metadata()).format, 'jpeg');
  });
});
