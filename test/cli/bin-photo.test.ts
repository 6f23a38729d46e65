/**
 * `imagecapture photo` end to end: the built bin against the default runtime's virtual camera.
 * Values are taken from the camera's own capabilities so the cases hold for any preset.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { assertBuilt, assertFailure, listDir, parseJson, runBin, tempDir } from './helpers.js';

interface Range {
  min: number;
  max: number;
  step?: number;
}
interface CapabilitiesJson {
  deviceId: string;
  label: string;
  capabilities: Record<string, unknown> & { zoom?: Range };
  settings: Record<string, unknown>;
  photoCapabilities: { imageWidth?: Range; imageHeight?: Range; fillLightMode?: string[]; redEyeReduction?: string };
  photoSettings: { imageWidth: number; imageHeight: number };
}

let caps: CapabilitiesJson;

before(async () => {
  assertBuilt();
  const r = await runBin(['capabilities', '--json']);
  assert.equal(r.code, 0, r.stderr);
  caps = parseJson<CapabilitiesJson>(r.stdout);
});

describe('photo', { concurrency: 4 }, () => {
  test('writes a JPEG at the camera\'s photo size and prints one summary line', async (t) => {
    const dir = await tempDir(t);
    const r = await runBin(['photo', '-o', 'photo.jpg'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const meta = await sharp(join(dir, 'photo.jpg')).metadata();
    assert.equal(meta.format, 'jpeg');
    assert.equal(meta.width, caps.photoSettings.imageWidth);
    assert.equal(meta.height, caps.photoSettings.imageHeight);
    assert.match(
      r.stdout.toString(),
      new RegExp(`^photo\\.jpg  ${meta.width}x${meta.height}  image/jpeg  .+  Virtual .+  \\d+ ms\\n$`),
      'the summary names the camera',
    );
    assert.deepEqual(await listDir(dir), ['photo.jpg'], 'no temporary file is left');
  });

  test('--width/--height choose the photo size and --json describes what was written', async (t) => {
    const dir = await tempDir(t);
    const r = await runBin(['photo', '--width', '640', '--height', '480', '-o', join(dir, 'small.png'), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const summary = parseJson<{
      path: string;
      bytes: number;
      mimeType: string;
      width: number;
      height: number;
      settings: Record<string, unknown>;
      milliseconds: number;
    }>(r.stdout);
    const meta = await sharp(join(dir, 'small.png')).metadata();
    assert.equal(meta.format, 'png');
    assert.deepEqual([meta.width, meta.height], [640, 480]);
    assert.equal(summary.path, join(dir, 'small.png'));
    assert.equal(summary.bytes, (await stat(summary.path)).size);
    assert.equal(summary.mimeType, 'image/png');
    assert.deepEqual([summary.width, summary.height], [640, 480]);
    assert.equal(summary.settings.imageWidth, 640);
    assert.equal(summary.settings.imageHeight, 480);
    assert.equal(typeof summary.settings.deviceId, 'string');
    const device = (summary as unknown as { device: { deviceId: string; label: string } }).device;
    assert.equal(device.deviceId, summary.settings.deviceId, 'the summary says which camera took it');
    assert.match(device.label, /Virtual/);
    assert.ok(summary.milliseconds > 0);
  });

  test('--format overrides the extension, and a .webp name gives WebP', async (t) => {
    const dir = await tempDir(t);
    const [a, b] = await Promise.all([
      runBin(['photo', '--width', '640', '-o', 'a.webp'], { cwd: dir }),
      runBin(['photo', '--width', '640', '--format', 'png', '-o', 'b.img'], { cwd: dir }),
    ]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    assert.equal((await sharp(join(dir, 'a.webp')).metadata()).format, 'webp');
    assert.equal((await sharp(join(dir, 'b.img')).metadata()).format, 'png');
  });

  test('-o - writes only the image to stdout; --json then goes to stderr', async () => {
    const plain = await runBin(['photo', '--width', '640', '-o', '-']);
    assert.equal(plain.code, 0, plain.stderr);
    assert.equal(plain.stderr, '');
    assert.deepEqual([...plain.stdout.subarray(0, 3)], [0xff, 0xd8, 0xff], 'a JPEG starts at the first byte');
    const meta = await sharp(plain.stdout).metadata();
    assert.equal(meta.format, 'jpeg');
    assert.equal(meta.width, 640);

    const json = await runBin(['photo', '--width', '640', '--format', 'png', '-o', '-', '--json']);
    assert.equal(json.code, 0, json.stderr);
    assert.equal((await sharp(json.stdout).metadata()).format, 'png');
    const summary = parseJson<{ path: string; bytes: number; mimeType: string }>(json.stderr);
    assert.equal(summary.path, '-');
    assert.equal(summary.bytes, json.stdout.length);
    assert.equal(summary.mimeType, 'image/png');
  });

  test('camera-property flags are applied before the photo and reported in --json', async (t) => {
    const zoom = caps.capabilities.zoom;
    if (!zoom) return t.skip('the default camera has no zoom');
    const wanted = Math.min(zoom.max, zoom.min + 1);
    const dir = await tempDir(t);
    const r = await runBin(['photo', '--zoom', String(wanted), '--width', '640', '-o', join(dir, 'z.jpg'), '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(parseJson<{ settings: { zoom: number } }>(r.stdout).settings.zoom, wanted);
  });

  test('a value outside the capability range is exit 2 naming the range, and writes nothing', async (t) => {
    const zoom = caps.capabilities.zoom;
    if (!zoom) return t.skip('the default camera has no zoom');
    const dir = await tempDir(t);
    const r = await runBin(['photo', '--zoom', String(zoom.max + 1), '-o', 'x.jpg'], { cwd: dir });
    assertFailure(r, 2, new RegExp(`--zoom ${zoom.max + 1} is outside the supported range ${zoom.min}–${zoom.max} ×$`));
    assert.deepEqual(await listDir(dir), []);
  });

  test('a photo size outside the photo capabilities is exit 2 and writes nothing', async (t) => {
    const range = caps.photoCapabilities.imageWidth;
    if (!range) return t.skip('the default camera has no imageWidth range');
    const dir = await tempDir(t);
    const r = await runBin(['photo', '--width', String(range.max + 1), '-o', 'x.jpg'], { cwd: dir });
    assertFailure(r, 2, new RegExp(`--width ${range.max + 1} is outside the supported range ${range.min}–${range.max} px$`));
    assert.deepEqual(await listDir(dir), []);
  });

  test('an unknown device is exit 2 and lists the known cameras', async (t) => {
    const dir = await tempDir(t);
    const r = await runBin(['photo', '--device', 'no-such-camera', '-o', 'x.jpg'], { cwd: dir });
    assertFailure(
      r,
      2,
      new RegExp(`unknown device "no-such-camera"; known cameras: .*${caps.deviceId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
    assert.deepEqual(await listDir(dir), []);
  });

  test('an unwritable output path is exit 1 with one line', async (t) => {
    const dir = await tempDir(t);
    await writeFile(join(dir, 'file'), '');
    const missing = await runBin(['photo', '-o', join(dir, 'missing', 'x.jpg')]);
    assertFailure(missing, 1, /cannot write .*missing\/x\.jpg: the directory does not exist$/);
    const underFile = await runBin(['photo', '-o', join(dir, 'file', 'x.jpg')]);
    assertFailure(underFile, 1, /a parent of it is not a directory$/);
    await mkdir(join(dir, 'dir.jpg'));
    const ontoDir = await runBin(['photo', '-o', join(dir, 'dir.jpg')]);
    assertFailure(ontoDir, 1, /it is a directory$/);
    assert.deepEqual(await listDir(dir), ['dir.jpg', 'file']);
  });

  test('an unsupported format and an unknown flag are exit 2 with one line', async (t) => {
    const dir = await tempDir(t);
    const [format, flag] = await Promise.all([
      runBin(['photo', '-o', 'x.gif'], { cwd: dir }),
      runBin(['photo', '-o', 'x.jpg', '--zom', '2'], { cwd: dir }),
    ]);
    assertFailure(format, 2, /cannot tell the image format from the extension "\.gif"/);
    assertFailure(flag, 2, /unknown option '--zom' \(Did you mean --zoom\?\)/);
    assert.deepEqual(await listDir(dir), []);
  });

  test('--quality trades size for fidelity', async (t) => {
    const dir = await tempDir(t);
    const [low, high] = await Promise.all([
      runBin(['photo', '--width', '640', '--quality', '0.2', '-o', 'low.jpg', '--json'], { cwd: dir }),
      runBin(['photo', '--width', '640', '--quality', '0.95', '-o', 'high.jpg', '--json'], { cwd: dir }),
    ]);
    assert.equal(low.code, 0, low.stderr);
    assert.equal(high.code, 0, high.stderr);
    assert.ok(parseJson<{ bytes: number }>(low.stdout).bytes < parseJson<{ bytes: number }>(high.stdout).bytes);
  });

  test('an existing file is replaced whole', async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, 'again.jpg');
    await writeFile(path, 'not an image');
    const r = await runBin(['photo', '--width', '640', '-o', path]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await sharp(await readFile(path)).metadata()).format, 'jpeg');
    assert.deepEqual(await listDir(dir), ['again.jpg']);
  });

  test('--verbose adds the stack trace and phase timings to an error', async () => {
    const r = await runBin(['photo', '--verbose', '--device', 'no-such-camera', '-o', '/tmp/never-written.jpg']);
    assert.equal(r.code, 2);
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    assert.match(lines[0]!, /^imagecapture: unknown device/);
    assert.ok(lines.length > 2, 'stack lines follow');
    assert.match(r.stderr, /\n\s+at /);
    // The phases are named; their durations depend on the machine and are not read.
    assert.match(r.stderr, /imagecapture: timings: startup \S.*, total \S/);
  });
});

describe('photo --timeout and --warmup', () => {
  test('a --timeout that is not a positive duration and a --warmup that is not a frame count are usage errors', async (t) => {
    const dir = await tempDir(t);
    const a = await runBin(['photo', '--timeout', '0', '-o', 'x.jpg'], { cwd: dir });
    assert.equal(a.code, 2);
    assert.match(a.stderr.toString(), /--timeout 0 must be longer than 0/);
    const b = await runBin(['photo', '--warmup', 'lots', '-o', 'x.jpg'], { cwd: dir });
    assert.equal(b.code, 2);
    assert.match(b.stderr.toString(), /--warmup lots must be a whole number/);
  });

  test('withTimeout fails naming what did not finish (a capture that never ends)', async () => {
    const { withTimeout } = await import('../../src/cli/timeout.js');
    await assert.rejects(
      withTimeout(new Promise<never>(() => undefined), 5, 'the photo'),
      /the photo did not finish within 5 ms \(--timeout\)/,
    );
    assert.equal(await withTimeout(Promise.resolve(7), 5, 'x'), 7);
  });
});
