/**
 * The ONVIF backend against the simulator on 127.0.0.1: listing, opening, PTZ and imaging
 * controls read back from the camera, snapshots, and the faults (wrong login, no camera, refused
 * moves, the camera going away). Frames come through ffmpeg: the file is skipped without it.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, afterEach, before, describe, it } from 'node:test';
import { OnvifBackend, type OnvifBackendOptions } from '../../../src/backends/onvif/index.js';
import { readExif } from '../../../src/encode/exif-read.js';
import { createRuntime, ImageCapture, type MediaStreamTrack } from '../../../src/entries/index.js';
import { needsFfmpeg, once } from '../ffmpeg/helpers.js';
import { OnvifSimulator, type SimulatorOptions } from './simulator.js';

type Track = MediaStreamTrack;
const open: { track?: Track; sim?: OnvifSimulator }[] = [];

async function camera(sim: SimulatorOptions = {}, backend: OnvifBackendOptions = {}, runtime: Parameters<typeof createRuntime>[0] = {}) {
  const simulator = await OnvifSimulator.start(sim);
  const onvif = new OnvifBackend({ reconnect: { attempts: 2, delayMs: 20 }, ...backend });
  const rt = createRuntime({ backends: [onvif], ...runtime });
  const entry: { track?: Track; sim?: OnvifSimulator } = { sim: simulator };
  open.push(entry);
  const start = async (video: Record<string, unknown> = {}): Promise<Track> => {
    const stream = await rt.mediaDevices.getUserMedia({ video: { deviceId: { exact: simulator.address }, ...video } });
    entry.track = stream.getVideoTracks()[0]! as unknown as Track;
    return entry.track;
  };
  return { simulator, onvif, rt, start };
}

afterEach(async () => {
  for (const entry of open.splice(0)) {
    entry.track?.stop();
    await entry.sim?.close();
  }
});

const PASSWORD = 'Pa55:w@rd/x';
const noSecret = (text: string): void => {
  assert.ok(!text.includes(PASSWORD) && !text.includes(encodeURIComponent(PASSWORD)), `the password shows in: ${text}`);
};

describe('ONVIF backend: listing', () => {
  it('lists a registered camera under its own name, with an id and label free of the login', async () => {
    const { simulator, onvif, rt } = await camera();
    onvif.register(simulator.address);
    const devices = await rt.mediaDevices.enumerateDevices();
    const video = devices.filter((d) => d.kind === 'videoinput');
    assert.equal(video.length, 1);
    assert.equal(video[0]!.deviceId, simulator.id);
    assert.equal(video[0]!.label, 'HIKVISION DS-2DE2A404IW-DE3');
    noSecret(JSON.stringify(video));
  });

  it('lists cameras answering a WS-Discovery probe only when discovery is on', async () => {
    const { simulator, onvif } = await camera();
    assert.deepEqual(await onvif.devices(), []);
    onvif.setDiscovery({ target: simulator.discoveryTarget, timeoutMs: 3000 });
    const found = await onvif.devices();
    assert.equal(found.length, 1);
    assert.equal(found[0]!.deviceId, simulator.id);
    assert.equal(found[0]!.label, 'HIKVISION DS-2DE2A404IW-DE3');
  });

  it('leaves no connection to the camera open once it has listed it', { timeout: 20_000 }, async () => {
    const { simulator, onvif } = await camera();
    onvif.register(simulator.address);
    await onvif.devices();
    assert.ok(simulator.operations.includes('GetImagingSettings') || simulator.operations.includes('GetOptions'));
    await simulator.connectionsDownTo(0);
  });

  it('lists a registered camera that does not answer under its address, the login left out', async () => {
    const port = await closedPort();
    const onvif = new OnvifBackend({ timeoutMs: 2000 });
    onvif.register(`onvif://admin:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}`);
    const listed = await onvif.devices();
    assert.deepEqual(listed.map((d) => [d.deviceId, d.label]), [[`onvif://127.0.0.1:${port}`, `ONVIF camera 127.0.0.1:${port}`]]);
  });

  it('accepts onvif:// addresses and nothing else', () => {
    const onvif = new OnvifBackend();
    assert.equal(onvif.accepts('onvif://cam.local'), true);
    assert.equal(onvif.accepts('onvif://u:p@10.0.0.5:8000?profile=Profile_2'), true);
    assert.equal(onvif.accepts('rtsp://cam.local/stream'), false);
    assert.equal(onvif.accepts('onvif://cam.local?channel=2'), false);
  });
});

describe('ONVIF backend: a camera opened by getUserMedia', needsFfmpeg, () => {
  it("reports the profile's size and rate, and the camera's ranges in spec units", async () => {
    const { simulator, start } = await camera();
    const track = await start({ pan: true, tilt: true, zoom: true });
    const s = track.getSettings();
    assert.equal(s.deviceId, simulator.id);
    assert.deepEqual([s.width, s.height, s.frameRate], [640, 480, 10]);
    const caps = track.getCapabilities() as Record<string, unknown>;
    // Spherical degrees: −180…180° and −90…20° in arc-seconds.
    assert.deepEqual(caps.pan, { min: -648000, max: 648000, step: 1 });
    assert.deepEqual(caps.tilt, { min: -324000, max: 72000, step: 1 });
    assert.deepEqual(caps.zoom, { min: 0, max: 1, step: 0.001 });
    assert.deepEqual(caps.brightness, { min: 0, max: 100, step: 1 });
    assert.deepEqual(caps.exposureTime, { min: 0.1, max: 400, step: 0.01 });
    assert.deepEqual(caps.exposureMode, ['continuous', 'manual']);
    assert.equal(caps.pointsOfInterest, undefined);
    noSecret(track.label);
  });

  it('moves the head with AbsoluteMove and reads the position back with GetStatus', async () => {
    const { simulator, start } = await camera();
    const track = await start({ pan: true, tilt: true, zoom: true });
    await track.applyConstraints({ advanced: [{ pan: 108000, tilt: -36000, zoom: 0.5 }] });
    const move = simulator.moves.at(-1)!;
    assert.equal(move.panTiltSpace, 'http://www.onvif.org/ver10/tptz/PanTiltSpaces/SphericalPositionSpaceDegrees');
    assert.deepEqual([move.pan, move.tilt, move.zoom], [30, -10, 0.5]);
    assert.deepEqual(simulator.degrees, { pan: 30, tilt: -10 });
    const s = track.getSettings() as Record<string, number>;
    assert.deepEqual([s.pan, s.tilt, s.zoom], [108000, -36000, 0.5]);
    // The camera is the truth: a move made behind our back shows after the next read.
    simulator.position.zoom = 0.25;
    await track.applyConstraints({ advanced: [{ pan: 0 }] });
    assert.equal((track.getSettings() as Record<string, number>).zoom, 0.25);
    // Zoom alone moves only the zoom.
    await track.applyConstraints({ advanced: [{ zoom: 0.75 }] });
    assert.deepEqual(simulator.moves.at(-1), { zoom: 0.75 });
  });

  it('finds the services with GetServices on a camera that refuses GetCapabilities', async () => {
    const { simulator, start } = await camera({ noGetCapabilities: true });
    const track = await start({ pan: true });
    assert.ok(simulator.operations.includes('GetServices'));
    await track.applyConstraints({ advanced: [{ pan: 7200 }] });
    assert.equal(simulator.moves.at(-1)?.pan, 2);
  });

  it('reports where the camera says the head is while it travels', async () => {
    const { start } = await camera({ moveReads: 1000 });
    const track = await start({ zoom: true });
    await track.applyConstraints({ advanced: [{ zoom: 1 }] });
    assert.equal((track.getSettings() as Record<string, number>).zoom, 0.5, 'half-way while the camera reports MOVING');
  });

  it('takes the photo once the head has stopped', async () => {
    const { start } = await camera({ moveReads: 2 });
    const track = await start({ zoom: true });
    await track.applyConstraints({ advanced: [{ zoom: 1 }] });
    await new ImageCapture(track as never).takePhoto();
    assert.equal((track.getSettings() as Record<string, number>).zoom, 1, 'arrived before the photo');
  });

  it("uses the camera's normalised range where it offers no degrees", async () => {
    const { simulator, start } = await camera({ ptz: 'generic' });
    const track = await start({ pan: true, tilt: true });
    const caps = track.getCapabilities() as Record<string, unknown>;
    assert.deepEqual(caps.pan, { min: -1, max: 1, step: 0.002 });
    await track.applyConstraints({ advanced: [{ pan: 0.5, tilt: -0.25 }] });
    assert.deepEqual(simulator.moves.at(-1), { pan: 0.5, tilt: -0.25, panTiltSpace: 'http://www.onvif.org/ver10/tptz/PanTiltSpaces/PositionGenericSpace' });
    assert.equal((track.getSettings() as Record<string, number>).pan, 0.5);
  });

  it('gates pan/tilt/zoom behind the pan-tilt-zoom permission', async () => {
    const { simulator, start } = await camera({}, {}, { permissions: { 'camera-ptz': 'denied' } });
    const track = await start({ pan: true });
    const caps = track.getCapabilities() as Record<string, unknown>;
    assert.equal(caps.pan, undefined);
    assert.equal(caps.zoom, undefined);
    await track.applyConstraints({ advanced: [{ pan: 3600 }] });
    assert.deepEqual(simulator.moves, []);
  });

  it('sets imaging values on the camera, exposure time in 100 µs units', async () => {
    const { simulator, start } = await camera();
    const track = await start();
    await track.applyConstraints({ brightness: 70, saturation: 20, exposureMode: 'manual', exposureTime: 50, whiteBalanceMode: 'manual' });
    assert.deepEqual(
      simulator.imagingSets.at(-1),
      { brightness: 70, saturation: 20, exposureMode: 'MANUAL', exposureTime: 5000, whiteBalanceMode: 'MANUAL' },
    );
    const s = track.getSettings() as Record<string, unknown>;
    assert.deepEqual([s.brightness, s.saturation, s.exposureMode, s.exposureTime, s.whiteBalanceMode], [70, 20, 'manual', 50, 'manual']);
  });

  it("takes the camera's own full-size snapshot, EXIF added, JPEG data untouched", async () => {
    const { simulator, start } = await camera();
    const track = await start();
    const capture = new ImageCapture(track as never);
    const caps = await capture.getPhotoCapabilities();
    assert.deepEqual([caps.imageWidth?.max, caps.imageHeight?.max], [1280, 720]);
    const before = simulator.snapshots;
    const blob = await capture.takePhoto();
    assert.equal(simulator.snapshots, before + 1);
    assert.equal(blob.type, 'image/jpeg');
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const exif = readExif(bytes);
    assert.equal(exif.Make, 'HIKVISION');
    assert.equal(exif.Model, 'DS-2DE2A404IW-DE3');
    assert.equal(exif.PixelXDimension, 1280);
    // No re-encode: the entropy-coded data after the start of scan is the camera's, byte for byte.
    const sos = (b: Uint8Array): number => b.findIndex((v, i) => v === 0xff && b[i + 1] === 0xda);
    const original = await fetchSnapshot(simulator);
    assert.deepEqual(Buffer.from(bytes.subarray(sos(bytes))), Buffer.from(original.subarray(sos(original))));
  });

  it('takes a full-size frame of the stream when the camera has no snapshot URI', async () => {
    const { simulator, start } = await camera({ snapshot: false });
    const track = await start();
    const capture = new ImageCapture(track as never);
    const caps = await capture.getPhotoCapabilities();
    assert.deepEqual([caps.imageWidth?.max, caps.imageHeight?.max], [640, 480]);
    const blob = await capture.takePhoto();
    assert.ok(blob.size > 0);
    assert.equal(simulator.snapshots, 0);
    const exif = readExif(new Uint8Array(await blob.arrayBuffer()));
    assert.equal(exif.PixelXDimension, 640);
  });
});

/** A port on 127.0.0.1 nothing listens on (one just closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** The snapshot as the camera serves it (through the backend's own Digest client). */
async function fetchSnapshot(simulator: OnvifSimulator): Promise<Uint8Array> {
  const { fetchSnapshot: fetch } = await import('../../../src/backends/onvif/snapshot.js');
  const shot = await fetch(
    `${simulator.base}/onvif-http/snapshot?Profile_1`,
    { username: simulator.username, password: simulator.password },
    5000,
  );
  return shot.bytes;
}

