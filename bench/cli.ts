/**
 * The CLI against ffmpeg, as whole processes: `imagecapture photo -o x.jpg` (1920x1080, and the
 * camera's default photo size) vs `ffmpeg -f lavfi -i testsrc2=size=WxH -frames:v 1 -y x.jpg`,
 * alternating runs, medians and ratios (target ≤ 1.5×). The CLI's own phase timings (--verbose)
 * and an in-process JPEG encode of the same sizes show where its time goes.
 *
 * The floor, in the same alternation: `node -e 0` (Node's own start), and a Node process that only
 * loads sharp (the one the CLI would load) and writes a JPEG of a blank image of the same size with
 * the CLI's encoder settings (`floor_*`). No command line on Node can be faster than that process:
 * `floor_ratio_*` is it against ffmpeg, `cli_over_floor_*` the CLI against it.
 *
 * Run directly (after `node scripts/ensure-built.mjs`): node --import tsx bench/cli.ts
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
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

function timeProcess(cmd: string, args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], ...(env ? { env: { ...process.env, ...env } } : {}) });
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

/**
 * A script for the floor process: loads sharp from `sharpEntry`, encodes a blank RGBA image of
 * width x height as the CLI encodes a JPEG (quality 92, 4:2:0, baseline, standard Huffman tables)
 * and writes it to the file named by its first argument.
 */
function floorScript(sharpEntry: string, width: number, height: number): string {
  return `const sharp = require(${JSON.stringify(sharpEntry)});
sharp(Buffer.alloc(${width * height * 4}, 128), { raw: { width: ${width}, height: ${height}, channels: 4 } })
  .jpeg({ quality: 92, chromaSubsampling: '4:2:0', optimiseCoding: false, progressive: false, mozjpeg: false })
  .toFile(process.argv[2]);
`;
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
        floor: [join(dir, 'floor-1080p.cjs'), 'floor-1080.jpg'],
      },
      default: {
        cli: [BIN, '--verbose', 'photo', '-o', 'cli-default.jpg'],
        ffmpeg: ['-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=${dw}x${dh}`, '-frames:v', '1', '-y', 'ff-default.jpg'],
        floor: [join(dir, 'floor-default.cjs'), 'floor-default.jpg'],
      },
    } as const;
    // The floor processes load the sharp the CLI loads (resolved from the bin).
    const sharpEntry = createRequire(BIN).resolve('sharp');
    await writeFile(join(dir, 'floor-1080p.cjs'), floorScript(sharpEntry, 1920, 1080));
    await writeFile(join(dir, 'floor-default.cjs'), floorScript(sharpEntry, dw, dh));
    const samples: Record<string, number[]> = {};
    const push = (key: string, v: number): void => void (samples[key] ??= []).push(v);
    // A first run ever: an empty cache directory, so the program is compiled (and its code cached)
    // and the virtual camera's textures are built (and stored). One sample, for scale.
    const fresh = { IMAGECAPTURE_CACHE_DIR: join(dir, 'fresh-cache') };
    const first = (await timeProcess(node, cases['1080p'].cli, dir, fresh)).ms;
    // Warm the file cache once, then alternate the contenders.
    await timeProcess(node, cases['1080p'].cli, dir);
    await timeProcess('ffmpeg', cases['1080p'].ffmpeg, dir);
    await timeProcess(node, cases['1080p'].floor, dir);
    push('node_startup_ms', (await timeProcess(node, ['-e', '0'], dir)).ms);
    for (let i = 0; i < RUNS; i++) {
      for (const [name, c] of Object.entries(cases)) {
        const cli = await timeProcess(node, c.cli, dir);
        push(`cli_photo_${name}_ms`, cli.ms);
        for (const [phase, ms] of Object.entries(phases(cli.stderr))) push(`cli_${name}_${phase}_ms`, ms);
        push(`ffmpeg_${name}_ms`, (await timeProcess('ffmpeg', c.ffmpeg, dir)).ms);
        push(`floor_${name}_ms`, (await timeProcess(node, c.floor, dir)).ms);
      }
      push('node_startup_ms', (await timeProcess(node, ['-e', '0'], dir)).ms);
    }
    const help = await timeProcess(node, [BIN, '--help'], dir);
    const out: Record<string, number> = {};
    for (const [key, values] of Object.entries(samples)) out[key] = median(values);
    out.cli_help_ms = Math.round(help.ms * 10) / 10;
    out.cli_photo_1080p_first_run_ms = Math.round(first * 10) / 10;
    out.ratio_1080p = Math.round((out['cli_photo_1080p_ms']! / out['ffmpeg_1080p_ms']!) * 100) / 100;
    out.ratio_default = Math.round((out['cli_photo_default_ms']! / out['ffmpeg_default_ms']!) * 100) / 100;
    for (const name of Object.keys(cases)) {
      out[`floor_ratio_${name}`] = Math.round((out[`floor_${name}_ms`]! / out[`ffmpeg_${name}_ms`]!) * 100) / 100;
      out[`cli_over_floor_${name}`] = Math.round((out[`cli_photo_${name}_ms`]! / out[`floor_${name}_ms`]!) * 100) / 100;
    }
    out.floor_ratio_node_startup = Math.round((out['node_startup_ms']! / out['ffmpeg_1080p_ms']!) * 100) / 100;
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
