/**
 * OverconstrainedError and the factory every module uses to make one.
 */
import { typeError } from './errors.js';
import * as webidl from './webidl.js';

let isOverconstrained: (value: unknown) => value is OverconstrainedError;

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
    return webidl.requireBrand(this, OVERCONSTRAINED, 'constraint').#constraint;
  }

  static {
    isOverconstrained = (value): value is OverconstrainedError => typeof value === 'object' && value !== null && #constraint in value;
  }
}

const OVERCONSTRAINED: webidl.Brand<OverconstrainedError> = { name: 'OverconstrainedError', has: (value) => isOverconstrained(value) };

// https://w3c.github.io/mediacapture-main/#overconstrainederror-interface
webidl.defineInterface(OverconstrainedError, 'OverconstrainedError', { length: 1, attributes: ['constraint'] });

/**
 * Makes an OverconstrainedError. Where the environment already has one (a browser, or a global
 * installed by the polyfill) that constructor is used, so `instanceof` works against the global.
 */
export function overconstrained(constraint: string, message: string): DOMException {
  const Native = (globalThis as { OverconstrainedError?: new (c: string, m?: string) => DOMException })
    .OverconstrainedError;
  const Ctor = typeof Native === 'function' ? Native : OverconstrainedError;
  return new Ctor(constraint, message);
}
