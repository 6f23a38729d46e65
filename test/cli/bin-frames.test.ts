/**
 * `imagecapture frames` end to end: N files on a schedule, --photo, --json, and Ctrl-C.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { join } from 'node:path';
import sharp from 'sharp';
import { assertBuilt, assertFailure, listDir, parseJson, runBin, startBin, tempDir } from './helpers.js';
import { makeTestVideo, needsFfmpeg } from '../backends/ffmpeg/helpers.js';

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

  test('a video file that ends stops the series: it says how many frames were written and exits 0', needsFfmpeg, async (t) => {
    const dir = await tempDir(t);
    // One second at 10 fps: at most 10 frames can come from it, far fewer than asked for.
    await makeTestVideo(join(dir, 'clip.mp4'), 320, 240, 10, 1);
    const plain = await runBin(['frames', '--device', './clip.mp4', '--count', '100', '-o', 'f-%03d.jpg'], { cwd: dir });
    assert.equal(plain.code, 0, plain.stderr);
    const written = plain.stdout.toString().split('\n').filter((l) => l !== '');
    assert.ok(written.length >= 1 && written.length <= 10, `${written.length} frames`);
    assert.equal(
      plain.stderr,
      `imagecapture: clip.mp4 ended; wrote ${written.length} of 100 frames (f-001.jpg${written.length > 1
        ? ` … f-${String(written.length).padStart(3, '0')}.jpg`
        : ''})\n`,
    );
    assert.deepEqual((await listDir(dir)).filter((n) => n.startsWith('f-')), written);

    const json = await runBin(['frames', '--device', './clip.mp4', '--count', '100', '-o', 'p-%03d.png', '--json'], { cwd: dir });
    assert.equal(json.code, 0, json.stderr);
    const summary = parseJson<{
      count: number;
      requested: number;
      interrupted: boolean;
      sourceEnded: boolean;
      files: unknown[];
    }>(json.stdout);
    assert.equal(summary.sourceEnded, true);
    assert.equal(summary.interrupted, false);
    assert.equal(summary.requested, 100);
    assert.ok(summary.count >= 1 && summary.count <= 10);
    assert.equal(summary.files.length, summary.count);
    assert.match(json.stderr, new RegExp(`^imagecapture: clip\\.mp4 ended; wrote ${summary.count} of 100 frames`));
  });

  test('a stream URL with credentials: the password appears nowhere in what is printed', needsFfmpeg, async (t) => {
    const dir = await tempDir(t);
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    for (const url of [`http://admin:pa55word-x@127.0.0.1:${port}/cam.mjpg`, `rtsp://127.0.0.1:${port}/live?token=pa55word-x`]) {
      const r = await runBin(['frames', '--device', url, '--count', '2', '-o', 'f-%d.jpg'], { cwd: dir });
      assertFailure(r, 1, /cannot open /);
      assert.doesNotMatch(r.stderr, /pa55word/);
    }
  });
});
