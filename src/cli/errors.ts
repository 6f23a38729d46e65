/**
 * How the `imagecapture` command fails: one line on stderr prefixed `imagecapture: `, exit code 2
 * for usage errors (the person can fix the command line) and 1 for runtime errors (the camera,
 * the encoder or the file system failed). Stack traces only with --verbose.
 */

export const EXIT_RUNTIME = 1;
export const EXIT_USAGE = 2;
/** 128 + SIGINT: stopped by Ctrl-C. */
export const EXIT_INTERRUPTED = 130;

export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** A mistake on the command line: a value, a flag, a device or a file name. Exit code 2. */
export function usageError(message: string): CliError {
  return new CliError(message, EXIT_USAGE);
}

/** Something failed while running: the camera, the encoder, the file system. Exit code 1. */
export function runtimeError(message: string, cause?: unknown): CliError {
  return new CliError(message, EXIT_RUNTIME, cause === undefined ? undefined : { cause });
}

/** Collapses a message onto one line. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function isDomException(err: unknown): err is DOMException {
  return typeof DOMException !== 'undefined' && err instanceof DOMException;
}

/**
 * What to print and which code to exit with for anything thrown. DOMExceptions from the runtime
 * keep their spec name ("NotReadableError: …") so the message matches the API's documentation.
 */
export function describeFailure(err: unknown): { message: string; exitCode: number } {
  if (err instanceof CliError) return { message: oneLine(err.message), exitCode: err.exitCode };
  if (isDomException(err)) {
    const constraint = (err as { constraint?: unknown }).constraint;
    const detail = err.name === 'OverconstrainedError' && typeof constraint === 'string' && constraint && !err.message.includes(constraint)
      ? ` (constraint: ${constraint})`
      : '';
    return { message: oneLine(`${err.name}: ${err.message}${detail}`), exitCode: EXIT_RUNTIME };
  }
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const prefix = typeof code === 'string' ? `${code}: ` : '';
    return { message: oneLine(`${prefix}${err.message}`), exitCode: EXIT_RUNTIME };
  }
  return { message: oneLine(String(err)), exitCode: EXIT_RUNTIME };
}

/** The stack trace (and causes) for --verbose. */
export function verboseDetail(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    if (current instanceof Error || isDomException(current)) {
      parts.push((current as Error).stack ?? String(current));
      current = (current as Error).cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join('\nCaused by: ');
}

/** One-line messages for the file-system errors people meet when writing output. */
export function fileErrorMessage(path: string, err: unknown): string {
  const code = (err as { code?: unknown })?.code;
  switch (code) {
    case 'ENOENT':
      return `cannot write ${path}: the directory does not exist`;
    case 'ENOTDIR':
      return `cannot write ${path}: a parent of it is not a directory`;
    case 'EISDIR':
      return `cannot write ${path}: it is a directory`;
    case 'EACCES':
    case 'EPERM':
      return `cannot write ${path}: permission denied`;
    case 'EROFS':
      return `cannot write ${path}: the file system is read-only`;
    case 'ENOSPC':
      return `cannot write ${path}: no space left on the device`;
    case 'EDQUOT':
      return `cannot write ${path}: disk quota exceeded`;
    default:
      return `cannot write ${path}: ${oneLine((err as Error)?.message ?? String(err))}`;
  }
}
