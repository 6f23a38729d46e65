/**
 * Reading what ffmpeg prints about its input and output (the size a network source is learnt
 * from), and the I420 to RGBA conversion frames go through when they are read.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseStreamHeader } from '../../../src/backends/ffmpeg/stream-header.js';
import { i420Size, i420ToRgba } from '../../../src/backends/ffmpeg/yuv.js';

/* eslint-disable @stylistic/max-len -- the fixtures below are ffmpeg's own lines, as it prints them */

const MJPEG_OVER_HTTP = [
  "Input #0, mpjpeg, from 'http://***@127.0.0.1:8080/cam.mjpg':",
  '  Duration: N/A, bitrate: N/A',
  '  Stream #0:0: Video: mjpeg (Baseline), yuvj422p(pc, bt470bg/unknown/unknown), 640x480 [SAR 1:1 DAR 4:3], 25 tbr, 25 tbn',
  'Stream mapping:',
  '  Stream #0:0 -> #0:0 (mjpeg (native) -> rawvideo (native))',
  "Output #0, rawvideo, to 'pipe:1':",
  '  Metadata:',
  '    encoder         : Lavf59.27.100',
  '  Stream #0:0: Video: rawvideo (I420 / 0x30323449), yuv420p(pc, bt470bg/unknown/unknown, progressive), 640x480 [SAR 1:1 DAR 4:3], ' +
    'q=2-31, 92160 kb/s, 25 fps, 25 tbn',
  '',
].join('\n');

const TS_OVER_TCP = [
  "Input #0, mpegts, from 'tcp://127.0.0.1:9000':",
  '  Duration: N/A, start: 1.400000, bitrate: N/A',
  '  Program 1',
  '  Stream #0:0[0x100]: Video: h264 (High) ([27][0][0][0] / 0x001B), yuv420p(progressive), 1280x720 [SAR 1:1 DAR 16:9], 29.97 fps, 29.97 ' +
    'tbr, 90k tbn',
  "Output #0, rawvideo, to 'pipe:1':",
  '  Stream #0:0: Video: rawvideo (I420 / 0x30323449), yuv420p(progressive), 1280x720 [SAR 1:1 DAR 16:9], q=2-31, 331444 kb/s, 29.97 fps, ' +
    '29.97 tbn',
  '',
].join('\n');

describe('the stream header ffmpeg prints', () => {
  it('gives the input codec, size and rate and the size of the frames on the pipe', () => {
    assert.deepEqual(parseStreamHeader(MJPEG_OVER_HTTP), {
      input: { codec: 'mjpeg', width: 640, height: 480, frameRate: 25 },
      output: { width: 640, height: 480 },
    });
    assert.deepEqual(parseStreamHeader(TS_OVER_TCP), {
      input: { codec: 'h264', width: 1280, height: 720, frameRate: 29.97 },
      output: { width: 1280, height: 720 },
    });
  });

  it('waits for the output line, complete, before answering', () => {
    const outputAt = MJPEG_OVER_HTTP.indexOf('Output #0');
    assert.equal(parseStreamHeader(MJPEG_OVER_HTTP.slice(0, outputAt)), undefined, 'no output yet');
    const lastLine = MJPEG_OVER_HTTP.lastIndexOf('  Stream #0:0: Video: rawvideo');
    assert.equal(parseStreamHeader(MJPEG_OVER_HTTP.slice(0, lastLine + 40)), undefined, 'the output line is still arriving');
    // The header arrives in pieces of any size and the answer is the same once it is all there.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MJPEG_OVER_HTTP.length - 1 }), (cut) => {
        const early = parseStreamHeader(MJPEG_OVER_HTTP.slice(0, cut));
        return early === undefined || early.output.width === 640;
      }),
    );
  });

  it('takes 30 fps when the input states no rate, and ignores audio streams', () => {
    const text = [
      "Input #0, rtsp, from 'rtsp://cam.local/live':",
      '  Stream #0:0: Audio: aac (LC), 48000 Hz, mono, fltp',
      '  Stream #0:1: Video: hevc (Main), yuv420p(tv), 2560x1440',
      "Output #0, rawvideo, to 'pipe:1':",
      '  Stream #0:0: Video: rawvideo (I420 / 0x30323449), yuv420p(tv, progressive), 2560x1440, q=2-31',
      '',
    ].join('\n');
    assert.deepEqual(parseStreamHeader(text)?.input, { codec: 'hevc', width: 2560, height: 1440, frameRate: 30 });
  });
});

describe('I420 to RGBA', () => {
  it('makes limited-range greys and the primaries what BT.601 says', () => {
    const one = (y: number, u: number, v: number): number[] => {
      const src = new Uint8Array([y, y, y, y, u, v]);
      const dst = new Uint8Array(16);
      i420ToRgba(src, 2, 2, dst);
      return Array.from(dst.subarray(0, 4));
    };
    assert.deepEqual(one(16, 128, 128), [0, 0, 0, 255]);
    assert.deepEqual(one(235, 128, 128), [255, 255, 255, 255]);
    assert.deepEqual(one(126, 128, 128), [128, 128, 128, 255]);
    const red = one(82, 90, 240);
    assert.ok(red[0]! >= 250 && red[1]! <= 3 && red[2]! <= 3, `red ${red}`);
  });

  it('writes the same pixels into a buffer that starts at any byte offset', () => {
    const [w, h] = [7, 5];
    const src = new Uint8Array(i420Size(w, h)).map((_, i) => (i * 53 + 11) & 255);
    const aligned = new Uint8Array(w * h * 4);
    i420ToRgba(src, w, h, aligned);
    for (const offset of [1, 2, 3]) {
      const dst = new Uint8Array(w * h * 4 + offset).subarray(offset);
      i420ToRgba(src, w, h, dst);
      assert.deepEqual(dst, aligned, `offset ${offset}`);
    }
  });

  it('shares each chroma sample over its 2x2 block, odd sizes included, and converts only the rows asked for', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 0, max: 1000 }), (w, h, seed) => {
        const src = new Uint8Array(i420Size(w, h)).map((_, i) => (i * 37 + seed) & 255);
        const all = new Uint8Array(w * h * 4);
        i420ToRgba(src, w, h, all);
        // A block of four pixels with the same luma has one colour.
        const cw = Math.ceil(w / 2);
        for (let y = 0; y < h; y++) {
          for (let x = 0; x < w; x++) {
            const alone = new Uint8Array(i420Size(1, 1));
            alone[0] = src[y * w + x]!;
            alone[1] = src[w * h + (y >> 1) * cw + (x >> 1)]!;
            alone[2] = src[w * h + cw * Math.ceil(h / 2) + (y >> 1) * cw + (x >> 1)]!;
            const px = new Uint8Array(4);
            i420ToRgba(alone, 1, 1, px);
            const o = (y * w + x) * 4;
            if (!px.every((v, i) => v === all[o + i])) return false;
          }
        }
        const part = new Uint8Array(w * h * 4);
        const y0 = Math.min(h - 1, seed % h);
        const y1 = y0 + 1 + ((seed >> 3) % (h - y0));
        i420ToRgba(src, w, h, part, y0, y1);
        const [from, to] = [y0 * w * 4, y1 * w * 4];
        return (
          part.subarray(0, from).every((v) => v === 0) &&
          part.subarray(to).every((v) => v === 0) &&
          part.subarray(from, to).every((v, i) => v === all[from + i])
        );
      }),
    );
  });
});
