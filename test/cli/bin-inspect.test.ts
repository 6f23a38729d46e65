/**
 * `devices`, `capabilities` and `settings` end to end, plus --device by label and by file path.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { assertBuilt, assertFailure, listDir, parseJson, runBin, tempDir } from './helpers.js';

interface Device {
  deviceId: string;
  label: string;
  kind: string;
  backend: string;
}

let devices: Device[];

before(async () => {
  assertBuilt();
  const r = await runBin(['devices', '--json']);
  assert.equal(r.code, 0, r.stderr);
  devices = parseJson<Device[]>(r.stdout);
});

describe('inspecting cameras', { concurrency: 4 }, () => {
  test('devices --json lists at least the virtual camera with id, label, kind and backend', () => {
    assert.ok(devices.length >= 1);
    for (const d of devices) {
      assert.equal(typeof d.deviceId, 'string');
      assert.ok(d.deviceId.length > 0);
      assert.equal(typeof d.label, 'string');
      assert.equal(typeof d.kind, 'string');
      assert.equal(typeof d.backend, 'string');
    }
    assert.ok(devices.some((d) => d.backend === 'virtual'));
  });

  test('devices prints a table with a row per camera', async () => {
    const r = await runBin(['devices']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.toString().trimEnd().split('\n');
    assert.match(lines[0]!, /^id\s+label\s+kind\s+backend\s+facing$/);
    assert.equal(lines.length, devices.length + 1);
    for (const d of devices) assert.ok(lines.some((l) => l.startsWith(d.deviceId + ' ') && l.includes(d.label)), d.deviceId);
  });

  test('capabilities prints ranges with units and modes, and the photo capabilities', async () => {
    const [table, json] = await Promise.all([runBin(['capabilities']), runBin(['capabilities', '--json'])]);
    assert.equal(table.code, 0, table.stderr);
    assert.equal(json.code, 0, json.stderr);
    const raw = parseJson<{
      deviceId: string;
      capabilities: Record<string, unknown>;
      settings: Record<string, unknown>;
      photoCapabilities: Record<string, unknown>;
      photoSettings: Record<string, unknown>;
    }>(json.stdout);
    for (const key of ['capabilities', 'settings', 'photoCapabilities', 'photoSettings'] as const) {
      assert.equal(typeof raw[key], 'object', key);
    }
    const text = table.stdout.toString();
    assert.match(text, /^Camera: .+ \(.+\)\n\nproperty\s+flag\s+supported\s+current\n/);
    const width = raw.capabilities.width as { min: number; max: number };
    assert.match(text, new RegExp(`\\nwidth\\s+--video-width\\s+${width.min}–${width.max} px`));
    assert.match(text, /\nimageWidth\s+--width\s+/);
    assert.match(text, /\nfillLightMode\s+--fill-light\s+/);
    const zoom = raw.capabilities.zoom as { min: number; max: number } | undefined;
    if (zoom) assert.match(text, new RegExp(`\\nzoom\\s+--zoom\\s+${zoom.min}–${zoom.max} ×`));
  });

  test('settings applies the flags and prints the resulting settings', async () => {
    const r = await runBin(['settings', '--video-width', '640', '--video-height', '480', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = parseJson<{ settings: Record<string, unknown>; photoSettings: Record<string, unknown> }>(r.stdout);
    assert.equal(out.settings.width, 640);
    assert.equal(out.settings.height, 480);
    const table = await runBin(['settings', '--video-width', '640']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout.toString(), /\nwidth\s+640 px\n/);
  });

  test('a value that needs a manual mode switches that mode on', async (t) => {
    const caps = parseJson<{
      capabilities: { exposureTime?: { min: number; max: number }; exposureMode?: string[] };
    }>((await runBin(['capabilities', '--json'])).stdout).capabilities;
    if (!caps.exposureTime || !caps.exposureMode?.includes('manual')) return t.skip('no manual exposure');
    const r = await runBin(['settings', '--exposure-time', String(caps.exposureTime.min), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const { settings } = parseJson<{ settings: Record<string, unknown> }>(r.stdout);
    assert.equal(settings.exposureMode, 'manual');
    assert.equal(settings.exposureTime, caps.exposureTime.min);
  });

  test('--device picks a camera by id or by part of its label in any case', async (t) => {
    const target = devices.at(-1)!;
    const fragment = target.label.slice(Math.max(0, target.label.length - 8)).toUpperCase();
    const unique = devices.filter((d) => d.label.toUpperCase().includes(fragment)).length === 1;
    const [byId, byLabel] = await Promise.all([
      runBin(['capabilities', '--device', target.deviceId, '--json']),
      unique ? runBin(['capabilities', '--device', fragment, '--json']) : Promise.resolve(undefined),
    ]);
    assert.equal(byId.code, 0, byId.stderr);
    assert.equal(parseJson<{ deviceId: string }>(byId.stdout).deviceId, target.deviceId);
    if (!byLabel) return t.skip('no label fragment is unique');
    assert.equal(byLabel.code, 0, byLabel.stderr);
    assert.equal(parseJson<{ deviceId: string }>(byLabel.stdout).deviceId, target.deviceId);
  });

  test('a missing file given as --device is exit 2 and lists the cameras', async () => {
    const r = await runBin(['capabilities', '--device', '/nonexistent/clip.mp4']);
    assertFailure(r, 2, /--device \/nonexistent\/clip\.mp4: no such file, .*known cameras: /);
  });

  test('a video file given as --device is opened through ffmpeg', async (t) => {
    const dir = await tempDir(t);
    const clip = join(dir, 'clip.mp4');
    try {
      await promisify(execFile)(
        'ffmpeg',
        ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=10', '-frames:v', '10', '-pix_fmt', 'yuv420p', '-y', clip],
      );
    } catch {
      return t.skip('ffmpeg is not installed');
    }
    const r = await runBin(['photo', '--device', clip, '-o', join(dir, 'from-file.png')]);
    assert.equal(r.code, 0, r.stderr);
    const meta = await sharp(join(dir, 'from-file.png')).metadata();
    assert.equal(meta.format, 'png');
    assert.ok((meta.width ?? 0) > 0);
    assert.deepEqual(await listDir(dir), ['clip.mp4', 'from-file.png']);
  });
});
