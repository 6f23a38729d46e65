/**
 * The command line's compile cache (src/cli/code-cache.ts): whatever is in the cache directory,
 * the program loads and runs; a usable cache is used, anything else is ignored and replaced.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { type CodeCacheStatus, codeCacheDir, trustedDirectory } from '../../src/cli/code-cache.js';
import { tempDir } from './helpers.js';

/** A CommonJS program with enough functions that V8 has something to cache. */
function program(tag: string): string {
  const fns = Array.from({ length: 40 }, (_, i) => `function f${i}(x) { return x * ${i + 1} + ${JSON.stringify(tag)}.length; }`);
  return `${fns.join('\n')}
const path = require('node:path');
exports.total = (x) => ${Array.from({ length: 40 }, (_, i) => `f${i}(x)`).join(' + ')};
exports.base = path.basename(__filename);
exports.tag = ${JSON.stringify(tag)};
`;
}

async function setUp(t: Parameters<typeof tempDir>[0], tag = 'a'): Promise<{ file: string; cache: string; expected: number }> {
  const dir = await tempDir(t);
  const file = join(dir, 'program.cjs');
  writeFileSync(file, program(tag));
  const cache = join(dir, 'cache');
  mkdirSync(cache, { mode: 0o700 });
  chmodSync(cache, 0o700); // whatever the umask
  let expected = 0;
  for (let i = 0; i < 40; i++) expected += 3 * (i + 1) + tag.length;
  return { file, cache, expected };
}

const MODULE = new URL('../../src/cli/code-cache.ts', import.meta.url).href;

interface ChildRun {
  status: CodeCacheStatus;
  file: string | null;
  total: number;
  base: string;
  tag: string;
  saved: boolean;
}

/**
 * Loads `file` through the cache in a new process (V8 also keeps compiled code in memory, so only
 * a new process shows whether the disk cache was used), calls it, then saves the cache.
 */
function run(file: string, cache: string | undefined, name = 'photo', v8Flags: readonly string[] = []): ChildRun {
  const script = `
    const { requireCached } = await import(${JSON.stringify(MODULE)});
    const loaded = requireCached(${JSON.stringify(file)}, ${JSON.stringify(name)}, ${JSON.stringify(cache ?? null)} ?? undefined);
    const total = loaded.exports.total(3);
    const saved = loaded.save();
    const again = loaded.save();
    if (again) throw new Error('saved twice');
    const { base, tag } = loaded.exports;
    console.log(JSON.stringify({ status: loaded.status, file: loaded.file ?? null, total, base, tag, saved }));
  `;
  const args = [...v8Flags, '--import', 'tsx', '--input-type=module', '-e', script];
  const out = execFileSync(process.execPath, args, { encoding: 'utf8', timeout: 30_000 });
  return JSON.parse(out.trim().split('\n').pop()!) as ChildRun;
}

test('the first run compiles and stores the cache; the next run uses it and behaves the same', async (t) => {
  const { file, cache, expected } = await setUp(t);
  const first = run(file, cache);
  assert.equal(first.status, 'miss');
  assert.equal(first.total, expected);
  assert.equal(first.base, 'program.cjs');
  assert.equal(first.saved, true);
  assert.deepEqual(readdirSync(cache), [basename(first.file!)]);
  const second = run(file, cache);
  assert.equal(second.status, 'hit');
  assert.equal(second.total, expected);
  assert.equal(second.base, 'program.cjs');
  assert.equal(second.saved, false, 'a cache that was used is not rewritten');
});

test('each command has its own cache file', async (t) => {
  const { file, cache } = await setUp(t);
  const photo = run(file, cache, 'photo');
  const frames = run(file, cache, 'frames');
  assert.equal(frames.status, 'miss');
  assert.notEqual(frames.file, photo.file);
  assert.equal(run(file, cache, 'photo').status, 'hit');
});

test('runs under other V8 flags keep their own cache file instead of replacing each other\'s', async (t) => {
  const { file, cache, expected } = await setUp(t);
  const plain = run(file, cache);
  const flagged = run(file, cache, 'photo', ['--no-opt']);
  assert.equal(flagged.status, 'miss');
  assert.equal(flagged.total, expected);
  assert.notEqual(flagged.file, plain.file);
  assert.equal(run(file, cache).status, 'hit');
  assert.equal(run(file, cache, 'photo', ['--no-opt']).status, 'hit');
});

