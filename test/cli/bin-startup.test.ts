/**
 * How the built command line starts (scripts/build-cli.mjs): its program file through the compile
 * cache, and sharp's bundled JavaScript with the installed sharp's native addon.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { test } from 'node:test';
import { assertBuilt, ROOT, tempDir } from './helpers.js';

const requireHere = createRequire(join(ROOT, 'package.json'));

/** The directory of the package `name` as `from` resolves it (its package.json need not be exported). */
function packageDir(from: NodeJS.Require, name: string): string {
  let dir = dirname(from.resolve(name));
  for (let i = 0; i < 6 && !existsSync(join(dir, 'package.json')); i++) dir = dirname(dir);
  return dir;
}

/** The sharp this checkout has installed. */
const SHARP_DIR = packageDir(requireHere, 'sharp');
const SHARP_VERSION = (JSON.parse(readFileSync(join(SHARP_DIR, 'package.json'), 'utf8')) as { version: string }).version;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runNode(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd, env: { ...process.env, ...env }, timeout: 60_000, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** The package as installed: <dir>/node_modules/imagecapture with package.json and dist/cli/. */
function installCli(dir: string): string {
  const pkg = join(dir, 'node_modules', 'imagecapture');
  mkdirSync(join(pkg, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(pkg, 'package.json'));
  cpSync(join(ROOT, 'dist', 'cli'), join(pkg, 'dist', 'cli'), { recursive: true });
  return join(pkg, 'dist', 'cli', 'bin.cjs');
}

/** Links the real sharp's JavaScript dependencies (not its native packages) into `modules`. */
function linkSharpDependencies(modules: string): void {
  const fromSharp = createRequire(join(SHARP_DIR, 'package.json'));
  for (const dep of ['semver', 'detect-libc', '@img/colour']) {
    const target = packageDir(fromSharp, dep);
    mkdirSync(dirname(join(modules, dep)), { recursive: true });
    symlinkSync(target, join(modules, dep), 'dir');
  }
}

/** The files Node's module loader read from disk in a run (NODE_DEBUG=module). */
function loadedFiles(stderr: string): string[] {
  return [...stderr.matchAll(/^MODULE \d+: load "([^"]+)"/gm)].map((m) => m[1]!);
}

const isJpeg = (file: string): boolean => readFileSync(file).subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]));

test('the program is compiled once per command and then read from the cache; a damaged cache changes nothing', async (t) => {
  assertBuilt();
  const dir = await tempDir(t);
  const cache = join(dir, 'cache');
  const bin = join(ROOT, 'dist/cli/bin.cjs');
  const env = { IMAGECAPTURE_CACHE_DIR: cache };
  const photo = (out: string) => runNode([bin, '--verbose', 'photo', '--width', '640', '--height', '480', '-o', out], dir, env);
  const first = await photo('a.jpg');
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /^imagecapture: code cache: miss$/m);
  const codeFiles = readdirSync(cache).filter((f) => f.startsWith('code-'));
  assert.equal(codeFiles.length, 1);
  assert.match(codeFiles[0]!, /^code-photo-[0-9a-f]{32}\.bin$/);
  const second = await photo('b.jpg');
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stderr, /^imagecapture: code cache: hit$/m);
  assert.ok(isJpeg(join(dir, 'b.jpg')));
  writeFileSync(join(cache, codeFiles[0]!), 'damaged');
  const third = await photo('c.jpg');
  assert.equal(third.code, 0, third.stderr);
  assert.match(third.stderr, /^imagecapture: code cache: miss$/m);
  assert.ok(isJpeg(join(dir, 'c.jpg')));
  assert.ok(readFileSync(join(cache, codeFiles[0]!)).length > 1000, 'the damaged file was replaced');
  const args = [bin, '--verbose', 'photo', '--width', '640', '--height', '480', '-o', 'd.jpg'];
  const off = await runNode(args, dir, { IMAGECAPTURE_CACHE_DIR: 'off' });
  assert.equal(off.code, 0, off.stderr);
  assert.match(off.stderr, /^imagecapture: code cache: off$/m);
  assert.match((await photo('e.jpg')).stderr, /^imagecapture: code cache: hit$/m, 'the replaced file is used');
  assert.ok(isJpeg(join(dir, 'd.jpg')));
});

