import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CliError } from '../../src/cli/errors.js';
import { chooseDevice, type DeviceEntry, isUrl, knownDevices, looksLikePath, withoutLogin } from '../../src/cli/select-device.js';

const devices: DeviceEntry[] = [
  { deviceId: 'virtual-phone', label: 'Virtual Phone Camera (back)', kind: 'phone', backend: 'virtual', groupId: 'g1' },
  { deviceId: 'virtual-front', label: 'Virtual Phone Camera (front)', kind: 'phone', backend: 'virtual', groupId: 'g1' },
  { deviceId: 'virtual-webcam', label: 'Virtual Webcam', kind: 'webcam', backend: 'virtual', groupId: 'g2' },
];
const none = (): boolean => false;

function usage(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => err instanceof CliError && err.exitCode === 2 && pattern.test(err.message));
}

test('an exact deviceId picks that camera', () => {
  assert.deepEqual(chooseDevice('virtual-front', devices, none), { deviceId: 'virtual-front', entry: devices[1] });
});

test('a case-insensitive part of one label picks that camera', () => {
  assert.equal(chooseDevice('webcam', devices, none).deviceId, 'virtual-webcam');
  assert.equal(chooseDevice('FRONT', devices, none).deviceId, 'virtual-front');
});

test('a label part matching several cameras is ambiguous and lists them', () => {
  usage(
    () => chooseDevice('phone camera', devices, none),
    /matches several cameras \(virtual-phone \(Virtual Phone Camera \(back\)\), virtual-front/,
  );
});

test('URLs and existing paths are passed on as exact deviceIds', () => {
  assert.deepEqual(chooseDevice('rtsp://127.0.0.1:8554/cam', devices, none), { deviceId: 'rtsp://127.0.0.1:8554/cam' });
  assert.deepEqual(chooseDevice('clip', devices, (p) => p === 'clip'), { deviceId: 'clip' });
  assert.deepEqual(chooseDevice('/tmp/x.mp4', devices, () => true), { deviceId: '/tmp/x.mp4' });
});

test('an unknown name is a usage error listing the known cameras', () => {
  usage(
    () => chooseDevice('nikon', devices, none),
    /^unknown device "nikon"; known cameras: virtual-phone \(Virtual Phone Camera \(back\)\), virtual-front .*virtual-webcam \(Virtual Webcam\)$/,
  );
  usage(() => chooseDevice('/dev/video9', devices, none), /--device \/dev\/video9: no such file.*known cameras: virtual-phone/);
  usage(() => chooseDevice('x', [], none), /no cameras are available/);
});

test('path and URL shapes are told apart from names', () => {
  assert.equal(isUrl('http://127.0.0.1/a.mjpeg'), true);
  assert.equal(isUrl('file:///tmp/a.mp4'), true);
  assert.equal(isUrl('webcam'), false);
  assert.equal(looksLikePath('./clip.mp4'), true);
  assert.equal(looksLikePath('clip.mp4'), true);
  assert.equal(looksLikePath('webcam'), false);
  assert.equal(knownDevices([]), 'no cameras are available');
});

test('a device URL shown in messages leaves out its user name and password', () => {
  assert.equal(withoutLogin('onvif://admin:s3cret@192.168.1.64:8000?profile=Profile_2'), 'onvif://192.168.1.64:8000?profile=Profile_2');
  assert.equal(withoutLogin('rtsp://u:p%40ss@cam/stream'), 'rtsp://cam/stream');
  assert.equal(withoutLogin('/dev/video0'), '/dev/video0');
  assert.equal(chooseDevice('onvif://admin:s3cret@cam.local', devices, none).deviceId, 'onvif://admin:s3cret@cam.local');
});
