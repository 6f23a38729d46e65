/**
 * `npm run bench`: runs every benchmark module and prints one JSON object. Each module exports
 * `run()` returning its figures; ratios are measured against a baseline in the same run, since
 * absolute times on a shared 2-core machine are noisy.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const modules = [
  'user',
  'virtual',
  'encode',
  'core',
  'breakout',
  'cli',
  'ffmpeg',
  'onvif',
  'browser',
].filter((m) => only.length === 0 || only.includes(m));

const result: Record<string, unknown> = {
  machine: { node: process.version, platform: process.platform, arch: process.arch, cpus: (await import('node:os')).cpus().length },
};
for (const name of modules) {
  const file = join(here, `${name}.ts`);
  if (!existsSync(file)) continue;
  const started = performance.now();
  try {
    const mod = (await import(file)) as { run: () => Promise<Record<string, unknown>> };
    result[name] = await mod.run();
  } catch (err) {
    result[name] = { error: (err as Error)?.stack ?? String(err) };
  }
  process.stderr.write(`[bench] ${name}: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
process.stdout.write(JSON.stringify(result, null, 2) + '\n');
