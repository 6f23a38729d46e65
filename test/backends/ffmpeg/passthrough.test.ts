/**
 * Motion-JPEG inputs are passed through: ffmpeg copies each JPEG into the frame file without
 * decoding, Node decodes only a frame that is read, and a photo at the frame's own size is the
 * camera's JPEG with our EXIF block (same scan data, nothing re-encoded).
 */
import assert from 'node:assert/strict';

import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { FfmpegBackend, type FfmpegCameraSource as FfmpegSource } from '../../../src/backends/ffmpeg/index.js';
import { sharedMemoryFrames, type FrameFiles } from '../../../src/backends/ffmpeg/frame-files.js';
import { nodeHost, type FfmpegHost } from '../../../src/backends/ffmpeg/host.js';
import { readExif } from '../../../src/encode/exif-read.js';
import { ffmpeg, makeTempDir, needsFfmpegAndShm } from './helpers.js';

const never = new AbortController().signal;
const PHOTO = { fillLightMode: 'off', redEyeReduction: false } as const;

/** The node frame files, keeping the last JPEG read and the names of the files made. */
function recordingFiles(): FrameFiles & { lastRead: Uint8Array | undefined; paths: string[] } {
  const inner = sharedMemoryFrames();
  const files = {
    lastRead: undefined as Uint8Array | undefined,
    paths: [] as string[],
    makeDir: () => inner.makeDir(),
    read(path: string, into: Uint8Array | undefined) {
      const got = inner.read(path, into);
      files.paths.push(path);
      if (got) files.lastRead = got.data.slice(0, got.length);
      return got;
    },
    identity: (path: string) => inner.identity(path),
    watch: (dir: string, onChange: (name: string) => void) => inner.watch(dir, onChange),
    remove: (dir: string) => inner.remove(dir),
  };
  return files;
}

/** The bytes from the first start-of-scan marker to the end: the coded picture. */
function scanData(jpeg: Uint8Array): Uint8Array {
  for (let i = 2; i + 1 < jpeg.length; i++) if (jpeg[i] === 0xff && jpeg[i + 1] === 0xda) return jpeg.subarray(i);
  throw new Error('no start of scan');
}

describe('Motion-JPEG inputs passed through', needsFfmpegAndShm, () => {
  let clip = '';
  let remove = async (): Promise<void> => {};
  const opened: FfmpegSource[] = [];
  const spawned: string[][] = [];

  before(async () => {
    const temp = await makeTempDir();
    remove = temp.remove;
    clip = join(temp.dir, 'camera.avi');
    await ffmpeg(['-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-t', '20', '-c:v', 'mjpeg', '-q:v', '5', clip]);
  });

  after(async () => {
    for (const s of opened) s.close();
    await Promise.all(opened.map((s) => s.exited));
    await remove();
  });

  async function open(files: FrameFiles): Promise<FfmpegSource> {
    const host: FfmpegHost = {
      ...nodeHost,
      frameFiles: files,
      spawn: (command, args) => {
        spawned.push([...args]);
        return nodeHost.spawn(command, args);
      },
    };
    const source = await new FfmpegBackend({ host }).open(clip, {});
    opened.push(source);
    return source;
  }

  it('ffmpeg copies the JPEGs into the frame file instead of decoding them', async () => {
    const files = recordingFiles();
    const source = await open(files);
    const args = spawned.at(-1)!;
    assert.equal(args[args.indexOf('-c:v') + 1], 'copy');
    assert.ok(!args.includes('-pix_fmt'), 'no pixel format: nothing is decoded');
    assert.match(args.at(-1)!, /latest\.jpg$/);
    const frame = await source.nextFrame(never);
    assert.deepEqual([frame.width, frame.height, frame.data.length], [320, 240, 320 * 240 * 4]);
    // The frame is the decoded JPEG that was read.
    const decoded = await sharp(files.lastRead!).ensureAlpha().raw().toBuffer();
    assert.ok(frame.data.every((v, i) => v === decoded[i]), 'the frame is the JPEG read, decoded');
  });

  it('a photo at the frame size is the camera\'s JPEG with our EXIF: same scan data', async () => {
    const files = recordingFiles();
    const source = await open(files);
    const still = await source.takePhoto({ ...PHOTO, imageWidth: 320, imageHeight: 240 }, never);
    assert.equal(still.kind, 'encoded');
    const bytes = new Uint8Array(await (still as { blob: Blob }).blob.arrayBuffer());
    assert.deepEqual(scanData(bytes), scanData(files.lastRead!), 'not re-encoded');
    const exif = readExif(bytes);
    assert.equal(exif.PixelXDimension, 320);
    assert.equal(exif.PixelYDimension, 240);
  });

  it('a zoomed photo or frame is decoded and cropped, not passed through', async () => {
    const source = await open(recordingFiles());
    await source.configure({ zoom: 2 });
    const still = await source.takePhoto({ ...PHOTO, imageWidth: 320, imageHeight: 240 }, never);
    assert.equal(still.kind, 'raw');
    assert.equal(still.kind === 'raw' && still.metadata.digitalZoomRatio, 2);
    const frame = await source.nextFrame(never);
    assert.deepEqual([frame.width, frame.height], [320, 240]);
  });

  it('a smaller photo is decoded and scaled', async () => {
    const source = await open(recordingFiles());
    const still = await source.takePhoto({ ...PHOTO, imageWidth: 160, imageHeight: 120 }, never);
    assert.equal(still.kind, 'raw');
    assert.deepEqual(still.kind === 'raw' && [still.frame.width, still.frame.height], [160, 120]);
  });
});