test('a photo loads sharp from the program file and only its native addon from the installed sharp', async (t) => {
  assertBuilt();
  const dir = await tempDir(t);
  const r = await runNode([join(ROOT, 'dist/cli/bin.cjs'), 'photo', '--width', '640', '--height', '480', '-o', 'a.jpg'], dir, {
    NODE_DEBUG: 'module',
    IMAGECAPTURE_CACHE_DIR: 'off',
  });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(isJpeg(join(dir, 'a.jpg')));
  const files = loadedFiles(r.stderr);
  assert.ok(files.some((f) => f.endsWith('.node')), `the addon is loaded: ${files.join(', ')}`);
  const js = files.filter((f) => f.includes(`${sep}node_modules${sep}`) && !f.endsWith('.node') && !f.includes(join('@img', 'sharp-')));
  assert.deepEqual(js, [], 'no JavaScript of sharp, semver, detect-libc or commander is read from node_modules');
});

test('when the installed sharp is another version, the command line uses it as installed', async (t) => {
  assertBuilt();
  const dir = await tempDir(t);
  const bin = installCli(dir);
  // A sharp of another version whose entry is the real one, loaded through Node's loader.
  const fake = join(dir, 'node_modules', 'sharp');
  mkdirSync(fake, { recursive: true });
  writeFileSync(join(fake, 'package.json'), JSON.stringify({ name: 'sharp', version: `${SHARP_VERSION}-other`, main: 'index.cjs' }));
  writeFileSync(join(fake, 'index.cjs'), `module.exports = require(${JSON.stringify(requireHere.resolve('sharp'))});\n`);
  const r = await runNode([bin, 'photo', '--width', '640', '--height', '480', '-o', 'a.jpg'], dir, {
    NODE_DEBUG: 'module',
    IMAGECAPTURE_CACHE_DIR: 'off',
  });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(isJpeg(join(dir, 'a.jpg')));
  assert.ok(loadedFiles(r.stderr).includes(join(fake, 'index.cjs')), 'the installed sharp is loaded');
});

test('an installed sharp without its native part fails the photo with sharp\'s own explanation', async (t) => {
  assertBuilt();
  const dir = await tempDir(t);
  const bin = installCli(dir);
  // sharp's package (same version) without any @img/sharp-* native package in reach.
  const modules = join(dir, 'node_modules');
  cpSync(join(SHARP_DIR, 'package.json'), join(modules, 'sharp', 'package.json'));
  cpSync(join(SHARP_DIR, 'dist'), join(modules, 'sharp', 'dist'), { recursive: true });
  linkSharpDependencies(modules);
  const r = await runNode([bin, 'photo', '--width', '640', '--height', '480', '-o', 'a.jpg'], dir, { IMAGECAPTURE_CACHE_DIR: 'off' });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /^imagecapture: .*sharp/);
  assert.match(r.stderr, /Could not load the "sharp" module/);
  assert.equal(readdirSync(dir).includes('a.jpg'), false);
});

/** The addon of the installed @img/sharp-<platform> package, when this machine has one. */
function platformAddon(): string | undefined {
  if (process.platform !== 'linux' && process.platform !== 'darwin') return undefined;
  try {
    const dir = join(SHARP_DIR, '..', '@img', `sharp-${process.platform}-${process.arch}`, 'lib');
    const file = readdirSync(dir).find((f) => f.endsWith('.node'));
    return file ? realpathSync(join(dir, file)) : undefined;
  } catch {
    return undefined;
  }
}

test('sharp built from source: the bundled sharp loads the addon from the installed sharp\'s own src/build', async (t) => {
  const addon = platformAddon();
  if (!addon) return t.skip('no @img/sharp-<platform> addon on this machine');
  assertBuilt();
  const dir = await tempDir(t);
  const bin = installCli(dir);
  const modules = join(dir, 'node_modules');
  const sharp = join(modules, 'sharp');
  cpSync(join(SHARP_DIR, 'package.json'), join(sharp, 'package.json'));
  cpSync(join(SHARP_DIR, 'dist'), join(sharp, 'dist'), { recursive: true });
  linkSharpDependencies(modules);
  // Where a source build puts it (a link, so the addon still finds its libvips next to the original).
  const built = join(sharp, 'src', 'build', 'Release', `sharp-${process.platform}-${process.arch}-${SHARP_VERSION}.node`);
  mkdirSync(dirname(built), { recursive: true });
  symlinkSync(addon, built);
  const r = await runNode([bin, 'photo', '--width', '640', '--height', '480', '-o', 'a.jpg'], dir, {
    NODE_DEBUG: 'module',
    IMAGECAPTURE_CACHE_DIR: 'off',
  });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(isJpeg(join(dir, 'a.jpg')));
  const files = loadedFiles(r.stderr);
  assert.ok(files.includes(addon), `the addon is loaded through src/build: ${files.join(', ')}`);
  assert.ok(!files.some((f) => f.startsWith(join(sharp, 'dist'))), 'sharp\'s JavaScript came from the program file');
});
