#!/usr/bin/env node
/**
 * The `imagecapture` executable. Runs the command line, waits until everything written to stdout
 * and stderr has reached the OS, then exits with the command's code (the camera is already
 * stopped by then, so nothing is left to keep the process alive).
 */
import module from 'node:module';

// Node 22.1 and later keep V8's compiled code of every module between runs (in the OS temp
// directory), which shortens each start; older Nodes have no such cache and skip this. The
// command line is imported afterwards so that its own modules are cached too.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const { main } = await import('./program.js');

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

const code = await main(process.argv.slice(2), undefined, { handleSignals: true });
await Promise.all([flush(process.stdout), flush(process.stderr)]);
process.exit(code);
