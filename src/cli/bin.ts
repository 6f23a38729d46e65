#!/usr/bin/env node
/**
 * The `imagecapture` executable. Runs the command line, waits until everything written to stdout
 * and stderr has reached the OS, then exits with the command's code (the camera is already
 * stopped by then, so nothing is left to keep the process alive).
 */
import { main } from './program.js';

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