test('a corrupt, torn or foreign cache file is ignored, the program still runs, and the file is replaced', async (t) => {
  const { file, cache, expected } = await setUp(t);
  const first = run(file, cache);
  const bytes = readFileSync(first.file!);
  const flipped = Buffer.from(bytes);
  flipped[flipped.length - 10]! ^= 0xff;
  for (const damaged of [flipped, bytes.subarray(0, 30), Buffer.from('not a cache file')]) {
    writeFileSync(first.file!, damaged);
    const r = run(file, cache);
    assert.equal(r.status, 'miss');
    assert.equal(r.total, expected);
    assert.equal(r.saved, true);
    assert.equal(run(file, cache).status, 'hit');
  }
});

test('code V8 rejects (made for another program) falls back to compiling, then is replaced', async (t) => {
  const { file, cache, expected } = await setUp(t, 'a');
  const other = await setUp(t, 'a much longer tag, so the source differs in length');
  const theirs = run(other.file, other.cache);
  const ours = run(file, cache);
  // Their cache, well formed, under our file's name: V8 sees it was made for other source text.
  writeFileSync(ours.file!, readFileSync(theirs.file!));
  const again = run(file, cache);
  assert.equal(again.status, 'rejected');
  assert.equal(again.total, expected);
  assert.equal(again.tag, 'a');
  assert.equal(again.saved, true);
  assert.equal(run(file, cache).status, 'hit');
});

test('a changed program gets another cache file and never runs the old code', async (t) => {
  const { file, cache } = await setUp(t, 'a');
  const before = run(file, cache);
  writeFileSync(file, program('b'));
  const after = run(file, cache);
  assert.equal(after.status, 'miss');
  assert.equal(after.tag, 'b');
  assert.notEqual(after.file, before.file);
});

test('a cache directory that cannot be made only means no cache: the program runs, nothing is saved', async (t) => {
  const { file, expected } = await setUp(t);
  const blocker = join(file, '..', 'a-file');
  writeFileSync(blocker, '');
  const r = run(file, join(blocker, 'cache')); // a directory below a regular file cannot exist
  assert.equal(r.status, 'miss');
  assert.equal(r.total, expected);
  assert.equal(r.saved, false);
});

const AS_ROOT = process.getuid?.() === 0;

const READ_ONLY_SKIP = AS_ROOT ? 'root writes to read-only directories' : false;

test('a read-only cache directory: the program runs, nothing is saved', { skip: READ_ONLY_SKIP }, async (t) => {
  const { file, cache, expected } = await setUp(t);
  chmodSync(cache, 0o500);
  t.after(() => chmodSync(cache, 0o700));
  const r = run(file, cache);
  assert.equal(r.total, expected);
  assert.equal(r.saved, false);
});

const WINDOWS = process.platform === 'win32';

test('compiled code is not read from, nor written to, a directory other users can write to', { skip: WINDOWS }, async (t) => {
  const { file, cache, expected } = await setUp(t);
  run(file, cache);
  assert.equal(trustedDirectory(cache), true);
  chmodSync(cache, 0o777);
  assert.equal(trustedDirectory(cache), false);
  const r = run(file, cache);
  assert.equal(r.status, 'miss', 'the cache file there is not used');
  assert.equal(r.total, expected);
  assert.equal(r.saved, false);
});

test('the cache is off without a directory, and IMAGECAPTURE_CACHE_DIR chooses the directory', async (t) => {
  const { file, expected } = await setUp(t);
  const r = run(file, undefined);
  assert.equal(r.status, 'off');
  assert.equal(r.total, expected);
  assert.equal(r.saved, false);
  assert.equal(codeCacheDir({ IMAGECAPTURE_CACHE_DIR: 'off' }), undefined);
  assert.equal(codeCacheDir({ IMAGECAPTURE_CACHE_DIR: '/some/where' }), '/some/where');
  assert.match(codeCacheDir({})!, /imagecapture-cache-/);
});

test('old cache files beyond a dozen are removed when a new one is written', async (t) => {
  const { file, cache } = await setUp(t);
  for (let i = 0; i < 14; i++) writeFileSync(join(cache, `code-old${i}-0.bin`), 'x');
  writeFileSync(join(cache, 'v2-texture.bin'), 'not a code cache');
  run(file, cache);
  const left = readdirSync(cache);
  assert.equal(left.filter((f) => f.startsWith('code-')).length, 13);
  assert.ok(left.includes('v2-texture.bin'), 'other files are left alone');
});
