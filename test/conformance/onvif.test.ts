/**
 * The conformance suite against the ONVIF backend: the camera simulator on 127.0.0.1 is the
 * default camera of a fresh runtime per case (onvif-env.ts). Real time: frames come through
 * ffmpeg. Every case runs in spec behaviour; in chromium behaviour the cases whose expectation
 * depends on it. After each case every track has been stopped, so every source must have ended.
 * Skipped as a whole when ffmpeg is absent.
 */
import { after, before, test } from 'node:test';
import { findFfmpeg } from './ffmpeg-env.js';
import { OnvifCameras, onvifEnv } from './onvif-env.js';
import { describeCases, REAL_TIME_RUNS } from './real-time-runner.js';

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

  for (const [behavior, cases] of REAL_TIME_RUNS) {
    describeCases(
      `conformance: ONVIF backend (camera simulator), ${behavior} behaviour`,
      cases,
      () => onvifEnv(behavior, cameras!),
      'ONVIF sources',
    );
  }
}
