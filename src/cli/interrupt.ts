/**
 * Ctrl-C. By default an interrupt releases everything (tracks stopped, temporary files deleted)
 * and exits with 130 at once, so a photo in progress never leaves a partial file. A command that
 * can stop at a clean point (frames: after the current frame) registers a soft handler; a second
 * Ctrl-C then exits at once as well.
 */
import { EXIT_INTERRUPTED } from './errors.js';
import { releaseAll } from './resources.js';

type SoftHandler = () => void;

let soft: SoftHandler | undefined;
let softUsed = false;
let installed = false;
let exitImpl: (code: number) => void = (code) => process.exit(code);

function hardExit(code: number): void {
  releaseAll();
  exitImpl(code);
}

function onSignal(signal: NodeJS.Signals): void {
  if (signal === 'SIGINT' && soft && !softUsed) {
    softUsed = true;
    soft();
    return;
  }
  if (signal === 'SIGINT') process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[K' : ''}imagecapture: interrupted\n`);
  hardExit(signal === 'SIGINT' ? EXIT_INTERRUPTED : 143);
}

/** Installs the SIGINT/SIGTERM handlers (once per process). */
export function installInterruptHandlers(exit?: (code: number) => void): void {
  if (exit) exitImpl = exit;
  if (installed) return;
  installed = true;
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** While registered, the first Ctrl-C calls `handler` instead of exiting. Returns the unregister function. */
export function onSoftInterrupt(handler: SoftHandler): () => void {
  soft = handler;
  softUsed = false;
  return () => {
    if (soft === handler) soft = undefined;
  };
}
