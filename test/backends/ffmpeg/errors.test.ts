import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FfmpegBackend } from '../../../src/backends/ffmpeg/index.js';
import { FFMPEG, makeTempDir, needsFfmpeg } from './helpers.js';

describe('ffmpeg backend errors', () => {
  let dir = '';
  let remove = async (): Promise<void> => {};
  let clip = '';
  let garbage = '';

  before(async () => {
    ({ dir, remove } = await makeTempDir());
    // Existing files: one that merely has a video name, one ffmpeg cannot read as video.
    clip = join(dir, 'clip.mp4');
    garbage = join(dir, 'garbage.mp4');
    await writeFile(clip, 'not really a video');
    await writeFile(garbage, Buffer.alloc(4096, 7));
  });

  after(() => remove());

  it('rejects NotFoundError for a missing file, and does not accept it', async () => {
    const backend = new FfmpegBackend();
    const missing = join(dir, 'missing.mp4');
    assert.equal(backend.accepts(missing), false);
    await assert.rejects(backend.describe(missing), { name: 'NotFoundError', message: /missing\.mp4/ });
    await assert.rejects(backend.open(missing, {}), { name: 'NotFoundError' });
    await assert.rejects(backend.probe(`file://${missing}`), { name: 'NotFoundError' });
  });

  it('rejects NotFoundError for deviceIds that are neither files nor stream URLs', async () => {
    const backend = new FfmpegBackend();
    for (const id of ['front camera', 'mailto:cam@example.com', 'gopher2://x/y']) {
      assert.equal(backend.accepts(id), false, id);
      await assert.rejects(backend.describe(id), { name: 'NotFoundError' }, id);
    }
  });

  it('rejects NotFoundError for an existing file that holds no video', needsFfmpeg, async () => {
    const backend = new FfmpegBackend();
    assert.equal(backend.accepts(garbage), true);
    await assert.rejects(backend.describe(garbage), { name: 'NotFoundError', message: /garbage\.mp4 cannot be read as video/ });
  });

  describe('with IMAGECAPTURE_FFMPEG pointing to a nonexistent path', () => {
    let saved: string | undefined;
    before(() => {
      saved = process.env.IMAGECAPTURE_FFMPEG;
      process.env.IMAGECAPTURE_FFMPEG = join(dir, 'no', 'ffmpeg');
    });
    after(() => {
      if (saved === undefined) delete process.env.IMAGECAPTURE_FFMPEG;
      else process.env.IMAGECAPTURE_FFMPEG = saved;
    });

    it('describe and open reject NotReadableError that says how to install ffmpeg or set the variable', async () => {
      const backend = new FfmpegBackend();
      for (const attempt of [backend.describe(clip), backend.open(clip, {}), backend.describe('rtsp://127.0.0.1:1/stream')]) {
        await assert.rejects(attempt, (e: DOMException) => {
          assert.equal(e.name, 'NotReadableError');
          assert.match(e.message, /IMAGECAPTURE_FFMPEG points to .*no\/ffmpeg, which does not exist/);
          assert.match(e.message, /apt-get install ffmpeg/);
          return true;
        });
      }
    });

    it('still rejects NotFoundError for a missing file (the file is checked first)', async () => {
      await assert.rejects(new FfmpegBackend().describe(join(dir, 'missing.mp4')), { name: 'NotFoundError' });
    });

    it('an explicit ffmpegPath option overrides the environment', needsFfmpeg, async () => {
      await assert.rejects(new FfmpegBackend({ ffmpegPath: FFMPEG! }).describe(clip), { name: 'NotFoundError' });
    });
  });
});
