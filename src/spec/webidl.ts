/**
 * WebIDL argument conversions, done once at the public boundary. Internal code trusts what these
 * return and never validates again.
 *
 * Each converter takes a `ctx` string naming the argument or member ("Failed to execute
 * 'takePhoto' on 'ImageCapture': member imageWidth") so TypeErrors say what was wrong.
 * Getters on dictionaries are read exactly once, in WebIDL's order (lexicographic), and anything
 * they throw propagates unchanged, as WebIDL requires.
 */
import { typeError } from './errors.js';

/** The most items a sequence conversion reads before giving up (guards against endless iterators). */
export const MAX_SEQUENCE_LENGTH = 100_000;

export function isObject(v: unknown): v is object {
  return (typeof v === 'object' && v !== null) || typeof v === 'function';
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'symbol') return 'a symbol';
  if (typeof v === 'function') return 'a function';
  if (Array.isArray(v)) return 'an array';
  return 'an object';
}
export { describe as describeValue };

/** ECMAScript ToNumber as WebIDL uses it (symbols and bigints are TypeErrors). */
function toNumber(v: unknown, ctx: string): number {
  if (typeof v === 'symbol' || typeof v === 'bigint') throw typeError(`${ctx} is ${describe(v)}, which is not a number.`);
  return Number(v);
}

/** WebIDL `double`: finite numbers only. */
export function double(v: unknown, ctx: string): number {
  const n = toNumber(v, ctx);
  if (!Number.isFinite(n)) throw typeError(`${ctx} is ${describe(v)}, which is not a finite number.`);
  return n;
}

/** WebIDL `unrestricted double`. */
export function unrestrictedDouble(v: unknown, ctx: string): number {
  return toNumber(v, ctx);
}

/** WebIDL integer conversion for `unsigned long` / `long long` families, with [Clamp] or [EnforceRange]. */
export function integer(
  v: unknown,
  ctx: string,
  opts: { min: number; max: number; clamp?: boolean; enforceRange?: boolean },
): number {
  let n = toNumber(v, ctx);
  if (opts.enforceRange) {
    if (!Number.isFinite(n)) throw typeError(`${ctx} is ${describe(v)}, which is not a finite number.`);
    n = Math.trunc(n);
    if (n < opts.min || n > opts.max) throw typeError(`${ctx} is ${n}, outside ${opts.min}–${opts.max}.`);
    return n + 0;
  }
  if (opts.clamp) {
    if (Number.isNaN(n)) return 0;
    n = Math.min(Math.max(n, opts.min), opts.max);
    // round half to even
    const f = Math.floor(n);
    const r = n - f;
    n = r > 0.5 ? f + 1 : r < 0.5 ? f : f % 2 === 0 ? f : f + 1;
    return n + 0;
  }
  if (!Number.isFinite(n) || n === 0) return 0;
  n = Math.trunc(n);
  const range = opts.max - opts.min + 1;
  n = ((n % range) + range) % range;
  if (opts.min < 0 && n > opts.max) n -= range;
  return n;
}

export function unsignedLong(v: unknown, ctx: string, opts: { clamp?: boolean; enforceRange?: boolean } = {}): number {
  return integer(v, ctx, { min: 0, max: 4294967295, ...opts });
}

export function unsignedShort(v: unknown, ctx: string, opts: { clamp?: boolean; enforceRange?: boolean } = {}): number {
  return integer(v, ctx, { min: 0, max: 65535, ...opts });
}

export function longLong(v: unknown, ctx: string, opts: { clamp?: boolean; enforceRange?: boolean } = {}): number {
  return integer(v, ctx, { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER, ...opts });
}

/** WebIDL `boolean`: ToBoolean, never throws. */
export function boolean(v: unknown): boolean {
  return Boolean(v);
}

/** WebIDL `DOMString`. */
export function domString(v: unknown, ctx: string): string {
  if (typeof v === 'symbol') throw typeError(`${ctx} is a symbol, which cannot be converted to a string.`);
  return String(v);
}

/** A WebIDL enumeration: a DOMString that must be one of `values`. */
export function enumeration<T extends string>(v: unknown, values: readonly T[], ctx: string, enumName: string): T {
  const s = domString(v, ctx);
  if (!(values as readonly string[]).includes(s)) {
    throw typeError(
      `${ctx} is ${describe(s)}, which is not a valid ${enumName} value; allowed: ${values.map((x) => `"${x}"`).join(', ')}.`,
    );
  }
  return s as T;
}

/**
 * The first step of converting a dictionary: undefined and null become an empty dictionary,
 * other non-objects are TypeErrors. Returns the object to read members from (or undefined).
 */
export function dictionary(v: unknown, ctx: string): object | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw typeError(`${ctx} is ${describe(v)}; a dictionary (object) is required.`);
  return v;
}

/** Reads one dictionary member (running getters once); undefined when absent. */
export function member(dict: object | undefined, key: string): unknown {
  if (dict === undefined) return undefined;
  return (dict as Record<string, unknown>)[key];
}

/** Reads every member of `keys` in WebIDL order (lexicographic), so getter side effects happen in spec order. */
export function members<K extends string>(dict: object | undefined, keys: readonly K[]): Partial<Record<K, unknown>> {
  const out: Partial<Record<K, unknown>> = {};
  if (dict === undefined) return out;
  for (const key of [...keys].sort()) {
    const value = (dict as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** Whether `v` can be converted as a sequence (an object with a callable @@iterator). */
export function isIterableObject(v: unknown): v is Iterable<unknown> {
  if (!isObject(v)) return false;
  const method = (v as { [Symbol.iterator]?: unknown })[Symbol.iterator];
  return method !== undefined && method !== null;
}

/** WebIDL `sequence<T>`. */
export function sequence<T>(v: unknown, ctx: string, item: (x: unknown, ctx: string) => T): T[] {
  if (!isObject(v)) throw typeError(`${ctx} is ${describe(v)}; a sequence (array) is required.`);
  const method = (v as { [Symbol.iterator]?: unknown })[Symbol.iterator];
  if (typeof method !== 'function') throw typeError(`${ctx} is not iterable; a sequence (array) is required.`);
  const iterator = (method as () => Iterator<unknown>).call(v);
  if (!isObject(iterator)) throw typeError(`${ctx}: its iterator is not an object.`);
  const out: T[] = [];
  for (;;) {
    const step = iterator.next();
    if (!isObject(step)) throw typeError(`${ctx}: its iterator returned a non-object.`);
    if (step.done) break;
    if (out.length >= MAX_SEQUENCE_LENGTH) {
      throw typeError(`${ctx} has more than ${MAX_SEQUENCE_LENGTH} items.`);
    }
    out.push(item(step.value, `${ctx}[${out.length}]`));
  }
  return out;
}

/** Brand check helper: a function that says whether `v` is an instance made by our constructor. */
export function requireBrand<T>(v: unknown, has: (v: unknown) => v is T, ctx: string, interfaceName: string): T {
  if (!has(v)) throw typeError(`${ctx} is ${describe(v)}, which is not of type '${interfaceName}'.`);
  return v;
}

/** "Failed to execute 'm' on 'I'" — the prefix of every message from a method call. */
export function methodContext(iface: string, method: string): string {
  return `Failed to execute '${method}' on '${iface}'`;
}
