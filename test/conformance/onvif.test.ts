/**
 * The conformance suite against the ONVIF backend: the camera simulator on 127.0.0.1 is the
 * default camera of a fresh runtime per case (onvif-env.ts). Real time: frames come through
 * ffmpeg. Every case runs in spec behaviour; in chromium behaviour the cases whose expectation
 * depends on it. After each case every track has been stopped, so every source must have ended.
 * Skipped as a whole when ffmpeg is absent.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { allCases } from './cases/index.js';
import { findFfmpeg } from './ffmpeg-env.js';
import { type Behavior, type ConformanceCase, caseName, runCase } from './harness.js';
import { OnvifCameras, onvifEnv } from './onvif-env.js';

const RUNS: readonly (readonly [Behavior, readonly ConformanceCase[]])[] = [
  ['spec', allCases],
  [
    'chromium',
    process.env.IMAGECAPTURE_CONFORMANCE_FULL === '1'
      ? allCases
      : allCases.filter((c) => c.behavior === 'chromium' || c.tags.includes('C')),
  ],
];

const unhandled: unknown[] = [];
const describeReason = (r: unknown): string => (r instanceof Error || r instanceof DOMException ? `${r.name}: ${r.message}` : String(r));
process.on('unhandledRejection', (reason) => {
  unhandled.push(reason);
});

if (!findFfmpeg()) {
  test('conformance: ONVIF backend', (t) => {
    t.skip('ffmpeg or ffprobe is not installed (install ffmpeg, or set IMAGECAPTURE_FFMPEG to its path)');
  });
} else {
  let cameras: OnvifCameras | undefined;
  before(async () => {
    cameras = await OnvifCameras.start();
  });
  after(async () => {
    await cameras?.stop();
  });

  for (const [behavior, cases] of RUNS) {
    describe(`conformance: ONVIF backend (camera simulator), ${behavior} behaviour`, () => {
      for (const c of cases) {
        test(caseName(c), { timeout: 60_000 }, async (t) => {
          unhandled.length = 0;
          const made = onvifEnv(behavior, cameras!);
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
          assert.equal(open, 0, 'ONVIF sources still open after every track was stopped');
        });
      }
    });
  }
}
