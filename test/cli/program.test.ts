/**
 * The command line's parsing and usage errors, run in-process (no camera is opened: each case
 * fails before the runtime is loaded). End-to-end runs of the built bin are in bin-*.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { main } from '../../src/cli/program.js';
import type { Io } from '../../src/cli/context.js';

function capture(stdoutIsTTY = false) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    stdout: { isTTY: stdoutIsTTY, write: (s: string | Uint8Array) => (out.push(String(s)), true) },
    stderr: { isTTY: false, write: (s: string | Uint8Array) => (err.push(String(s)), true) },
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

async function run(args: string[], stdoutIsTTY = false) {
  const c = capture(stdoutIsTTY);
  const code = await main(args, c.io);
  return { code, stdout: c.stdout(), stderr: c.stderr() };
}

/** Asserts a usage failure: the exit code, nothing on stdout, and exactly one prefixed line on stderr. */
async function expectOneLine(args: string[], code: number, message: RegExp, stdoutIsTTY = false): Promise<void> {
  const r = await run(args, stdoutIsTTY);
  assert.equal(r.code, code, `exit code for ${args.join(' ')}: ${r.stderr}`);
  assert.equal(r.stdout, '');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 1, `one line on stderr, got: ${r.stderr}`);
  assert.match(lines[0]!, /^imagecapture: /);
  assert.match(lines[0]!, message);
}

test('--help prints the usage on stdout and exits 0', async () => {
  const r = await run(['--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^Usage: imagecapture \[options\] \[command\]/);
  for (const cmd of ['devices', 'capabilities', 'settings', 'photo', 'frames']) assert.match(r.stdout, new RegExp(`\\n  ${cmd}`));
});

test('photo --help lists generated property flags next to the photo flags', async () => {
  const r = await run(['photo', '--help']);
  assert.equal(r.code, 0);
  for (const flag of [
    '--zoom <number>',
    '--focus-mode <mode>',
    '--torch',
    '--video-width <number>',
    '--width <px>',
    '--fill-light <mode>',
    '--red-eye-reduction',
    '--format <format>',
    '--quality <0-1>',
  ]) {
    assert.ok(r.stdout.includes(flag), `missing ${flag}`);
  }
});

test('--version prints the package version', async () => {
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  const r = await run(['--version']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout.trim(), version);
});

test('no command prints the usage on stderr and exits 2', async () => {
  const r = await run([]);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /Usage: imagecapture/);
});

test('an unknown flag is exit 2 with one line suggesting the right one', async () => {
  await expectOneLine(['photo', '-o', 'x.jpg', '--zom', '2'], 2, /^imagecapture: unknown option '--zom' \(Did you mean --zoom\?\)$/);
});

test('an unknown command is exit 2 with one line', async () => {
  await expectOneLine(['snap'], 2, /unknown command 'snap'/);
  await expectOneLine(['devices', 'extra'], 2, /too many arguments/);
});

test('photo without -o is exit 2', async () => {
  await expectOneLine(['photo'], 2, /required option '-o, --output <file>' not specified/);
});

test('bad values are exit 2 and say what is allowed', async () => {
  await expectOneLine(['photo', '-o', 'x.jpg', '--zoom', 'abc'], 2, /^imagecapture: --zoom abc is not a number$/);
  await expectOneLine(
    ['photo', '-o', 'x.jpg', '--focus-mode', 'auto'],
    2,
    /argument 'auto' is invalid\. Allowed choices are none, manual, single-shot, continuous/,
  );
  await expectOneLine(['photo', '-o', 'x.jpg', '--quality', '80'], 2, /--quality 80 must be a number from 0 to 1 \(for 80% write 0\.8\)/);
  await expectOneLine(['photo', '-o', 'x.jpg', '--width', '0'], 2, /--width 0 must be a whole number of pixels/);
  await expectOneLine(['photo', '-o', 'x.jpg', '--points-of-interest', '2,2'], 2, /outside the frame/);
  await expectOneLine(['photo', '-o', 'x.jpg', '--format', 'gif'], 2, /--format gif is not supported; use jpeg, png or webp/);
});

test('an output name without a known extension and no --format is exit 2', async () => {
  await expectOneLine(['photo', '-o', 'photo.gif'], 2, /cannot tell the image format from the extension "\.gif"/);
  await expectOneLine(['photo', '-o', 'photo'], 2, /it has no extension/);
});

test('photo -o - refuses to write image data to a terminal', async () => {
  await expectOneLine(['photo', '-o', '-'], 2, /refusing to write image data to a terminal/, true);
});

test('an output path in a missing directory is exit 1 before the camera opens', async () => {
  await expectOneLine(
    ['photo', '-o', '/nonexistent-imagecapture-dir/x.jpg'],
    1,
    /^imagecapture: cannot write \/nonexistent-imagecapture-dir\/x\.jpg: the directory does not exist$/,
  );
});

test('frames checks its pattern, count, interval and flags before opening the camera', async () => {
  await expectOneLine(
    ['frames', '-o', 'shot.jpg', '--count', '3'],
    2,
    /-o shot\.jpg has no frame number; with --count 3 use a %d placeholder/,
  );
  await expectOneLine(['frames', '-o', '-'], 2, /frames writes one file per frame/);
  await expectOneLine(['frames', '-o', 'shot-%s.jpg', '--count', '1'], 2, /"%" must start %d/);
  await expectOneLine(['frames', '-o', 's-%d.jpg', '--interval', 'soon'], 2, /--interval soon is not a duration/);
  await expectOneLine(['frames', '-o', 's-%d.jpg', '--count', '0'], 2, /--count 0 must be a whole number/);
  await expectOneLine(
    ['frames', '-o', 's-%d.jpg', '--width', '640'],
    2,
    /--width applies to photos: add --photo, or size grabbed frames with --video-width/,
  );
  await expectOneLine(['frames', '-o', '/nonexistent-imagecapture-dir/s-%d.jpg'], 1, /the directory does not exist/);
});
