/**
 * The published declarations compile, strict and without skipLibCheck, in the projects people
 * have: a Node-only one (no DOM library) and a browser one (DOM library). Each fixture project under
 * test/types/fixtures/ is copied to a temporary directory where `imagecapture` is this package
 * (its dist/), and checked with the package's own TypeScript compiler.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');

function run(file: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [file, ...args], { cwd: root, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

describe('the package declarations compile in fixture projects', { timeout: 300_000 }, () => {
  const dirs: string[] = [];
  before(async () => {
    const built = await run(join(root, 'scripts/ensure-built.mjs'), []);
    assert.equal(built.code, 0, built.output);
  });
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /**
   * A copy of fixture `name` whose node_modules holds this package and, unless `nodeTypes` is
   * false, @types/node (without it, the fixture's tsconfig names no types at all).
   */
  function project(name: string, nodeTypes: boolean): string {
    const dir = mkdtempSync(join(tmpdir(), `imagecapture-types-${name}-`));
    dirs.push(dir);
    cpSync(join(root, 'test/types/fixtures', name), dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `fixture-${name}`, private: true, type: 'module' }));
    mkdirSync(join(dir, 'node_modules/@types'), { recursive: true });
    symlinkSync(root, join(dir, 'node_modules/imagecapture'), 'dir');
    if (nodeTypes) {
      symlinkSync(join(root, 'node_modules/@types/node'), join(dir, 'node_modules/@types/node'), 'dir');
    } else {
      const config = JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
      config.compilerOptions.types = [];
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config));
    }
    return dir;
  }

  for (const [name, nodeTypes, what] of [
    ['node-only', true, 'a Node-only project (lib ES2022, types node): the ponyfill, every entry point, and MDN code over the polyfill'],
    ['dom', true, 'a browser project (lib DOM, types node): the ponyfill over browser tracks, and MDN code over the polyfill'],
    ['dom', false, 'a browser project without @types/node: the ponyfill over browser tracks, and MDN code over the polyfill'],
  ] as const) {
    it(`${what} type-check strict, without skipLibCheck`, async () => {
      const dir = project(name, nodeTypes);
      const { code, output } = await run(tsc, ['-p', join(dir, 'tsconfig.json'), '--pretty', 'false']);
      assert.equal(output.trim(), '', 'tsc reports no error');
      assert.equal(code, 0);
    });
  }
});
