/**
 * The CLI against ffmpeg, as whole processes: `imagecapture photo -o x.jpg` (1920x1080, and the
 * camera's default photo size) vs `ffmpeg -f lavfi -i testsrc2=size=WxH -frames:v 1 -y x.jpg`,
 * alternating runs, medians and ratios (target ≤ 1.5×). The CLI's own phase timings (--verbose)
 * and an in-process JPEG encode of the same sizes show where its time goes.
 *
 * Run directly (after `node scripts/ensure-built.mjs`): node --import tsx bench/cli.ts
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'dist/cli/bin.cjs');
export { ROOT };
const RUNS = Math.max(1, Math.min(50, Number(process.env.BENCH_CLI_RUNS) || 7));

interface Timed {
  ms: number;
  stderr: string;
  stdout: string;
}

function timeProcess(cmd: string, args: readonly string[], cwd: string): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - start;
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}: ${stderr.trim()}`));
      else resolve({ ms, stderr, stdout });
    });
  });
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const m = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return Math.round(m * 10) / 10;
}

/** "imagecapture: timings: startup 41 ms, import 90 ms, …" → { startup: 41, import: 90, … }. */
function phases(stderr: string): Record<string, number> {
  const line = stderr.split('\n').find((l) => l.startsWith('imagecapture: timings: '));
  const out: Record<string, number> = {};
  if (!line) return out;
  for (const m of line.slice('imagecapture: timings: '.length).matchAll(/([a-z]+) ([\d.]+) ms/g)) out[m[1]!] = Number(m[2]);
  return out;
}

async function encodeJpegMs(width: number, height: number): Promise<number> {
  const { default: sharp } = await import('sharp');
  const raw = Buffer.alloc(width * height * 4, 128);
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    await sharp(raw, { raw: { width, height, channels: 4 } }).jpeg({ quality: 92 }).toBuffer();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** `bin`: the CLI to run (default: this checkout's dist; bench/user.ts passes the installed package's). */
export async function run(bin = BIN): Promise<Record<string, number>> {
  const BIN = bin;
  const dir = await mkdtemp(join(tmpdir(), 'imagecapture-bench-cli-'));
  try {
    const node = process.execPath;
    const caps = JSON.parse(
      (await timeProcess(node, [BIN, 'capabilities', '--json'], dir)).stdout,
    ) as { photoSettings: { imageWidth: number; imageHeight: number } };
    const { imageWidth: dw, imageHeight: dh } = caps.photoSettings;
    const cases = {
      '1080p': {
        cli: [BIN, '--verbose', 'photo', '--width', '1920', '--height', '1080', '-o', 'cli-1080.jpg'],
        ffmpeg: ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1920x1080', '-frames:v', '1', '-y', 'ff-1080.jpg'],
      },
      default: {
        cli: [BIN, '--verbose', 'photo', '-o', 'cli-default.jpg'],
        ffmpeg: ['-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=${dw}x${dh}`, '-frames:v', '1', '-y', 'ff-default.jpg'],
      },
    } as const;
    const samples: Record<string, number[]> = {};
    const push = (key: string, v: number): void => void (samples[key] ??= []).push(v);
    // Warm the file cache once, then alternate the contenders.
    await timeProcess(node, cases['1080p'].cli, dir);
    await timeProcess('ffmpeg', cases['1080p'].ffmpeg, dir);
    push('node_startup_ms', (await timeProcess(node, ['-e', '0'], dir)).ms);
    for (let i = 0; i < RUNS; i++) {
      for (const [name, c] of Object.entries(cases)) {
        const cli = await timeProcess(node, c.cli, dir);
        push(`cli_photo_${name}_ms`, cli.ms);
        for (const [phase, ms] of Object.entries(phases(cli.stderr))) push(`cli_${name}_${phase}_ms`, ms);
        push(`ffmpeg_${name}_ms`, (await timeProcess('ffmpeg', c.ffmpeg, dir)).ms);
      }
      push('node_startup_ms', (await timeProcess(node, ['-e', '0'], dir)).ms);
    }
    const help = await timeProcess(node, [BIN, '--help'], dir);
    const out: Record<string, number> = {};
    for (const [key, values] of Object.entries(samples)) out[key] = median(values);
    out.cli_help_ms = Math.round(help.ms * 10) / 10;
    out.ratio_1080p = Math.round((out['cli_photo_1080p_ms']! / out['ffmpeg_1080p_ms']!) * 100) / 100;
    out.ratio_default = Math.round((out['cli_photo_default_ms']! / out['ffmpeg_default_ms']!) * 100) / 100;
    out.default_width = dw;
    out.default_height = dh;
    out.encode_jpeg_1080p_ms = await encodeJpegMs(1920, 1080);
    out.encode_jpeg_default_ms = await encodeJpegMs(dw, dh);
    out.runs = RUNS;
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await run(), null, 2));
}
