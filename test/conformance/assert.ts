/**
 * The conformance suite's assertions: small, realm-aware, with messages that say what was expected
 * and what happened. No dependency on node:assert, so cases run in browser pages too.
 */

/** Thrown when an assertion fails. */
export class AssertionFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssertionFailure';
  }
}

/**
 * Thrown by a case that finds, at run time, that the env cannot show the behaviour (e.g. a hook
 * answered "cannot make such a context"). Reported as skipped with the message.
 */
export class CaseSkipped extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'CaseSkipped';
  }
}

/** A short, safe rendering of any value for messages. */
export function describeValue(value: unknown, depth = 0): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'boolean' || typeof value === 'symbol') return String(value);
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  const v = value as { name?: unknown; message?: unknown; constraint?: unknown };
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  if (value instanceof Error || tag === 'DOMException' || tag === 'OverconstrainedError') {
    const constraint = typeof v.constraint === 'string' ? ` (constraint ${JSON.stringify(v.constraint)})` : '';
    return `${tag}{name ${JSON.stringify(String(v.name))}${constraint}: ${String(v.message)}}`;
  }
  if (depth > 3) return Array.isArray(value) ? '[…]' : '{…}';
  if (Array.isArray(value)) return `[${value.map((x) => describeValue(x, depth + 1)).join(', ')}]`;
  if (tag !== 'Object') return `[object ${tag}]`;
  const entries = Object.keys(value).map((k) => `${k}: ${describeValue((value as Record<string, unknown>)[k], depth + 1)}`);
  return `{${entries.join(', ')}}`;
}

