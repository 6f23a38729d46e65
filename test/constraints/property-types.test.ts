/**
 * The settings, capabilities and constraint types (and the camera's view of them) are derived
 * from the property table: types/property-types.check.ts states what each row must produce, and
 * the TypeScript compiler checks it.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const checkFile = fileURLToPath(new URL('./types/property-types.check.ts', import.meta.url));

function compile(file: string): Promise<{ code: number; output: string }> {
  const args = [tsc, '--noEmit', '--strict', '--target', 'ES2022', '--module', 'NodeNext', '--moduleResolution', 'NodeNext'];
  args.push('--lib', 'ES2023,DOM', '--types', 'node', '--skipLibCheck', file);
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: root, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

describe('types derived from the property table', () => {
  it('each row gives its settings, capabilities and constraint members their types', async () => {
    const { code, output } = await compile(checkFile);
    assert.equal(code, 0, output);
  });
});
