/**
 * Running the built `imagecapture` bin (dist/cli/bin.cjs) from tests. The test command builds dist
 * first; by hand, run `node scripts/ensure-built.mjs` before these suites.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(ROOT, 'dist/cli/bin.cjs');

export function assertBuilt(): void {
  assert.ok(existsSync(BIN), `${BIN} is missing: run \`node scripts/ensure-built.mjs\` (npm test builds it first)`);
}

export interface BinResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
}

/** Longest a single bin run may take before the test fails (the process is killed). */
const RUN_LIMIT_MS = 30_000;

/** Starts the bin; `done` settles when it exits (killed after RUN_LIMIT_MS). */
export function startBin(args: readonly string[], options: { cwd?: string } = {}): { child: ChildProcess; done: Promise<BinResult> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout!.on('data', (b: Buffer) => out.push(b));
  child.stderr!.on('data', (b: Buffer) => err.push(b));
  const limit = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
  const done = new Promise<BinResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(limit);
      resolve({ code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
  return { child, done };
}

export function runBin(args: readonly string[], options: { cwd?: string } = {}): Promise<BinResult> {
  return startBin(args, options).done;
}

/** A fresh temporary directory removed after the test. */
export async function tempDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'imagecapture-bin-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export async function listDir(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

/** Asserts a failed run: its exit code, nothing on stdout, one `imagecapture: ` line on stderr matching `message`. */
export function assertFailure(r: BinResult, code: number, message: RegExp): void {
  assert.equal(r.code, code, `exit code (stderr: ${r.stderr})`);
  assert.equal(r.stdout.length, 0, `stdout should be empty, got: ${r.stdout.toString()}`);
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 1, `one line on stderr, got: ${r.stderr}`);
  assert.match(lines[0]!, /^imagecapture: /);
  assert.match(lines[0]!, message);
}

export function parseJson<T = Record<string, unknown>>(text: string | Buffer): T {
  return JSON.parse(text.toString()) as T;
}