function deepEqualValues(a: unknown, b: unknown, path: string, tolerance: number): string | undefined {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Object.is(a, b) || (a === b && a === 0)) return undefined;
    if (tolerance > 0 && Math.abs(a - b) <= tolerance) return undefined;
    return `${path || 'value'}: ${describeValue(a)} !== ${describeValue(b)}`;
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return Object.is(a, b) ? undefined : `${path || 'value'}: ${describeValue(a)} !== ${describeValue(b)}`;
  }
  if (Array.isArray(a) !== Array.isArray(b)) {
    return `${path || 'value'}: one is an array, the other not (${describeValue(a)} vs ${describeValue(b)})`;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path || 'value'}: length ${a.length} !== ${b.length} (${describeValue(a)} vs ${describeValue(b)})`;
    for (let i = 0; i < a.length; i++) {
      const d = deepEqualValues(a[i], b[i], `${path}[${i}]`, tolerance);
      if (d) return d;
    }
    return undefined;
  }
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  const extra = ka.filter((k) => !kb.includes(k));
  const lacking = kb.filter((k) => !ka.includes(k));
  if (extra.length || lacking.length) {
    return `${path || 'value'}: keys differ (${extra.length
      ? `unexpected ${extra.join(', ')}`
      : ''}${extra.length && lacking.length ? '; ' : ''}${lacking.length
      ? `missing ${lacking.join(', ')}`
      : ''})`;
  }
  for (const k of ka) {
    const d = deepEqualValues((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k, tolerance);
    if (d) return d;
  }
  return undefined;
}

type Ctor = abstract new (...args: never[]) => unknown;

/** What a rejection/throw must be: 'TypeError', or the name of a DOMException; a list accepts any of them. */
export type ExpectedError = string | readonly string[];

/** Assertions, bound to the realm of one env. */
export class Assert {
  readonly #TypeError: Ctor;
  readonly #DOMException: Ctor;
  readonly #OverconstrainedError: Ctor | undefined;

  constructor(env: { realm?: { TypeError: Ctor; DOMException: Ctor; OverconstrainedError?: Ctor } }) {
    this.#TypeError = env.realm?.TypeError ?? TypeError;
    this.#DOMException = env.realm?.DOMException ?? DOMException;
    // A realm whose own OverconstrainedError does not extend DOMException (WebKit's): its errors
    // and the package's, made with that constructor so `instanceof` holds, count as the one named.
    const own = env.realm?.OverconstrainedError;
    this.#OverconstrainedError = own && !(own.prototype instanceof this.#DOMException) ? own : undefined;
  }

  fail(message: string): never {
    throw new AssertionFailure(message);
  }

  ok(value: unknown, message: string): void {
    if (!value) this.fail(`${message} (got ${describeValue(value)})`);
  }

  equal(actual: unknown, expected: unknown, message: string): void {
    if (!Object.is(actual, expected) && !(actual === 0 && expected === 0)) {
      this.fail(`${message}: expected ${describeValue(expected)}, got ${describeValue(actual)}`);
    }
  }

  notEqual(actual: unknown, unexpected: unknown, message: string): void {
    if (Object.is(actual, unexpected)) this.fail(`${message}: did not expect ${describeValue(actual)}`);
  }

  /** Structural equality; numbers may differ by `tolerance`. */
  deepEqual(actual: unknown, expected: unknown, message: string, tolerance = 0): void {
    const diff = deepEqualValues(actual, expected, '', tolerance);
    if (diff) this.fail(`${message}: ${diff}\n  actual:   ${describeValue(actual)}\n  expected: ${describeValue(expected)}`);
  }

  close(actual: unknown, expected: number, tolerance: number, message: string): void {
    if (typeof actual !== 'number' || !(Math.abs(actual - expected) <= tolerance)) {
      this.fail(`${message}: expected ${expected} ± ${tolerance}, got ${describeValue(actual)}`);
    }
  }

  /** `min ≤ value ≤ max`. */
  within(value: unknown, min: number, max: number, message: string): void {
    if (typeof value !== 'number' || !(value >= min && value <= max)) {
      this.fail(`${message}: expected a number within [${min}, ${max}], got ${describeValue(value)}`);
    }
  }

  /** Whether `err` is what `expected` names, judged in the env's realm. */
  matches(err: unknown, expected: ExpectedError): boolean {
    if (typeof expected !== 'string') return expected.some((e) => this.matches(err, e));
    if (expected === 'TypeError') return err instanceof this.#TypeError;
    if (expected === 'OverconstrainedError' && this.#OverconstrainedError && err instanceof this.#OverconstrainedError) return true;
    return err instanceof this.#DOMException && (err as { name?: unknown }).name === expected;
  }

  #check(err: unknown, expected: ExpectedError, message: string, how: string): void {
    if (this.matches(err, expected)) return;
    const names = typeof expected === 'string' ? [expected] : expected;
    const what = names.map((n) => (n === 'TypeError' ? 'a TypeError of the realm' : `a DOMException named ${n}`)).join(' or ');
    let detail = describeValue(err);
    const name = typeof err === 'object' && err !== null ? (err as { name?: unknown }).name : undefined;
    if (typeof name === 'string' && names.includes(name)) {
      detail += name === 'TypeError'
        ? " — a TypeError, but not the realm's"
        : " — right name, but not an instance of the realm's DOMException";
    }
    this.fail(`${message}: expected ${how} ${what}, got ${detail}`);
  }

  /**
   * Awaits `action` (a promise, or a function returning one) and checks it rejects with
   * `expected`. A function that throws synchronously fails: promise-returning methods must
   * report errors through the promise (WebIDL).
   */
  async rejects(action: Promise<unknown> | (() => Promise<unknown>), expected: ExpectedError, message: string): Promise<unknown> {
    let promise: Promise<unknown>;
    if (typeof action === 'function') {
      try {
        promise = action();
      } catch (err) {
        this.fail(`${message}: threw ${describeValue(err)} synchronously instead of returning a rejected promise`);
      }
      if (!promise || typeof (promise as { then?: unknown }).then !== 'function') {
        this.fail(`${message}: returned ${describeValue(promise)}, not a promise`);
      }
    } else {
      promise = action;
    }
    let value: unknown;
    try {
      value = await promise;
    } catch (err) {
      this.#check(err, expected, message, 'a rejection with');
      return err;
    }
    const names = typeof expected === 'string' ? expected : expected.join(' or ');
    return this.fail(`${message}: expected a rejection with ${names}, but it resolved with ${describeValue(value)}`);
  }

  /** Like rejects(), for OverconstrainedError naming `constraint`. */
  async rejectsOverconstrained(action: Promise<unknown> | (() => Promise<unknown>), constraint: string, message: string): Promise<void> {
    const err = await this.rejects(action, 'OverconstrainedError', message);
    this.equal((err as { constraint?: unknown }).constraint, constraint, `${message}: OverconstrainedError.constraint`);
  }

  /** Awaits a promise that must resolve; a rejection fails with its description. */
  async resolves<T>(action: Promise<T> | (() => Promise<T>), message: string): Promise<T> {
    try {
      return await (typeof action === 'function' ? action() : action);
    } catch (err) {
      return this.fail(`${message}: expected it to resolve, but it rejected with ${describeValue(err)}`);
    }
  }

  /** Calls `fn` and checks it throws `expected` synchronously. */
  throws(fn: () => unknown, expected: ExpectedError, message: string): unknown {
    let result: unknown;
    try {
      result = fn();
    } catch (err) {
      this.#check(err, expected, message, 'a throw of');
      return err;
    }
    return this.fail(`${message}: expected it to throw ${String(expected)}, but it returned ${describeValue(result)}`);
  }

  /** Calls `fn` and checks it does not throw. */
  doesNotThrow<T>(fn: () => T, message: string): T {
    try {
      return fn();
    } catch (err) {
      return this.fail(`${message}: threw ${describeValue(err)}`);
    }
  }
}
