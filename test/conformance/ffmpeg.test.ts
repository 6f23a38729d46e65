/**
 * The conformance suite against the ffmpeg backend: a looping test clip (testsrc2, 640x480 at
 * 30 fps, made here with ffmpeg into a temporary folder) is the default camera of a fresh runtime
 * per case, `createRuntime({ backends: [ffmpeg] })`. Time is real (the ffmpeg child reads the clip
 * at its rate); what a file camera lacks is declared by the env (ffmpeg-env.ts), and the cases
 * needing it are reported as skipped with the reason. After each case every track has been
 * stopped, so every source must have ended, and every ffmpeg child must have exited.
 *
 * Every case runs in spec behaviour. In chromium behaviour only the cases whose expectation
 * depends on it run (chromium-only cases and the Chromium-behaviour cases); the rest would repeat the spec
 * run case for case over a real-time camera (IMAGECAPTURE_CONFORMANCE_FULL=1 runs them all, about
 * twice the time). The file is skipped as a whole when ffmpeg is absent.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { allCases } from './cases/index.js';
import { FfmpegCameras, ffmpegEnv, findFfmpeg, makeClips } from './ffmpeg-env.js';
import { type Behavior, type ConformanceCase, caseName, runCase } from './harness.js';

const ffmpeg = findFfmpeg();

/** The cases each behaviour runs. */
const RUNS: readonly (readonly [Behavior, readonly ConformanceCase[]])[] = [
  ['spec', allCases],
  [
    'chromium',
    process.env.IMAGECAPTURE_CONFORMANCE_FULL === '1'
      ? allCases
      : allCases.filter((c) => c.behavior === 'chromium' || c.tags.includes('C')),
  ],
];

// A promise the runtime rejects and nobody handles would crash a user's process: collect them so
// the case during which one happened fails with a readable message.
const unhandled: unknown[] = [];
const describeReason = (r: unknown): string => (r instanceof Error || r instanceof DOMException ? `${r.name}: ${r.message}` : String(r));
process.on('unhandledRejection', (reason) => {
  unhandled.push(reason);
  console.error(`unhandled rejection: ${reason instanceof Error ? (reason.stack ?? describeReason(reason)) : describeReason(reason)}`);
});

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

  for (const [behavior, cases] of RUNS) {
    describe(`conformance: ffmpeg backend (file camera), ${behavior} behaviour`, () => {
      for (const c of cases) {
        test(caseName(c), { timeout: 60_000 }, async (t) => {
          unhandled.length = 0;
          const made = ffmpegEnv(behavior, cameras!);
          let result;
          let open = 0;
          try {
            result = await runCase(c, made.env, { timeoutMs: 30_000 });
            open = made.leftovers();
          } finally {
            await made.dispose();
          }
          assert.deepEqual(unhandled.splice(0).map(describeReason), [], 'promises rejected with nobody handling them during the case');
          if (result.status === 'skip') {
            t.skip(result.reason);
            return;
          }
          if (result.status === 'fail') assert.fail(`${result.reason}${result.stack ? `\n${result.stack}` : ''}`);
          assert.equal(open, 0, 'ffmpeg sources still open after every track was stopped');
        });
      }
    });
  }
}
