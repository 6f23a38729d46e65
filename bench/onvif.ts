/**
 * ONVIF backend benchmark, against the camera simulator on 127.0.0.1 (test/backends/onvif):
 * getUserMedia on `onvif://…` against opening the same stream by its URL through the ffmpeg
 * backend (the baseline: what the ONVIF calls add), takePhoto from the camera's snapshot against
 * a photo from a frame of that stream, and applyConstraints({pan}) (AbsoluteMove + GetStatus).
 * Measured through the public API in this process (part of the user's path: the package is not
 * packed and no CLI process is started). `run()` returns the numbers; run directly, it prints them.
 */
import { pathToFileURL } from 'node:url';
import { FfmpegBackend } from '../src/backends/ffmpeg/index.js';
import { OnvifBackend } from '../src/backends/onvif/index.js';
import { createRuntime, ImageCapture } from '../src/entries/index.js';
import { OnvifSimulator } from '../test/backends/onvif/simulator.js';
import { median, quantile, round } from './stats.js';

const ROUNDS = 5;
const PHOTOS = 5;
const MOVES = 10;

type Track = { stop(): void; applyConstraints(c: unknown): Promise<void> };

async function open(kind: 'onvif' | 'url', sim: OnvifSimulator): Promise<{ ms: number; track: Track }> {
  const url = `http://${encodeURIComponent(sim.username)}:${encodeURIComponent(sim.password)}@127.0.0.1:${sim.port}/Streaming/channels/102/httppreview`;
  const backend = kind === 'onvif' ? new OnvifBackend() : new FfmpegBackend({ softwareControls: false });
  const rt = createRuntime({ backends: [backend], audioBackends: [] });
  const start = performance.now();
  const stream = await rt.mediaDevices.getUserMedia({ video: { deviceId: { exact: kind === 'onvif' ? sim.address : url }, pan: true } });
  return { ms: performance.now() - start, track: stream.getVideoTracks()[0]! as unknown as Track };
}

export async function run(): Promise<Record<string, unknown>> {
  const sim = await OnvifSimulator.start();
  const times = {
    onvifOpen: [] as number[],
    urlOpen: [] as number[],
    snapshotPhoto: [] as number[],
    framePhoto: [] as number[],
    move: [] as number[],
  };
  try {
    for (let r = 0; r < ROUNDS; r++) {
      for (const kind of ['onvif', 'url'] as const) {
        const { ms, track } = await open(kind, sim);
        (kind === 'onvif' ? times.onvifOpen : times.urlOpen).push(ms);
        try {
          const capture = new ImageCapture(track as never);
          await capture.takePhoto();
          for (let i = 0; i < PHOTOS; i++) {
            const start = performance.now();
            await capture.takePhoto();
            (kind === 'onvif' ? times.snapshotPhoto : times.framePhoto).push(performance.now() - start);
          }
          if (kind === 'onvif') {
            for (let i = 0; i < MOVES; i++) {
              const start = performance.now();
              await track.applyConstraints({ pan: (i % 2 ? 1 : -1) * 36000 });
              times.move.push(performance.now() - start);
            }
          }
        } finally {
          track.stop();
        }
      }
    }
  } finally {
    await sim.close();
  }
  const summary = (xs: number[]) => ({ median: round(median(xs)), p90: round(quantile(xs, 0.9)), n: xs.length });
  return {
    note: 'in-process public API from src against the 127.0.0.1 simulator (part of the user path); ratios are against the same stream ' +
      'opened by URL in the same run',
    openMs: {
      onvif: summary(times.onvifOpen),
      urlBaseline: summary(times.urlOpen),
      ratio: round(median(times.onvifOpen) / median(times.urlOpen)),
    },
    takePhotoMs: {
      snapshot1280x720: summary(times.snapshotPhoto),
      streamFrame640x480Baseline: summary(times.framePhoto),
      ratio: round(median(times.snapshotPhoto) / median(times.framePhoto)),
    },
    panMoveMs: summary(times.move),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(JSON.stringify(await run(), null, 2) + '\n');
}
