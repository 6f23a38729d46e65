#!/usr/bin/env node
/**
 * The `imagecapture` executable. Loads the command line (dist/cli/program.cjs) through the compile
 * cache (code-cache.ts), runs it, waits until everything written to stdout and stderr has reached
 * the OS, stores the compiled code for the next run, then exits with the command's code (the
 * camera is already stopped by then, so nothing is left to keep the process alive).
 */
import module from 'node:module';
import { fileURLToPath } from 'node:url';
import { codeCacheDir, requireCached } from './code-cache.js';

// Node 22.1 and later also keep V8's compiled code of the modules their loader reads (sharp,
// the render thread) between runs; older Nodes have no such cache and skip this.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

type Main = typeof import('./program.js').main;

/** The subcommand's name (the first argument that is not an option), which names its cache file. */
function commandName(argv: readonly string[]): string {
  return argv.find((a) => !a.startsWith('-')) ?? 'none';
}

function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) return resolve();
    stream.write('', () => resolve());
  });
}

// A reader that goes away early (`imagecapture devices | head -1`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
}

/** Runs the command, flushes the output, stores the compiled code, then exits with the command's code. */
async function run(): Promise<void> {
  const argv = process.argv.slice(2);
  const program = requireCached(fileURLToPath(new URL('./program.cjs', import.meta.url)), commandName(argv), codeCacheDir());
  const code = await (program.exports.main as Main)(argv, undefined, { handleSignals: true, codeCache: program.status });
  await Promise.all([flush(process.stdout), flush(process.stderr)]);
  program.save();
  process.exit(code);
}

void run();
