/**
 * The one place where exceptions are made. Every DOMException carries the name the spec gives
 * and a message that says what was wrong and what is allowed.
 *
 * The constructors are looked up on the current global each time, so errors belong to the
 * realm the code runs in (suites compare constructors, e.g. `assert_throws_dom`).
 */

export type DOMExceptionName =
  | 'InvalidStateError'
  | 'NotSupportedError'
  | 'UnknownError'
  | 'OperationError'
  | 'NotFoundError'
  | 'NotReadableError'
  | 'NotAllowedError'
  | 'SecurityError'
  | 'AbortError'
  | 'EncodingError'
  | 'DataError'
  | 'InvalidAccessError'
  | 'TimeoutError'
  | 'DataCloneError'
  | 'IndexSizeError';

export function domException(name: DOMExceptionName, message: string): DOMException {
  return new globalThis.DOMException(message, name);
}

export const invalidState = (message: string): DOMException => domException('InvalidStateError', message);
export const notSupported = (message: string): DOMException => domException('NotSupportedError', message);
export const unknownError = (message: string): DOMException => domException('UnknownError', message);
export const operationError = (message: string): DOMException => domException('OperationError', message);
export const notFound = (message: string): DOMException => domException('NotFoundError', message);
export const notReadable = (message: string): DOMException => domException('NotReadableError', message);
export const notAllowed = (message: string): DOMException => domException('NotAllowedError', message);
export const securityError = (message: string): DOMException => domException('SecurityError', message);
export const abortError = (message: string): DOMException => domException('AbortError', message);
export const encodingError = (message: string): DOMException => domException('EncodingError', message);

export function typeError(message: string): TypeError {
  return new globalThis.TypeError(message);
}

export function rangeError(message: string): RangeError {
  return new globalThis.RangeError(message);
}

/**
 * https://w3c.github.io/mediacapture-main/#overconstrainederror-interface: a DOMException named "OverconstrainedError" whose `constraint`
 * names the constraint that could not be satisfied.
 */
export class OverconstrainedError extends DOMException {
  readonly #constraint: string;

  constructor(constraint: string, message = '') {
    if (arguments.length < 1) throw typeError("Failed to construct 'OverconstrainedError': 1 argument required.");
    super(String(message), 'OverconstrainedError');
    this.#constraint = String(constraint);
  }

  get constraint(): string {
    return this.#constraint;
  }

  get [Symbol.toStringTag](): string {
    return 'OverconstrainedError';
  }
}

/**
 * Makes an OverconstrainedError. Where the environment already has one (a browser, or a global
 * installed by the polyfill) that constructor is used, so `instanceof` works against the global;
 * unless it is no DOMException (WebKit's), since the spec makes it one.
 */
export function overconstrained(constraint: string, message: string): DOMException {
  const Native = (globalThis as { OverconstrainedError?: new (c: string, m?: string) => DOMException })
    .OverconstrainedError;
  const Ctor = typeof Native === 'function' && Native.prototype instanceof globalThis.DOMException ? Native : OverconstrainedError;
  return new Ctor(constraint, message);
}

/** Formats a number for messages: integers as they are, others with up to 4 decimals. */
export function fmt(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toFixed(4)));
}

/** "320–4032" for messages about ranges. */
export function fmtRange(range: { min?: number; max?: number }): string {
  return `${range.min === undefined ? '-∞' : fmt(range.min)}–${range.max === undefined ? '∞' : fmt(range.max)}`;
}
