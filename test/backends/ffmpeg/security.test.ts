/**
 * Untrusted deviceIds and secrets: credentials in URLs never show in deviceIds, labels, settings
 * or errors (the redacted deviceId still reopens the source); each scheme gets only the ffmpeg
 * protocols it needs; a runtime can refuse deviceIds its backends do not list.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FfmpegBackend } from '../../../src/backends/ffmpeg/index.js';
import { allowedProtocols, inputArgs, parseInput, probeArgs } from '../../../src/backends/ffmpeg/inputs.js';
import { nodeHost } from '../../../src/backends/ffmpeg/host.js';
import { SecretVault, secretsOf } from '../../../src/backends/ffmpeg/secrets.js';
import { createRuntime } from '../../../src/entries/index.js';
import { MjpegCamera } from './mjpeg-camera.js';
import { ffmpeg, FFMPEG, makeTempDir, makeTestVideo, needsFfmpeg } from './helpers.js';

const PASSWORD = 'hunter2-s3cret';
const defaults = { loop: false, realtime: true };

describe('credentials in stream URLs', () => {
  it('finds the user information and password-like query values', () => {
    assert.deepEqual(secretsOf(`rtsp://admin:${PASSWORD}@cam.local:554/live`), [`admin:${PASSWORD}`, PASSWORD, 'admin']);
    assert.deepEqual(secretsOf(`http://cam.local/video.cgi?user=admin&pwd=${PASSWORD}&res=hd`), [PASSWORD]);
    assert.deepEqual(secretsOf('http://cam.local/video.mjpg'), []);
  });

  it('redacts them into a deviceId that maps back to the URL, only in the vault that made it', () => {
    const vault = new SecretVault();
    const url = `rtsp://admin:${PASSWORD}@cam.local:554/live?token=abc123xyz`;
    const shown = vault.redact(url);
    assert.doesNotMatch(shown, /hunter2|admin|abc123xyz/);
    assert.match(shown, /^rtsp:\/\/redacted-[0-9a-f]{16}@cam\.local:554\/live\?token=redacted-[0-9a-f]{16}$/);
    assert.equal(vault.redact(url), shown, 'the same URL gets the same deviceId');
    assert.notEqual(vault.redact(url.replace(PASSWORD, 'other-password')), shown, 'other credentials, another deviceId');
    assert.equal(vault.original(shown), url);
    assert.equal(new SecretVault().original(shown), undefined);
    assert.equal(new SecretVault().redact(url) === shown, false, 'another runtime redacts with another key');
    assert.equal(vault.redact('http://cam.local/a.mjpg'), 'http://cam.local/a.mjpg', 'URLs without credentials are shown as they are');
    assert.equal(vault.scrub(`Connection to ${url} refused; auth ${PASSWORD} failed`), 'Connection to rtsp://***@cam.local:554/live?token=*** refused; auth *** failed');
  });
});

describe('protocols ffmpeg may use, by scheme', () => {
  it('allows a file only the file protocol, and an SDP description its RTP streams', async () => {
    const { dir, remove } = await makeTempDir();
    try {
      const clip = join(dir, 'clip.mp4');
      const sdp = join(dir, 'cam.sdp');
      await writeFile(clip, '');
      await writeFile(sdp, '');
      const spec = parseInput(clip, nodeHost, defaults)!;
      assert.equal(allowedProtocols(spec), 'file');
      const args = inputArgs(spec);
      assert.deepEqual(
        args.slice(args.indexOf('-protocol_whitelist'), args.indexOf('-protocol_whitelist') + 2),
        ['-protocol_whitelist', 'file'],
      );
      assert.ok(args.indexOf('-protocol_whitelist') < args.indexOf('-i'));
      assert.equal(allowedProtocols(parseInput(sdp, nodeHost, defaults)!), 'file,rtp,srtp,udp');
    } finally {
      await remove();
    }
  });

  it('gives each stream scheme what it needs and nothing else, in ffprobe too', () => {
    const of = (url: string): string | undefined => allowedProtocols(parseInput(url, nodeHost, defaults)!);
    assert.equal(of('http://cam.local/a.mjpg'), 'http,https,tls,tcp,crypto');
    assert.equal(of('rtsp://cam.local/live'), 'rtsp,rtp,srtp,udp,tcp');
    assert.equal(of('tcp://127.0.0.1:9000'), 'tcp');
    assert.equal(of('udp://@:1234'), 'udp');
    assert.equal(of('srt://cam.local:9000'), 'srt');
    for (const url of ['http://cam.local/a.mjpg', 'rtsp://cam.local/live', 'udp://@:1234']) {
      assert.ok(!of(url)!.split(',').includes('file'), `${url} may not read files`);
      assert.ok(probeArgs(parseInput(url, nodeHost, defaults)!).includes('-protocol_whitelist'));
    }
    assert.equal(allowedProtocols(parseInput('/dev/video0', { ...nodeHost, pathKind: () => 'device' }, defaults)!), undefined);
  });

  it('keeps a registered source\'s own -protocol_whitelist', () => {
    const spec = { ...parseInput('http://cam.local/a.m3u8', nodeHost, defaults)!, inputArgs: ['-protocol_whitelist', 'http,tcp,file'] };
    const args = inputArgs(spec);
    assert.equal(args.filter((a) => a === '-protocol_whitelist').length, 1);
  });
});

describe('untrusted deviceIds and secrets, end to end', needsFfmpeg, () => {
  let remove = async (): Promise<void> => {};
  let dir = '';
  let clip = '';
  let camera: MjpegCamera;
  let port = 0;

  before(async () => {
    if (!FFMPEG) return;
    ({ dir, remove } = await makeTempDir());
    clip = await makeTestVideo(join(dir, 'clip.mp4'), 320, 240, 25, 2);
    await ffmpeg(['-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-frames:v', '4', '-q:v', '3', join(dir, 'f%d.jpg')]);
    const jpegs = await Promise.all([1, 2, 3, 4].map((i) => readFile(join(dir, `f${i}.jpg`))));
    camera = new MjpegCamera(jpegs, { auth: { user: 'admin', password: PASSWORD } });
    port = await camera.listen();
  });

  after(async () => {
    await camera?.close();
    await remove();
  });

  it('opens a camera that needs a password without showing it in the deviceId, label, settings or groupId; the deviceId reopens ' +
    'it', async () => {
    const runtime = createRuntime({ backends: [new FfmpegBackend()], audioBackends: [] });
    const url = `http://admin:${PASSWORD}@127.0.0.1:${port}/cam.mjpg`;
    const stream = await runtime.mediaDevices.getUserMedia({ video: { deviceId: { exact: url } } });
    const [track] = stream.getVideoTracks();
    const settings = track!.getSettings();
    const shown = JSON.stringify({ settings, label: track!.label, capabilities: track!.getCapabilities() });
    assert.doesNotMatch(shown, /hunter2|admin/);
    assert.match(settings.deviceId!, /^http:\/\/redacted-[0-9a-f]{16}@127\.0\.0\.1:\d+\/cam\.mjpg$/);
    const again = await runtime.mediaDevices.getUserMedia({ video: { deviceId: { exact: settings.deviceId! } } });
    const [second] = again.getVideoTracks();
    assert.equal(second!.getSettings().deviceId, settings.deviceId);
    assert.equal(second!.readyState, 'live');
    track!.stop();
    second!.stop();
    // Another runtime does not know what the redacted deviceId stands for: the camera refuses it.
    const other = createRuntime({ backends: [new FfmpegBackend({ probeTimeoutMs: 5000 })], audioBackends: [] });
    const refused = other.mediaDevices.getUserMedia({ video: { deviceId: { exact: settings.deviceId! } } });
    await assert.rejects(refused, (error: Error) => error.name === 'NotFoundError' && !/hunter2/.test(error.message));
  });

  it('keeps the password out of the errors of a camera that cannot be reached', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const closed = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const runtime = createRuntime({ backends: [new FfmpegBackend()], audioBackends: [] });
    for (const url of [`http://admin:${PASSWORD}@127.0.0.1:${closed}/cam.mjpg`, `http://127.0.0.1:${closed}/cam.mjpg?password=${PASSWORD}`]) {
      const attempt = runtime.mediaDevices.getUserMedia({ video: { deviceId: { exact: url } } });
      await assert.rejects(attempt, (error: Error) => {
        assert.equal(error.name, 'NotFoundError');
        assert.doesNotMatch(error.message, /hunter2/);
        return true;
      });
    }
  });

  it('refuses deviceIds no backend lists when allowUnlistedSources is false; registered sources still open', async () => {
    const backend = new FfmpegBackend();
    backend.register('lobby', { input: clip });
    const runtime = createRuntime({ backends: [backend], audioBackends: [], allowUnlistedSources: false });
    const requestsBefore = camera.connections + camera.unauthorized;
    for (const id of [clip, `file://${clip}`, `http://127.0.0.1:${port}/cam.mjpg`]) {
      await assert.rejects(runtime.mediaDevices.getUserMedia({ video: { deviceId: { exact: id } } }), { name: 'OverconstrainedError' }, id);
    }
    assert.equal(camera.connections + camera.unauthorized, requestsBefore, 'the refused URL was not even probed');
    const stream = await runtime.mediaDevices.getUserMedia({ video: { deviceId: { exact: 'lobby' } } });
    const [track] = stream.getVideoTracks();
    assert.equal(track!.label, 'clip.mp4');
    track!.stop();
    const open = createRuntime({ backends: [new FfmpegBackend()], audioBackends: [] });
    const direct = (await open.mediaDevices.getUserMedia({ video: { deviceId: { exact: clip } } })).getVideoTracks()[0]!;
    assert.equal(direct.label, 'clip.mp4', 'by default a file path opens');
    direct.stop();
  });

  it('does not let a playlist file make ffmpeg connect anywhere', async () => {
    let requests = 0;
    const server = http.createServer((_req, res) => {
      requests++;
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const segmentPort = (server.address() as AddressInfo).port;
    try {
      const playlist = join(dir, 'list.m3u8');
      await writeFile(playlist, `#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nhttp://127.0.0.1:${segmentPort}/seg0.ts\n#EXT-X-ENDLIST\n`);
      await assert.rejects(new FfmpegBackend({ probeTimeoutMs: 10_000 }).open(playlist, {}), { name: 'NotFoundError' });
      assert.equal(requests, 0, 'no request reached the server');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
