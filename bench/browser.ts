/**
 * Browser benchmark: the ponyfill against Chromium's native ImageCapture in one page and one run
 * (grabFrame median/p95, takePhoto 1920×1080 on a 640×480 stream), the polyfill's timings in
 * Firefox and WebKit, and the polyfill bundle's size next to the `image-capture` 0.4 package's.
 * `run()` returns the figures; run directly, it prints them as JSON.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { launchChromium, launchFirefox, launchWebKit } from '../test/browser/engines.js';
import { type BuildExtra, type Launched, buildExtra, startSession } from '../test/browser/harness.js';
import type { BenchEnv, Stats } from '../test/browser/page/bench.js';

const PAGE = fileURLToPath(new URL('../test/browser/page/bench.ts', import.meta.url));

/** The polyfill IIFE's size, minified and gzipped, built exactly as for dist/. */
async function bundleSize(extra: BuildExtra): Promise<Record<string, number>> {
  const { outputFiles } = await build({ ...extra.polyfillIifeOptions(), write: false, logLevel: 'silent' });
  const code = outputFiles![0]!.contents;
  return { minifiedBytes: code.length, gzippedBytes: extra.gzipSize(code) };
}

/** `image-capture@0.4`'s shipped minified file, fetched with `npm pack` into a temporary folder (never installed). */
function imageCapturePackageSize(extra: BuildExtra): Record<string, unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'image-capture-'));
  try {
    const out = execFileSync('npm', ['pack', 'image-capture@0.4', '--json', '--pack-destination', dir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 60_000,
    });
    const [{ filename, version }] = JSON.parse(out) as { filename: string; version: string }[];
    execFileSync('tar', ['xzf', join(dir, filename), '-C', dir], { timeout: 30_000 });
    const code = readFileSync(join(dir, 'package/lib/imagecapture.min.js'));
    return { version, file: 'lib/imagecapture.min.js', minifiedBytes: code.length, gzippedBytes: extra.gzipSize(code) };
  } catch (err) {
    return { unavailable: String((err as Error).message ?? err).split('\n')[0] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measure(launch: () => Promise<Launched>, env: BenchEnv): Promise<Record<string, unknown>> {
  const session = await startSession(launch);
  if ('skip' in session) return { skipped: session.skip };
  try {
    await session.open();
    return await session.runModule<Record<string, unknown>>(PAGE, env);
  } finally {
    await session.close();
  }
}

export async function run(): Promise<Record<string, unknown>> {
  const extra = await buildExtra();
  // Spaced grabs 80–150 ms apart: slower than the camera's frames, as an app polling on a timer.
  const env = { grabs: 30, photos: 5, minPauseMs: 80, maxPauseMs: 150 };
  const chromium = await measure(launchChromium, { ...env, impls: ['ponyfill', 'native'] });
  const firefox = await measure(launchFirefox, { ...env, impls: ['ponyfill'] });
  const webkit = await measure(launchWebKit, { ...env, impls: ['ponyfill'] });
  const spaced = chromium.grabFrameSpaced as Record<string, Stats> | undefined;
  const ratio = spaced ? Math.round((spaced.ponyfill!.median / spaced.native!.median) * 1000) / 1000 : null;
  return {
    bundle: await bundleSize(extra),
    imageCapture04: imageCapturePackageSize(extra),
    chromium: { ...chromium, grabFrameMedianRatio: ratio, grabFrameTarget: 0.1 },
    firefox,
    webkit,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await run(), null, 2));
}
