/**
 * The user's path: the package as published (`npm pack`), installed in a scratch directory, driven
 * through its public API in a process of its own (bench/user-driver.mjs: getUserMedia → back-to-back
 * grabFrame at 1080p60, 4K30, 1080p30 and 720p60 with the CPU used; 12 MP takePhoto against sharp's
 * fastest JPEG encode of the same pixels), and its CLI as whole processes against ffmpeg's
 * one-shots (bench/cli.ts). Every figure is a ratio to a baseline measured in the same run.
 *
 * The tarball is unpacked into <scratch>/node_modules/imagecapture and its dependencies (sharp,
 * commander) are linked from this checkout, so nothing is downloaded. BENCH_USER_TARBALL=<file.tgz>
 * measures another build (e.g. one packed before a change) instead of packing this checkout.
 *
 *   node --import tsx bench/user.ts
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { run as runCli } from './cli.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The directory holding `name`'s package.json, as this checkout resolves it. */
function packageDir(name: string): string {
  const require = createRequire(join(ROOT, 'package.json'));
  let dir = dirname(require.resolve(name));
  for (let i = 0; i < 6 && !readdirSync(dir).includes('package.json'); i++) dir = dirname(dir);
  return dir;
}

/** Packs this checkout (or takes BENCH_USER_TARBALL) and installs it in a scratch directory. */
function install(scratch: string): string {
  let tarball = process.env.BENCH_USER_TARBALL ? resolve(process.env.BENCH_USER_TARBALL) : '';
  if (!tarball) {
    const packed = execFileSync(
      'npm',
      ['pack', '--ignore-scripts', '--silent', '--pack-destination', scratch],
      { cwd: ROOT, encoding: 'utf8' },
    ).trim().split('\n').pop()!;
    tarball = join(scratch, packed);
  }
  const modules = join(scratch, 'node_modules');
  mkdirSync(modules, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', scratch]);
  execFileSync('mv', [join(scratch, 'package'), join(modules, 'imagecapture')]);
  for (const dep of ['sharp', 'commander']) symlinkSync(packageDir(dep), join(modules, dep), 'dir');
  // sharp's platform binaries live in sibling @img packages.
  const img = join(packageDir('sharp'), '..', '@img');
  try {
    symlinkSync(resolve(img), join(modules, '@img'), 'dir');
  } catch {
    /* a sharp without @img packages */
  }
  copyFileSync(join(ROOT, 'bench/user-driver.mjs'), join(scratch, 'driver.mjs'));
  return join(modules, 'imagecapture');
}

function runDriver(scratch: string): Promise<Record<string, unknown>> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['driver.mjs'], { cwd: scratch, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`the driver exited with code ${code}`));
      else resolvePromise(JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>);
    });
  });
}

export async function run(): Promise<Record<string, unknown>> {
  const scratch = mkdtempSync(join(tmpdir(), 'imagecapture-bench-user-'));
  try {
    const pkg = install(scratch);
    const api = await runDriver(scratch);
    const cli = await runCli(join(pkg, 'dist/cli/bin.cjs'));
    return {
      package: process.env.BENCH_USER_TARBALL ? resolve(process.env.BENCH_USER_TARBALL) : 'this checkout, packed',
      ...api,
      cli,
      targets: {
        'grabFrame 1080p60 fps': '>= 58',
        'grabFrame 2160p30 fps': '>= 29',
        'grabFrame 1080p30 cpu % of a core': '<= 25',
        'takePhoto / sharp JPEG': '<= 2',
        'CLI 1080p / ffmpeg': '<= 1.5',
        'CLI default (12 MP) / ffmpeg': '<= 1.3',
      },
      floor: {
        'cli.floor_ratio_*':
          'not a target: a Node process that only loads sharp and writes a blank JPEG of the same size, ' +
          'against ffmpeg; no CLI on Node takes less',
        'cli.cli_over_floor_*': 'the CLI against that floor process',
        'cli.node_startup_ms': 'node -e 0',
      },
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await run(), null, 2));
}
