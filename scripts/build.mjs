// Compiles src/ to dist/ with the TypeScript compiler (JS + declarations) and stamps the result,
// so `ensure-built.mjs` can tell whether the output is older than the sources.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync, existsSync, chmodSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc');
} catch {
  // Installed without dev dependencies: the published dist/ is used as it is.
  if (existsSync(join(root, 'dist'))) process.exit(0);
  console.error('imagecapture: TypeScript is not installed; run `npm ci` first.');
  process.exit(1);
}
rmSync(join(root, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { stdio: 'inherit', cwd: root });
for (const step of ['build-extra.mjs', 'build-testing.mjs', 'build-demo.mjs', 'build-cli.mjs']) {
  const script = join(root, 'scripts', step);
  if (existsSync(script)) execFileSync(process.execPath, [script], { stdio: 'inherit', cwd: root });
}
const bin = join(root, 'dist/cli/bin.cjs');
if (existsSync(bin)) chmodSync(bin, 0o755);
writeFileSync(join(root, 'dist/.built'), new Date().toISOString() + '\n');
