/**
 * The conformance suite against the ffmpeg backend: a looping test clip (testsrc2, 640x480 at
 * 30 fps, made here with ffmpeg into a temporary folder) is the default camera of a fresh runtime
 * per case, `createRuntime({ backends: [ffmpeg] })`. Time is real (the ffmpeg child reads the clip
 * at its rate); what a file camera lacks is declared by the env (ffmpeg-env.ts), and the cases
 * needing it are reported as skipped with the reason. After each case every track has been
 * stopped, so every source must have ended, and every ffmpeg child must have exited.
 *
 * The cases of each behaviour are real-time-runner.ts's REAL_TIME_RUNS. The file is skipped as a
 * whole when ffmpeg is absent.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { FfmpegCameras, ffmpegEnv, findFfmpeg, makeClips } from './ffmpeg-env.js';
import { describeCases, REAL_TIME_RUNS } from './real-time-runner.js';

const ffmpeg = findFfmpeg();

if (!ffmpeg) {
  test('conformance: ffmpeg backend', (t) => {
    t.skip('ffmpeg or ffprobe is not installed (install ffmpeg, or set IMAGECAPTURE_FFMPEG to its path)');
  });
} else {
  let dir: string | undefined;
  let cameras: FfmpegCameras | undefined;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'imagecapture-ffmpeg-conformance-'));
    cameras = new FfmpegCameras(await makeClips(ffmpeg, dir));
  });
  after(async () => {
    await cameras?.closeAll();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  for (const [behavior, cases] of REAL_TIME_RUNS) {
    describeCases(
      `conformance: ffmpeg backend (file camera), ${behavior} behaviour`,
      cases,
      () => ffmpegEnv(behavior, cameras!),
      'ffmpeg sources',
    );
  }
}
