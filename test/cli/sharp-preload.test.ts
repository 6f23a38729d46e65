/**
 * Finding the installed sharp for the bundled one (src/cli/sharp-preload.ts). The built program's
 * use of it is tested in bin-startup.test.ts.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { installedSharp, preloadSharp } from '../../src/cli/sharp-preload.js';
import { ROOT, tempDir } from './helpers.js';

test('the installed sharp is the one require("sharp") finds, with its own package version', () => {
  const from = join(ROOT, 'package.json');
  const found = installedSharp(from);
  assert.ok(found);
  assert.equal(found.main, createRequire(from).resolve('sharp'));
  const pkg = JSON.parse(readFileSync(found.packageJson, 'utf8')) as { name: string; version: string };
  assert.equal(pkg.name, 'sharp');
  assert.equal(found.version, pkg.version);
});

test('a sharp nested in node_modules is found with its entry below the package root', async (t) => {
  const dir = await tempDir(t);
  const pkg = join(dir, 'node_modules', 'sharp');
  mkdirSync(join(pkg, 'lib'), { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'sharp', version: '9.9.9', main: 'lib/index.js' }));
  writeFileSync(join(pkg, 'lib', 'index.js'), 'module.exports = 1;\n');
  const file = join(dir, 'x.cjs');
  writeFileSync(file, '');
  assert.deepEqual(installedSharp(file), {
    main: realpathSync(join(pkg, 'lib', 'index.js')),
    packageJson: join(realpathSync(pkg), 'package.json'),
    version: '9.9.9',
  });
});

test('run from the sources, nothing is bundled: sharp is left to its own loader', () => {
  const from = join(ROOT, 'package.json');
  const main = createRequire(from).resolve('sharp');
  const before = createRequire(from).cache[main];
  assert.equal(preloadSharp(from), 'installed');
  assert.equal(createRequire(from).cache[main], before);
});