describe('ONVIF backend: faults', needsFfmpeg, () => {
  it('rejects a wrong password with NotAllowedError that does not show it', async () => {
    for (const authFailure of ['soap', 'http401'] as const) {
      const { simulator, rt } = await camera({ authFailure });
      const wrong = simulator.address.replace(encodeURIComponent(PASSWORD), 'wrong%21pass');
      await assert.rejects(rt.mediaDevices.getUserMedia({ video: { deviceId: { exact: wrong } } }), (e: DOMException) => {
        assert.equal(e.name, 'NotAllowedError');
        assert.match(e.message, /refused/);
        assert.ok(!e.message.includes('wrong!pass') && !e.message.includes('wrong%21pass'), e.message);
        return true;
      });
    }
  });

  it('rejects an address where nothing answers with NotFoundError', async () => {
    const port = await closedPort();
    const rt = createRuntime({ backends: [new OnvifBackend({ timeoutMs: 2000 })] });
    await assert.rejects(rt.mediaDevices.getUserMedia({ video: { deviceId: { exact: `onvif://admin:${PASSWORD}@127.0.0.1:${port}` } } }), (e: DOMException) => {
      assert.equal(e.name, 'NotFoundError');
      noSecret(e.message);
      return true;
    });
  });

  it('rejects a web server that is not an ONVIF camera with NotFoundError', async () => {
    const server = createServer(
      (_req, res) => res.writeHead(404, { 'Content-Type': 'text/html' }).end('<html><body>Not here</body></html>'),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const rt = createRuntime({ backends: [new OnvifBackend({ timeoutMs: 2000 })] });
      await assert.rejects(rt.mediaDevices.getUserMedia({ video: { deviceId: { exact: `onvif://127.0.0.1:${port}` } } }), (e: DOMException) => {
        assert.equal(e.name, 'NotFoundError');
        assert.match(e.message, /not an ONVIF camera/);
        return true;
      });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('rejects applyConstraints with OperationError naming the property when the camera refuses a move', async () => {
    const { simulator, start } = await camera();
    const track = await start({ pan: true, tilt: true, zoom: true });
    const before = track.getSettings() as Record<string, number>;
    simulator.failNextMove = { subcodes: ['ter:InvalidArgVal', 'ter:InvalidPosition'], reason: 'The requested position is out of bounds' };
    await assert.rejects(track.applyConstraints({ pan: 36000 }), (e: DOMException) => {
      assert.equal(e.name, 'OperationError');
      assert.match(e.message, /pan 36000/);
      assert.match(e.message, /InvalidPosition/);
      return true;
    });
    assert.equal((track.getSettings() as Record<string, number>).pan, before.pan);
  });

  it('rejects applyConstraints with OperationError naming the property when the camera refuses an imaging value', async () => {
    const { simulator, start } = await camera();
    const track = await start();
    simulator.failNextImaging = 'Sharpness is locked by the scene mode';
    await assert.rejects(track.applyConstraints({ sharpness: 80 }), (e: DOMException) => {
      assert.equal(e.name, 'OperationError');
      assert.match(e.message, /sharpness 80/);
      assert.match(e.message, /SettingsInvalid/);
      return true;
    });
    assert.equal((track.getSettings() as Record<string, number>).sharpness, 50);
  });

  it('undoes an imaging change when the move asked with it is refused', async () => {
    const { simulator, start } = await camera();
    const track = await start({ pan: true });
    simulator.failNextMove = { subcodes: ['ter:InvalidArgVal'], reason: 'busy' };
    await assert.rejects(track.applyConstraints({ brightness: 90, pan: 7200 }), { name: 'OperationError' });
    assert.equal(simulator.imaging.brightness, 50);
    assert.equal((track.getSettings() as Record<string, number>).brightness, 50);
  });

  it('mutes while the camera is away and unmutes when its stream comes back', async () => {
    const { simulator, start } = await camera({}, { reconnect: { attempts: 50, delayMs: 20 } });
    const track = await start();
    const muted = once(track as unknown as EventTarget, 'mute');
    simulator.offline();
    await muted;
    assert.equal(track.muted, true);
    const unmuted = once(track as unknown as EventTarget, 'unmute');
    simulator.online();
    await unmuted;
    assert.equal(track.readyState, 'live');
    const frame = await new ImageCapture(track as never).grabFrame();
    assert.equal(frame.width, 640);
  });

  it('mutes, then ends once the reconnect budget is spent', async () => {
    const { simulator, start } = await camera({}, { reconnect: { attempts: 2, delayMs: 10 } });
    const track = await start();
    const muted = once(track as unknown as EventTarget, 'mute');
    const ended = once(track as unknown as EventTarget, 'ended');
    simulator.offline();
    await muted;
    await ended;
    assert.equal(track.readyState, 'ended');
  });

  it('closes every connection to the camera when the track stops', { timeout: 20_000 }, async () => {
    const { simulator, start } = await camera();
    const track = await start();
    assert.ok(simulator.streamClients >= 1, 'the stream is being read');
    track.stop();
    await simulator.connectionsDownTo(0);
    assert.equal(simulator.streamClients, 0);
  });
});

describe('ONVIF backend: the listed id opens with the login given once', needsFfmpeg, () => {
  let simulator: OnvifSimulator;
  before(async () => {
    simulator = await OnvifSimulator.start();
  });
  after(async () => {
    await simulator.close();
  });
  it('opens the id without the login after the camera was registered with it', async () => {
    const onvif = new OnvifBackend();
    onvif.register(simulator.address);
    const rt = createRuntime({ backends: [onvif] });
    const stream = await rt.mediaDevices.getUserMedia({ video: { deviceId: { exact: simulator.id } } });
    const track = stream.getVideoTracks()[0]!;
    try {
      assert.equal(track.getSettings().deviceId, simulator.id);
    } finally {
      track.stop();
    }
  });
});
